#!/usr/bin/env node
import { runCli } from "./run-cli";

const controller = new AbortController();
/** Exit codes by signal, as shells report them (128 + the signal's number). */
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
let received: keyof typeof signalExitCodes | undefined;
let interrupts = 0;
/** Set once the run is over and only its output is left to get out. */
let draining = false;
const onSignal = (signal: keyof typeof signalExitCodes) => {
  received ??= signal;
  // First Ctrl-C stops requests and cleans up; a second one forces the exit. Once the run is
  // over there is nothing left to clean up: a reader that stopped reading (`| sleep 100`) must
  // not hold a process manager's SIGTERM until it sends SIGKILL.
  if (++interrupts > 1 || draining) process.exit(signalExitCodes[received]);
  controller.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// A reader that exits before reading all (`pictor models --json | head -c 100`) closes the pipe:
// what is left has nowhere to go, which is no failure of the run. Unhandled, the EPIPE would end
// the process with a stack trace (exit 1) in the middle of saving paid images.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // A getter: Node opens stdin on first access, and only `-` needs it.
  get stdin() {
    return process.stdin;
  },
  signal: controller.signal,
});
// Writes to a pipe are asynchronous on macOS and Windows: exiting at once could cut a long
// output (`pictor models --json | jq`). A write's callback runs once those before it are out.
draining = true;
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise((resolve) => stream.write("", () => resolve(undefined))),
  ),
);
// An interrupted run exits with its signal's code: 143 after SIGTERM (a process manager's stop).
process.exit(code === signalExitCodes.SIGINT && received ? signalExitCodes[received] : code);
