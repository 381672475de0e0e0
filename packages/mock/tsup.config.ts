import { defineConfig } from "tsup";

const library = {
  index: "src/index.ts",
  "msw/index": "src/msw/index.ts",
  "node/index": "src/node/index.ts",
};
const shared = { sourcemap: false, treeshake: true, target: "es2022" } as const;

export default defineConfig([
  // ESM: the library and the bin share chunks. The bin is an executable, not an import, so it
  // is not built as CommonJS (the package is "type": "module").
  {
    ...shared,
    entry: { ...library, "bin/pictor-mock": "src/bin/pictor-mock.ts" },
    format: ["esm"],
    dts: { entry: library },
    clean: true,
  },
  // CommonJS shares chunks too: without splitting, `/node` (which loads the gateway when none is
  // given) carried a second copy of the whole gateway beside the main entry's.
  { ...shared, entry: library, format: ["cjs"], splitting: true, dts: { entry: library } },
]);
