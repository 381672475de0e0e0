import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "es2022",
  // Every export is a hook or needs React state: Next.js and other RSC bundlers must treat the
  // whole package as client code. Added after bundling, where esbuild cannot drop the directive.
  banner: { js: '"use client";' },
  // React stays a peer (tsup externalizes peers and dependencies): one React in the app.
  external: ["react", "react/jsx-runtime"],
});
