import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "msw/index": "src/msw/index.ts",
    "node/index": "src/node/index.ts",
    "bin/pictor-mock": "src/bin/pictor-mock.ts",
  },
  format: ["esm", "cjs"],
  dts: { entry: ["src/index.ts", "src/msw/index.ts", "src/node/index.ts"] },
  sourcemap: false,
  clean: true,
  treeshake: true,
  target: "es2022",
});
