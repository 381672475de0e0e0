import { defineConfig } from "tsup";

const entry = { index: "src/index.ts", "node/index": "src/node/index.ts" };

// The ESM JavaScript is built by Vite, one file per module (vite.esm.config.ts); tsup builds the
// CommonJS files and the declarations of both. `dist/` is emptied by the build script first.
export default defineConfig([
  {
    entry,
    format: ["cjs"],
    dts: true,
    sourcemap: false,
    treeshake: true,
    // Else esbuild's lazy-init wrappers leave the exported classes without a `name`.
    keepNames: true,
    target: "es2022",
  },
  { entry, format: ["esm"], dts: { only: true } },
]);
