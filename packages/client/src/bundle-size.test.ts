// The browser bundle of a program that generates one image, bundled the way an app would
// (esbuild, minified, for browsers), request validation and the model catalog included.
// The target is 15 kB gzipped; it is NOT met yet: 29.3 kB (2026-11-26, eighth session:
// the checks an audit of bad input asked for added 2.3 kB, see below; 26.7 kB before them,
// 31.6 kB before the client validated with the generated lean validators instead of zod and
// before openapi-fetch moved behind `rawClient`, ADR 0008). The largest inputs left are the catalog (models.ts), the
// validators of every resource (the Pictor class loads chat and models too) and the streaming
// image reader; see bench/client/README.md. Until
// the target is met, this test is a regression budget just above today's figure, so the bundle
// cannot silently grow. Raised to 29.5 kB (from 27) for the eighth session's checks: per-call and
// constructor options (+0.7 kB), a missing or blank model and a blank prompt (+0.2 kB),
// models.list's filters (+0.2 kB), chat's unknown keys, empty turns and assistant data URLs
// (+0.6 kB, most of it the list of fields the gateway reads beyond the spec's), messages that
// name the roles and contents a chat message may have (+0.1 kB), usage.cost objects (+0.1 kB).
// `packages/client/.size-limit.js` and `bench/client/bundle.ts` measure the same program.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

/** What a browser app that generates images through its own server (no key) writes. */
const program = `import { Pictor } from "@pictor/client";
new Pictor({ baseURL: "/api" }).images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" });
`;

/** The regression budget, as size-limit counts it (1 kB = 1,000 bytes); the target is 15 kB. */
const budgetBytes = 29_500;
/** The target, printed beside the figure so the miss stays visible. */
const targetBytes = 15_000;

it(`the browser bundle of a program that generates one image stays within ${budgetBytes / 1000} kB gzipped`, async () => {
  const result = await build({
    // Resolved from this package, which imports itself by name; workspace packages are read
    // from their TypeScript sources (`@pictor/source`), so no `dist/` build is needed.
    stdin: {
      contents: program,
      resolveDir: fileURLToPath(new URL("..", import.meta.url)),
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
  const gzipBytes = gzipSync(code, { level: 9 }).length;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {})
    .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5)
    .map(({ path, bytes }) => `${bytes} B ${path.replace(/^.*node_modules\//, "")}`);
  console.log(
    `browser bundle (generate one image): ${code.length} B minified, ${gzipBytes} B gzip, budget ${budgetBytes} B gzip (target ${targetBytes} B: ${gzipBytes <= targetBytes ? "met" : "missed"}); largest inputs (minified bytes): ${inputs.join(", ")}`,
  );
  expect(gzipBytes, "gzipped bytes of the browser bundle").toBeLessThanOrEqual(budgetBytes);
}, 60_000);
