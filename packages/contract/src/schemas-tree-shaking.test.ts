// An app that validates one request with a zod schema of `@pictor/contract` (the AI SDK
// provider does, for its provider options) must not carry every other schema of the spec.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, it } from "vitest";

async function bundle(program: string): Promise<string> {
  const result = await build({
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
    logLevel: "error",
  });
  return result.outputFiles[0]?.text ?? "";
}

it("bundling one zod schema leaves the schemas it does not use out", async () => {
  const code = await bundle(
    `import { zImageStyle } from "@pictor/contract"; console.log(zImageStyle.parse("vivid"));`,
  );
  expect(code).toContain('"natural"');
  // Field names of schemas it does not reference: /models, chat messages, errors.
  for (const unused of [
    "supportsVideoAudio",
    "input_cache_write_1h",
    "tool_call_id",
    "image_url",
  ]) {
    expect(code, `${unused} should not be in the bundle`).not.toContain(unused);
  }
}, 60_000);
