import { afterEach, describe, expect, it, vi } from "vitest";
import { captureStream } from "../__fixtures__/capture-stream";
import { listDir, useTempDir } from "../__fixtures__/files";
import { startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { runCli } from "../run-cli";

// What `generate` says of a model the gateway is retiring or has retired, and what
// `pictor models` says of it, on a given day. alibaba/qwen-image-plus is labelled legacy and
// deactivated on 2026-10-10 in the catalog.

async function run(argv: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runCli(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The day of the run: only `Date` is faked, so timers and I/O run as they do. */
function today(date: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(`${date}T12:00:00Z`));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a model the gateway is retiring", () => {
  it("generate notes the date it stops being served, before the call; models shows it in the status", async () => {
    today("2026-09-01");
    const dir = await useTempDir();
    const { code, stdout, stderr } = await run([
      "generate",
      "a cat",
      "--local",
      "-m",
      "alibaba/qwen-image-plus",
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(
      "pictor: note: alibaba/qwen-image-plus is legacy: the gateway stops serving it on 2026-10-10, per Pictor's catalog; `pictor models` lists the current ones\n",
    );
    expect(stdout).not.toContain("deactivated");
    expect(await listDir(dir)).toEqual(["a-cat-1.png"]);

    const models = await run(["models", "--provider", "alibaba"]);
    const row = models.stdout
      .split("\n")
      .find((line) => line.startsWith("alibaba/qwen-image-plus "));
    expect(row).toMatch(/\slegacy, until 2026-10-10$/);
  });

  it("the default model, a legacy id still served with no date, gets no note", async () => {
    today("2026-11-27");
    const dir = await useTempDir();
    const { code, stderr } = await run(["generate", "a cat", "--local", "-o", dir]);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain("note:");
  });
});

describe("a model past its deactivation date", () => {
  it("a gateway that still serves it: the client's note says so once, and no note of the CLI's repeats it", async () => {
    today("2026-11-27");
    // A gateway whose clock is before the date, so it still serves the model.
    const server = await startGatewayServer({ now: () => Date.parse("2026-09-01T00:00:00Z") });
    const dir = await useTempDir();
    const { code, stdout, stderr } = await run([
      "generate",
      "a cat",
      "-m",
      "alibaba/qwen-image-plus",
      "--api-key",
      testKey,
      "--base-url",
      server.url,
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);
    // In the command line's terms: the client's advice names pictor.models.list().
    expect(stdout).toContain(
      "  note: alibaba/qwen-image-plus was deactivated on 2026-10-10 according to Pictor's catalog; the gateway will likely refuse it: `pictor models` lists the current ones\n",
    );
    expect(`${stdout}${stderr}`.match(/deactivated|stops serving/g)).toHaveLength(1);
  });

  it("the local gateway refuses it, saying it was deactivated", async () => {
    today("2026-11-27");
    const dir = await useTempDir();
    const { code, stderr } = await run([
      "generate",
      "a cat",
      "--local",
      "-m",
      "alibaba/qwen-image-plus",
      "-o",
      dir,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("Model alibaba/qwen-image-plus was deactivated on 2026-10-10.");
    expect(stderr).not.toContain("pictor: note:");
    expect(await listDir(dir)).toEqual([]);
  });
});
