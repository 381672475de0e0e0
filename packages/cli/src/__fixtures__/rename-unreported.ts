/**
 * Preloaded into a CLI child process (`nodeArgs: renameUnreported`): a rename is carried out but
 * never reported back, as on a network share that hangs after doing it. With `noHardLinks`, the
 * image is then in place under its name while saving still waits for the rename.
 */
import { renameSync } from "node:fs";
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

// A hung system call keeps the process alive (its request stays open in libuv); a bare pending
// promise would not, and the process would end on its own before any Ctrl-C.
fs.rename = (oldPath, newPath) => {
  renameSync(oldPath, newPath);
  return new Promise<void>(() => {
    setInterval(() => {}, 60_000);
  });
};
syncBuiltinESMExports();
