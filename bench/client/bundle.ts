/**
 * The browser bundle of a program that generates one image, built the way
 * packages/client/src/bundle-size.test.ts builds it, two ways:
 * - esbuild, minified, platform browser, ESM, one file (the measure): code the client
 *   loads on first use (chat, the model list, edit inputs) is inlined, so it counts in full;
 * - a Vite app build (minified, code splitting as apps have it): what the page loads at start,
 *   the entry chunk; the chunks loaded on first use are listed apart.
 * Workspace packages resolve to their TypeScript sources (the `@pictor/source` condition, so no
 * `dist/` build is needed and the figure is the current code's); gzip level 9.
 */

import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { type Plugin as VitePlugin, build as viteBuild } from "vite";

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
async function measure(contents: string): Promise<BundleSize> {
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

/** A Vite app's start: the entry chunk the page loads, and the chunks loaded on first use. */
export interface AppChunks {
  /** Gzip bytes of what the page loads before any call: the entry and its static imports. */
  initialGzipBytes: number;
  /** Chunks loaded by a first use (a chat call, `models.list`, an edit), gzip bytes each. */
  lazy: { name: string; gzipBytes: number }[];
}

/** What `measureViteApp` builds, and from where. */
export interface ViteAppOptions {
  /** The app's code (default: `PROGRAM`). */
  program?: string | undefined;
  /** The folder its imports resolve from (default: packages/client). */
  root?: string | undefined;
  /**
   * Workspace packages from their TypeScript sources (the default), or `false` for the
   * packages' published builds (`dist/`, or the tarballs installed under `root`).
   */
  sources?: boolean | undefined;
}

/** A program bundled by a Vite app build (Rolldown, minified, code splitting on). */
export async function measureViteApp(options: ViteAppOptions = {}): Promise<AppChunks> {
  const program = options.program ?? PROGRAM;
  const entry = "pictor-bundle-program.ts";
  const virtualEntry: VitePlugin = {
    name: "program",
    resolveId: (id) => (id === entry ? `\0${entry}` : undefined),
    load: (id) => (id === `\0${entry}` ? program : undefined),
  };
  const browser = ["browser", "module", "import", "default"];
  const result = await viteBuild({
    root: options.root ?? fileURLToPath(new URL("../../packages/client", import.meta.url)),
    configFile: false,
    logLevel: "silent",
    plugins: [virtualEntry],
    resolve: { conditions: options.sources === false ? browser : ["@pictor/source", ...browser] },
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      rollupOptions: { input: entry },
    },
  });
  const built = Array.isArray(result) ? result[0] : result;
  // A watcher comes back only with `build.watch`, which is not set.
  const output = built && "output" in built ? built.output : [];
  const chunks = new Map<string, { code: string; imports: string[]; isEntry: boolean }>();
  for (const file of output) if (file.type === "chunk") chunks.set(file.fileName, file);
  const gzip = (code: string) => gzipSync(code, { level: 9 }).length;
  // The entry and what it imports statically: the page cannot run before these are loaded.
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
  };
  for (const [name, chunk] of chunks) if (chunk.isEntry) visit(name);
  let initialGzipBytes = 0;
  const lazy: AppChunks["lazy"] = [];
  for (const [name, chunk] of chunks) {
    if (initial.has(name)) initialGzipBytes += gzip(chunk.code);
    else
      lazy.push({
        name: name.replace(/^assets\//, "").replace(/-[\w-]{8}\.js$/, ""),
        gzipBytes: gzip(chunk.code),
      });
  }
  return { initialGzipBytes, lazy: lazy.sort((a, b) => b.gzipBytes - a.gzipBytes) };
}

/** Figures (gzip bytes) of the parts alone, that show where the budget goes. */
export async function bundleExperiments(): Promise<{ label: string; gzipBytes: number }[]> {
  const rows = [
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
