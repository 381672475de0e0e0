// An app that validates one request with a zod schema of `@pictor/contract` (the AI SDK
// provider does, for its provider options) must not carry every other schema of the spec.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
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

it("every zod call of the generated schemas is annotated, and no annotation sits in a literal", async () => {
  // The codegen annotates by pattern: a spec string that looked like a zod call would be changed.
  const path = fileURLToPath(new URL("./generated/schemas.ts", import.meta.url));
  const text = await readFile(path, "utf8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const unannotated: string[] = [];
  const inLiterals: string[] = [];
  const startsAtZ = (node: ts.Expression): boolean =>
    ts.isIdentifier(node)
      ? node.text === "z"
      : ts.isPropertyAccessExpression(node)
        ? startsAtZ(node.expression)
        : ts.isCallExpression(node) && startsAtZ(node.expression);
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteralLike(node) || ts.isRegularExpressionLiteral(node)) &&
      node.getText().includes("__PURE__")
    )
      inLiterals.push(node.getText());
    if (ts.isCallExpression(node) && startsAtZ(node.expression)) {
      // The trivia right before the call (a chain `z.a().b()` shares its start, and the comment).
      if (!text.slice(node.getFullStart(), node.getStart()).includes("/* @__PURE__ */"))
        unannotated.push(node.getText().slice(0, 60));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  expect(unannotated).toEqual([]);
  expect(inLiterals).toEqual([]);
});
