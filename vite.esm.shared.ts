import { isAbsolute } from "node:path";
import type { UserConfig } from "vite";

/**
 * The published ESM build of a package: one `.js` file per source module (Rolldown's
 * `preserveModules`), every bare import left to the app (dependencies, `node:` built-ins).
 * Why not tsup's ESM bundle: it merges modules into chunks, so an app's bundler cannot split
 * what the client loads on first use (chat, the model list, edit inputs; ADR 0010) from what a
 * page needs at start, nor keep the chat validators out of it. tsup still builds the CommonJS
 * files and every declaration file.
 */
export function esmModulesBuild(entry: Record<string, string>): UserConfig {
  return {
    build: {
      outDir: "dist",
      // tsup wrote the CommonJS and declaration files there first.
      emptyOutDir: false,
      minify: false,
      target: "es2022",
      lib: { entry, formats: ["es"] },
      rollupOptions: {
        external: (id) => !id.startsWith(".") && !isAbsolute(id),
        output: {
          preserveModules: true,
          preserveModulesRoot: "src",
          entryFileNames: "[name].js",
          // The declarations carry the doc comments; the code keeps only what tools read.
          comments: { legal: true, annotation: true, jsdoc: false },
        },
      },
    },
  };
}
