/**
 * The browser bundle of a program that generates one image, built the way
 * packages/client/src/bundle-size.test.ts builds it: esbuild, minified, platform browser, ESM,
 * workspace packages resolved to their TypeScript sources (the `@pictor/source` condition, so
 * no `dist/` build is needed and the figure is the current code's), gzip level 9.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

/** The program measured: what a browser app that generates one image through its server writes. */
export const PROGRAM = `import { Pictor } from "@pictor/client";
new Pictor({ baseURL: "/api" }).images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" });
`;

/** The size of a bundle, and what is in it. */
export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
  /** Inputs by bytes in the minified output, largest first. */
  inputs: { path: string; bytes: number }[];
}

/** Bundles `contents` as if it were a file of packages/client. */
async function measure(contents: string, plugins: Plugin[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: {
      contents,
      // Resolved from the client package, which can import itself by name.
      resolveDir: fileURLToPath(new URL("../../packages/client", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    conditions: ["@pictor/source"],
    write: false,
    metafile: true,
    logLevel: "error",
    plugins,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array(0);
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([path, input]) => ({
      path: path.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, ""),
      bytes: input.bytesInOutput,
    }))
    .sort((a, b) => b.bytes - a.bytes);
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, inputs };
}

/** The program's bundle as the code is now. */
export function measureBundle(): Promise<BundleSize> {
  return measure(PROGRAM);
}

/** Rewrites files matching `filter` on the fly, to measure a change without making it. */
function rewrite(filter: RegExp, change: (source: string) => string): Plugin {
  return {
    name: `rewrite ${filter}`,
    setup(builder) {
      builder.onLoad({ filter }, (args) => ({
        contents: change(readFileSync(args.path, "utf8")),
        loader: "ts",
      }));
    },
  };
}

/** Chat and models resources left out, as if `Pictor` loaded them on first use. */
const noChatOrModels = rewrite(
  /resources[\\/](chat|models)\.ts$/,
  () =>
    "export class Chat { constructor(_client: unknown) {} }\nexport class Models { constructor(_client: unknown) {} }\n",
);

/** What-if figures (gzip bytes) that show where the budget goes; none of these change the code. */
export async function bundleExperiments(): Promise<{ label: string; gzipBytes: number }[]> {
  const rows = [
    {
      label: "chat/models resources left out (as if loaded on first use)",
      size: await measure(PROGRAM, [noChatOrModels]),
    },
    {
      label:
        "lean validators alone: validate(vGenerateImagesBody) + isValid(vGenerateImagesResponse)",
      size: await measure(
        `import { isValid, validate, vGenerateImagesBody, vGenerateImagesResponse } from "@pictor/contract";
console.log(validate(vGenerateImagesBody, globalThis.a), isValid(vGenerateImagesResponse, globalThis.b));`,
      ),
    },
    {
      label: "zod alone, for comparison: zGenerateImagesBody + zGenerateImagesResponse.safeParse",
      size: await measure(
        `import { zGenerateImagesBody, zGenerateImagesResponse } from "@pictor/contract";
console.log(zGenerateImagesBody.safeParse(globalThis.a), zGenerateImagesResponse.safeParse(globalThis.b));`,
      ),
    },
    {
      label: "openapi-fetch alone (only rawClient(pictor) uses it): createClient().POST",
      size: await measure(
        `import createClient from "openapi-fetch";
console.log(createClient({ baseUrl: "/api" }).POST("/x", {}));`,
      ),
    },
  ];
  return rows.map((row) => ({ label: row.label, gzipBytes: row.size.gzipBytes }));
}
