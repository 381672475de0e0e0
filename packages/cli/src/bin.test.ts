import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listDir, useTempDir } from "./__fixtures__/files";
import { imageCalls, startGatewayServer, testKey } from "./__fixtures__/gateway-server";
import {
  gcPressure,
  longOutput,
  type PictorResult,
  type RunningPictor,
  type RunOptions,
  startPictor,
  stuckSaving,
  terminalStderr,
  waitUntil,
} from "./__fixtures__/run-pictor";

// Ctrl-C while a request runs: the bin stops the request, leaves no file and exits 130.

/** Starts a generation the gateway takes 10 s to answer, interrupts it once the gateway has it, and checks the aftermath. */
async function interruptSlowGeneration(
  options: Pick<RunOptions, "nodeArgs"> = {},
  stop: { signal: NodeJS.Signals; code: number } = { signal: "SIGINT", code: 130 },
) {
  const server = await startGatewayServer({ latencyMs: 10_000 });
  const dir = await useTempDir();
  const pictor = startPictor(["generate", "a slow painting", "--image-size", "1K", "-o", dir], {
    ...options,
    env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
  });
  await waitUntil(
    () => imageCalls(server.gateway).length > 0 || pictor.child.exitCode !== null,
    "the gateway to receive the request",
  );
  expect(pictor.child.exitCode, pictor.stderr()).toBeNull();
  await pictor.waitForOutput(/Waiting for /, { stream: "stderr" });

  const interrupted = Date.now();
  pictor.child.kill(stop.signal);
  const { code, signal, stdout, stderr } = await pictor.finished();
  const seconds = (Date.now() - interrupted) / 1000;

  expect({ code, signal }).toEqual({ code: stop.code, signal: null });
  // The gateway would answer after 10 s: exiting well before means the request was stopped.
  expect(seconds, stderr).toBeLessThan(3);
  expect(stdout).toBe("");
  expect(stderr).toMatch(/cancelled/);
  expect(stderr).not.toMatch(/^\s+at /m);
  // No image, and no `*.partial` left behind.
  expect(await listDir(dir)).toEqual([]);
  // Only the one request was made: an abort is not retried.
  expect(imageCalls(server.gateway)).toHaveLength(1);
}

describe("pictor interrupted by a signal", { timeout: 30_000 }, () => {
  it("during a slow generation exits 130 promptly and leaves no file, partial or not", async () => {
    await interruptSlowGeneration();
  });

  it("still stops the request promptly when garbage is collected while it waits", async () => {
    await interruptSlowGeneration({ nodeArgs: gcPressure });
  });

  it("SIGTERM (a process manager's stop) cleans up the same way and exits 143, as shells expect", async () => {
    await interruptSlowGeneration({}, { signal: "SIGTERM", code: 143 });
  });
});

describe("pictor whose stdout reader stopped reading (`pictor … | sleep 100`)", {
  timeout: 30_000,
}, () => {
  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)(
    "a first %s while its output waits to get out exits %i at once",
    async (stop, expected) => {
      // The run ends at once (-n 0 is refused), its output stuck behind 1 MiB nobody reads.
      const pictor = startPictor(["generate", "a fox", "--local", "-n", "0"], {
        nodeArgs: longOutput,
      });
      pictor.child.stdout.pause();
      // Written as the run ends: from here the bin only waits for its output to get out.
      await pictor.waitForOutput(/nothing was sent/, { stream: "stderr" });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pictor.child.exitCode, pictor.stderr()).toBeNull();

      const interrupted = Date.now();
      pictor.child.kill(stop);
      const { code, signal } = await pictor.finished(5_000);

      expect({ code, signal }).toEqual({ code: expected, signal: null });
      expect((Date.now() - interrupted) / 1000).toBeLessThan(3);
    },
  );
});

describe("pictor whose stdout reader exits before reading it (`pictor models --json | head -c 100`)", {
  timeout: 30_000,
}, () => {
  it("exits with the run's code and no stack trace about EPIPE", async () => {
    const pictor = startPictor(["models", "--json"]);
    // The reading end closed before the catalog (tens of kB) is written: every write fails.
    pictor.child.stdout.destroy();
    const { code, signal, stderr } = await pictor.finished();
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stderr).toBe("");
  });
});

/** What a terminal gets to hide and to show the cursor (the spinner hides it while it runs). */
const hideCursor = "\u001b[?25l";
const showCursor = "\u001b[?25h";

/**
 * Sends SIGINT every 200 ms until the process exits: the first lets the paid images save, the
 * second forces the exit (two sent at once could reach the process as one).
 */
async function interruptUntilExit(pictor: RunningPictor): Promise<PictorResult> {
  for (let sent = 0; sent < 10 && pictor.child.exitCode === null; sent++) {
    pictor.child.kill("SIGINT");
    await Promise.race([pictor.exited, new Promise((resolve) => setTimeout(resolve, 200))]);
  }
  return pictor.finished();
}

describe("pictor on a terminal, interrupted twice", { timeout: 30_000 }, () => {
  it("a second Ctrl-C while saving exits 130 at once and shows the cursor the spinner hid", async () => {
    const dir = await useTempDir();
    const pictor = startPictor(["generate", "a fox", "--local", "-o", dir], {
      nodeArgs: [...terminalStderr, ...stuckSaving],
    });
    await pictor.waitForOutput(/Saving 1 image/, { stream: "stderr" });

    const { code, signal, stderr } = await interruptUntilExit(pictor);

    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(stderr).toContain(hideCursor);
    // The last word on the cursor shows it: the shell gets its cursor back.
    expect(stderr.lastIndexOf(showCursor)).toBeGreaterThan(stderr.lastIndexOf(hideCursor));
  });
});

describe("pictor interrupted twice while saving", { timeout: 30_000 }, () => {
  it("exits 130 at once and leaves no hidden .partial file in the folder", async () => {
    const dir = await useTempDir();
    // Linking the written file into place never finishes: the temporary file is on disk.
    const pictor = startPictor(["generate", "a fox", "--local", "-o", dir], {
      nodeArgs: stuckSaving,
    });
    await pictor.waitForOutput(/Saving 1 image/, { stream: "stderr" });
    await waitUntil(
      () => readdirSync(dir).some((name) => name.endsWith(".partial")),
      "the image to be written under its temporary name",
    );

    const { code, signal, stderr } = await interruptUntilExit(pictor);

    expect({ code, signal }, stderr).toEqual({ code: 130, signal: null });
    expect(await listDir(dir)).toEqual([]);
  });
});
