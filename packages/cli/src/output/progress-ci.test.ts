import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useTempDir } from "../__fixtures__/files";
import { startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { runCli } from "../run-cli";

// A terminal in CI (docker run -t, a CI runner with a pseudo-terminal) or TERM=dumb (Emacs'
// shell): yocto-spinner does not animate there, it prints every redraw as a new line.

/** A stream that says it is a terminal, recording what is written to it. */
function fakeTerminal() {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    }),
    {
      isTTY: true,
      columns: 80,
      cursorTo: () => true,
      moveCursor: () => true,
      clearLine: () => true,
    },
  );
  return { stream, text: () => chunks.join("") };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each([
  ["CI=true", { CI: "true" }],
  ["TERM=dumb", { TERM: "dumb" }],
])("progress on a terminal with %s", { timeout: 30_000 }, (_name, env) => {
  it("is a few plain lines, not a spinner frame every 250 ms", async () => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const server = await startGatewayServer({ latencyMs: 1_500 });
    const dir = await useTempDir();
    const stderr = fakeTerminal();
    const stdout = fakeTerminal();
    const code = await runCli(["generate", "a slow fox", "-o", dir], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey, ...env },
      signal: new AbortController().signal,
    });
    expect(code, stderr.text()).toBe(0);
    const lines = stderr.text().trimEnd().split("\n");
    // One line per phase (waiting, saving), as in any other log.
    expect(lines.length, stderr.text()).toBeLessThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^pictor: .+ \(\d+\.\d s\)$/);
  });
});
