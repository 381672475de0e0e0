// The attempt timer as a script meets it, in a child process that ends when nothing is left to
// do: it keeps the process alive while Pictor waits for the gateway (a fetch whose stalled
// promise holds no socket, as msw's `delay("infinite")` or an in-memory fake, still times out),
// and not once the call is over (a minutes-long timeout does not hold a finished script).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
/** tsx's loader, resolved like Node would from here (it is a root dev dependency). */
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const script = fileURLToPath(new URL("../__fixtures__/call-in-a-script.ts", import.meta.url));

/** Runs the script in `mode`; its exit code, output, and how long it took. */
function run(mode: "stalled" | "answered" | "forwarded"): {
  status: number | null;
  stdout: string;
  ms: number;
} {
  const started = Date.now();
  const child = spawnSync(
    process.execPath,
    ["--conditions=@pictor/source", "--import", tsxLoader, script, mode],
    { encoding: "utf8", timeout: 30_000 },
  );
  return { status: child.status, stdout: child.stdout, ms: Date.now() - started };
}

describe("a script's one call", () => {
  it("rejects with APITimeoutError when the fetch stalls without a socket, instead of the process exiting mid-call", () => {
    const { status, stdout } = run("stalled");

    expect(stdout.trim()).toBe("APITimeoutError");
    expect(status).toBe(0);
  }, 40_000);

  it("once answered, lets the process end though its timeout is minutes away", () => {
    const { status, stdout, ms } = run("answered");

    expect(stdout.trim()).toBe("generated 1");
    expect(status).toBe(0);
    // The default timeout is 10 minutes: the process ends long before it.
    expect(ms).toBeLessThan(25_000);
  }, 40_000);

  it("lets the process end once a stream's toReadableStream() is handed on unread, though its body sends nothing", () => {
    const { status, stdout, ms } = run("forwarded");

    expect(stdout.trim()).toBe("forwarded");
    expect(status).toBe(0);
    // Waiting for the gateway's data is the reader's, once one reads: the 10 minutes do not hold.
    expect(ms).toBeLessThan(25_000);
  }, 40_000);
});
