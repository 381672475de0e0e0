// The README's TypeScript blocks, type-checked against the package's real API: each ```ts block
// is compiled as its own module inside this package, where "@pictor/server" resolves to src/.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "../README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

it("has TypeScript examples for the browser, Next.js, Hono, Node and a policy", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  expect(blocks.some((code) => code.includes("createNextRouteHandlers(handler)"))).toBe(true);
  expect(blocks.some((code) => code.includes("handler(c.req.raw)"))).toBe(true);
  expect(blocks.some((code) => code.includes("toNodeListener(handler)"))).toBe(true);
});

it("type-checks every ```ts block of the README", { timeout: 60_000 }, () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(here, "../tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const files = new Map(
    blocks.map((code, index) => [join(here, `readme-block-${index + 1}.ts`), code]),
  );
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError) => {
    const code = files.get(name);
    return code === undefined
      ? getSourceFile(name, language, onError)
      : ts.createSourceFile(name, code, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);

  const problems = [...files.keys()].flatMap((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((diagnostic) => {
      const where =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : undefined;
      const position = where ? `:${where.line + 1}:${where.character + 1}` : "";
      return `${name.slice(here.length + 1)}${position} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    }),
  );
  expect(problems).toEqual([]);
});
