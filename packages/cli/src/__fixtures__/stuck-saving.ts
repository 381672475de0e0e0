/**
 * Preloaded into a CLI child process (`nodeArgs: stuckSaving`): linking a saved image into place
 * never finishes, as on a hung network drive. The images are paid for by then, so the first
 * Ctrl-C lets saving go on; only a second one ends the process.
 */
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

fs.link = () => new Promise<void>(() => {});
syncBuiltinESMExports();
