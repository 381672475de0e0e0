import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { captureStream } from "../__fixtures__/capture-stream";
import { encodeTestPng, listDir, useTempDir } from "../__fixtures__/files";
import { imageCalls, startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { runPictor, stackFrame } from "../__fixtures__/run-pictor";
import { exitCodes, runCli } from "../run-cli";

// `-` for the prompt reads it from stdin, as Unix tools read a file named `-`.

describe("a prompt given as - is read from stdin", { timeout: 30_000 }, () => {
  it("pictor generate - sends what was piped in, without the newline echo adds", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "-", "--image-size", "1K", "-o", dir],
      {
        input: "A red fox\nin the snow\n",
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
      },
    );
    expect(code, stderr).toBe(0);
    expect(imageCalls(server.gateway).map((call) => call.body)).toMatchObject([
      { prompt: "A red fox\nin the snow" },
    ]);
    expect(await listDir(dir)).toEqual(["a-red-fox-in-the-snow-1.png"]);
    expect(stdout).toContain(join(dir, "a-red-fox-in-the-snow-1.png"));
  });

  it("pictor edit --prompt - reads the edit's prompt from stdin", async () => {
    const dir = await useTempDir();
    const input = join(dir, "photo.png");
    await writeFile(input, encodeTestPng(64, 48));
    const out = join(dir, "out");
    const { code, stderr } = await runPictor(
      ["edit", input, "--prompt", "-", "--local", "-o", out],
      { input: "as a watercolor\n" },
    );
    expect(code, stderr).toBe(0);
    expect(await listDir(out)).toEqual(["as-a-watercolor-1.png"]);
  });

  it("an empty stdin exits 2 saying how to give the prompt, and sends nothing", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(["generate", "-", "-o", dir], {
      input: " \n\n",
      env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("The prompt read from stdin is empty");
    expect(stderr).toContain('echo "A red fox" | pictor generate -');
    expect(stderr).not.toMatch(stackFrame);
    expect(server.gateway.calls).toEqual([]);
    expect(await listDir(dir)).toEqual([]);
  });

  it("--help says that - reads the prompt from stdin", async () => {
    const { code, stdout } = await runPictor(["generate", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/prompt +what to draw, or - to read it from stdin/);
  });

  it("runCli without a stdin refuses - with exit 2 rather than sending it as the prompt", async () => {
    const dir = await useTempDir();
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runCli(["generate", "-", "--local", "-o", dir], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {},
      signal: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(stderr.text()).toContain("pictor generate - reads the prompt from stdin");
    expect(await listDir(dir)).toEqual([]);
  });

  it.each([
    ["AbortSignal.timeout (the README's example)", () => AbortSignal.timeout(50)],
    [
      "abort(reason)",
      () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error("the deploy moved on")), 50);
        return controller.signal;
      },
    ],
  ])(
    "runCli stopped by %s while waiting for stdin is cancelled (130), not a failure",
    async (_how, signal) => {
      const dir = await useTempDir();
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await runCli(["generate", "-", "--local", "-o", dir], {
        stdout: stdout.stream,
        stderr: stderr.stream,
        env: {},
        // A pipe whose writer never finishes: the prompt is still awaited when the signal aborts.
        stdin: new PassThrough(),
        signal: signal(),
      });
      expect(code).toBe(exitCodes.interrupted);
      expect(stderr.text()).toBe("pictor: cancelled; no file was written.\n");
      expect(await listDir(dir)).toEqual([]);
    },
  );
});
