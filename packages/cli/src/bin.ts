#!/usr/bin/env node
import { runCli } from "./run-cli";

const controller = new AbortController();
/** Exit codes by signal, as shells report them (128 + the signal's number). */
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
let received: keyof typeof signalExitCodes | undefined;
let interrupts = 0;
const onSignal = (signal: keyof typeof signalExitCodes) => {
  received ??= signal;
  // First Ctrl-C stops requests and cleans up; a second one forces the exit.
  if (++interrupts > 1) process.exit(signalExitCodes[received]);
  controller.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

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
// An interrupted run exits with its signal's code: 143 after SIGTERM (a process manager's stop).
process.exit(code === signalExitCodes.SIGINT && received ? signalExitCodes[received] : code);
