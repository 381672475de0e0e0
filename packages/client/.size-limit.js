// size-limit: the browser bundle of a program that generates one image (issue #4, Performance),
// the program `src/bundle-size.test.ts` and `bench/client/bundle.ts` measure. Run from this
// folder with `size-limit` (@size-limit/preset-small-lib: esbuild, minified, then gzip).
// Run by the test command (`pnpm run ci` → turbo `size`). The limit is a regression budget just
// above today's 34.2 kB (lean validators, no zod, openapi-fetch only behind `rawClient`); the
// issue's target, 15 kB, is not met yet. One file holds the code loaded on first use (chat, the
// model list, edit inputs: ADR 0010) too; what a Vite app's page loads at start (23.54 kB) is
// measured by `src/bundle-size.test.ts`.
import { fileURLToPath } from "node:url";

const program = `import { Pictor } from "@pictor/client";
new Pictor({ baseURL: "/api" }).images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" });
`;

export default [
  {
    name: "browser: generate one image (request validation + catalog)",
    // size-limit wants a file to start from; the bundle's entry is the program below instead.
    path: "src/index.ts",
    limit: "39.03 kB",
    gzip: true,
    modifyEsbuildConfig: (config) => ({
      ...config,
      entryPoints: undefined,
      // Resolved from this package (it imports itself by name), workspace packages from their
      // TypeScript sources, so no `dist/` build is needed.
      stdin: {
        contents: program,
        resolveDir: fileURLToPath(new URL(".", import.meta.url)),
        loader: "ts",
      },
      platform: "browser",
      format: "esm",
      conditions: ["@pictor/source"],
    }),
  },
];
