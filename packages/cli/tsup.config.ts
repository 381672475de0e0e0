import { defineConfig } from "tsup";

// ESM only: the CLI is an executable, and yocto-spinner is ESM-only.
export default defineConfig({
  entry: { bin: "src/bin.ts", index: "src/index.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: false,
  clean: true,
  target: "node20",
});
