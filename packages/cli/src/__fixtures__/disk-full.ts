/**
 * Preloaded into a CLI child process (`nodeArgs: diskFull`): the disk is full after the first
 * file, so writing any later one fails with ENOSPC, as when a run of several images fills it.
 */
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

const write = fs.writeFile;
let written = 0;
fs.writeFile = (...args: Parameters<typeof write>) => {
  if (written++ === 0) return write(...args);
  const error = Object.assign(new Error("ENOSPC: no space left on device, write"), {
    code: "ENOSPC",
    syscall: "write",
  });
  return Promise.reject(error);
};
syncBuiltinESMExports();
