#!/usr/bin/env node
import { runCli } from "./run-cli";

const controller = new AbortController();
let interrupts = 0;
const onSignal = () => {
  // First Ctrl-C stops requests and cleans up; a second one forces the exit.
  if (++interrupts > 1) process.exit(130);
  controller.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.exit(code);
