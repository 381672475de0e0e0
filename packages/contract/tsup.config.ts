import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/openapi.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
  target: "es2022",
});
