import { defineConfig } from "tsup";

// ESM only, like the AI SDK itself (ai@7 and @ai-sdk/* ship no CommonJS); see ADR 0005.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
  target: "es2022",
});
