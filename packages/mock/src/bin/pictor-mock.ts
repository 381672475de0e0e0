#!/usr/bin/env node
/**
 * `pictor-mock [--port N] [--host H] [--help]`: serves the mock LLM Gateway over HTTP until
 * SIGINT/SIGTERM. The logic is in `run-pictor-mock.ts`; this file only wires the process.
 */
import { runPictorMock } from "./run-pictor-mock";

const stop = new AbortController();
// `once`: a second Ctrl+C gets Node's default handling and kills the process at once.
process.once("SIGINT", () => stop.abort());
process.once("SIGTERM", () => stop.abort());

// No top-level await: tsup also builds this entry as CommonJS.
runPictorMock(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: stop.signal,
}).then(
  // Exit explicitly: a gateway timer (e.g. injected latency) must not keep a stopped server alive.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `pictor-mock: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
