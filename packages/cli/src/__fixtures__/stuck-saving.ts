/**
 * Preloaded into a CLI child process (`nodeArgs: stuckSaving`): linking a saved image into place
 * never finishes, as on a hung network drive. The images are paid for by then, so the first
 * Ctrl-C lets saving go on; only a second one ends the process.
 */
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

// A hung system call keeps the process alive (its request stays open in libuv); a bare pending
// promise would not, and the process would end on its own before any Ctrl-C.
fs.link = () =>
  new Promise<void>(() => {
    setInterval(() => {}, 60_000);
  });
syncBuiltinESMExports();
