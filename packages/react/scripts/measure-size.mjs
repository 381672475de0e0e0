#!/usr/bin/env node
import { fileURLToPath } from "node:url";
// What @pictor/react adds to a browser bundle that already has @pictor/client: bundles an entry
// with the client alone and one with the client plus every export of @pictor/react, minified
// and gzipped like a production build, and fails above the budget (issue 7: 3 kB gzipped; 3.5 kB
// since useModels shares one list between components, as TanStack Query's cache does; 3.625 kB
// since PictorProvider reads inline `fetch`/`onRetry` when called instead of rebuilding its client;
// 3.6875 kB since it passes `fetchOptions` on and refuses client options given as props;
// 3.71875 KiB since it refuses `client` and `options` given together; 3.78125 KiB since it
// compares options objects by identity, hands options over at commit and refuses a signal in
// requestOptions; 3.84375 KiB since useModels refuses one too, for each picker of a shared list;
// 3.875 KiB since it refuses one even when a cached list needs no request, and a throwing
// listener no longer stops the other listeners and a request halfway).
// React itself is external to both: the app pays for it whether or not it uses Pictor.
//
// Usage: node packages/react/scripts/measure-size.mjs [--json]
// Resolves workspace packages to their sources (the `@pictor/source` condition), so it needs no
// build and measures the code as it is now.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const budgetBytes = 3.875 * 1024;
const packageDir = fileURLToPath(new URL("..", import.meta.url));

const entries = {
  client: 'export { Pictor } from "@pictor/client";',
  // The budget applies to this one: everything @pictor/react exports.
  "client + react": 'export { Pictor } from "@pictor/client";\nexport * from "./src/index.ts";',
  // For reference: a page with one hook, as tree shaking leaves it.
  "client + 1 hook":
    'export { Pictor } from "@pictor/client";\nexport { PictorProvider, useGenerateImage } from "./src/index.ts";',
};

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, sourcefile: "entry.ts", loader: "ts" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@pictor/source"],
    external: ["react", "react-dom", "react/jsx-runtime"],
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

const sizes = {};
for (const [name, contents] of Object.entries(entries)) sizes[name] = await measure(contents);
const added = sizes["client + react"].gzipped - sizes.client.gzipped;
const withinBudget = added <= budgetBytes;

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ sizes, addedGzipped: added, budgetBytes, withinBudget }));
} else {
  const kB = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;
  for (const [name, size] of Object.entries(sizes)) {
    console.log(
      `${name.padEnd(16)} ${kB(size.minified).padStart(10)} min ${kB(size.gzipped).padStart(10)} gzip`,
    );
  }
  console.log(`@pictor/react adds ${kB(added)} gzipped (budget ${kB(budgetBytes)})`);
}
if (!withinBudget) {
  console.error(`@pictor/react is over its size budget by ${added - budgetBytes} bytes gzipped`);
  process.exit(1);
}
