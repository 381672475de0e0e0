import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Preloaded into a CLI child process to write, as it exits, the files of every CommonJS module it
 * loaded (undici is one: an `import()` of it goes through this cache) to the file named by
 * PICTOR_TEST_LOADED_MODULES. A module the run never imported is not in the list, whatever the
 * timing.
 */
const file = process.env.PICTOR_TEST_LOADED_MODULES;
if (!file) throw new Error("loaded-modules.ts needs PICTOR_TEST_LOADED_MODULES");
const { cache } = createRequire(import.meta.url);
process.on("exit", () => writeFileSync(file, JSON.stringify(Object.keys(cache))));
