/**
 * Preloaded into a CLI child process (`nodeArgs: noHardLinks`): the folder's filesystem has no
 * hard links, as FAT32 and exFAT (USB sticks, SD cards) and many network shares: `link` fails
 * with EPERM, as Linux's vfat answers it.
 */
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

fs.link = (existingPath, newPath) =>
  Promise.reject(
    Object.assign(
      new Error(`EPERM: operation not permitted, link '${existingPath}' -> '${newPath}'`),
      { code: "EPERM", syscall: "link" },
    ),
  );
syncBuiltinESMExports();
