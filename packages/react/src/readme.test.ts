// @vitest-environment node
// Every ```ts and ```tsx block of the README is compiled against the package's sources, so the
// quick start cannot drift from the API. A block's first line names its file (`// app/page.tsx`),
// which lets blocks import each other; a block may opt out only with a comment saying why.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(`${packageDir}README.md`, "utf8");
// Inside the package, so `react` and `@pictor/client` resolve from its node_modules as they would for an app.
const virtualRoot = `${packageDir}.readme/`;

interface Block {
  file: string;
  code: string;
  skipReason: string | undefined;
}

function readmeBlocks(): Block[] {
  const blocks: Block[] = [];
  const fence = /(?:<!-- not type-checked: (.+?) -->\n)?```(tsx?)\n([\s\S]*?)\n```/g;
  for (const match of readme.matchAll(fence)) {
    const code = match[3] ?? "";
    const file = /^\/\/ (\S+\.tsx?)$/m.exec(code.split("\n")[0] ?? "")?.[1];
    blocks.push({ file: file ?? "", code, skipReason: match[1] });
  }
  return blocks;
}

/** Type errors in the given blocks, each with the block's file ("" for errors outside any file). */
function compile(blocks: Block[]): { file: string; text: string }[] {
  const configPath = `${packageDir}tsconfig.json`;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.json could not be read");
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: { "@pictor/react": [`${packageDir}src/index.ts`] },
  };
  const files = new Map(blocks.map((block) => [`${virtualRoot}${block.file}`, block.code]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.directoryExists = (name) =>
    [...files.keys()].some((file) => file.startsWith(`${name}/`)) ||
    (directoryExists?.call(host, name) ?? ts.sys.directoryExists(name));
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError, shouldCreate) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, language, onError, shouldCreate)
      : ts.createSourceFile(name, text, language, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => !diagnostic.file || files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      if (!diagnostic.file || diagnostic.start === undefined) return { file: "", text };
      const file = diagnostic.file.fileName.slice(virtualRoot.length);
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return { file, text: `${file}:${line + 1}: ${text}` };
    });
}

/** A block that misuses the API, compiled with the README's: proves the check can fail. */
const broken: Block = {
  file: "broken.tsx",
  skipReason: undefined,
  code: [
    'import { useGenerateImage } from "@pictor/react";',
    "export function Broken() {",
    "  const image = useGenerateImage();",
    '  image.generate({ model: "bytedance/seedream-4-5", prompt: "x", size: "huge" });',
    "  return <img src={image.images[0]?.url} alt='' />;",
    "}",
  ].join("\n"),
};

describe("README", () => {
  const blocks = readmeBlocks();
  const checked = blocks.filter((block) => block.skipReason === undefined);
  // One program for all blocks: type-checking is the slow part.
  let errors: { file: string; text: string }[] | undefined;
  const errorsOf = (file: string) => {
    errors ??= compile([...checked, broken]);
    return errors.filter((error) => error.file === file || error.file === "").map((e) => e.text);
  };

  it("names the file of every TypeScript block on its first line", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks.filter((block) => block.file === "").map((block) => block.code)).toEqual([]);
  });

  it("skips only the server route, which belongs to @pictor/server", () => {
    const skipped = blocks.filter((block) => block.skipReason !== undefined);
    expect(skipped.map((block) => block.file)).toEqual(["app/api/pictor/[...path]/route.ts"]);
    expect(skipped[0]?.code).toContain('from "@pictor/server"');
    expect(skipped[0]?.code).not.toContain("@pictor/react");
  });

  it("type-checks every other block against the real API", () => {
    expect(checked.map((block) => block.file)).toContain("app/page.tsx");
    expect(checked.flatMap((block) => errorsOf(block.file))).toEqual([]);
  }, 60_000);

  it("reports a block that misuses the API (the check can fail)", () => {
    const found = errorsOf(broken.file);
    expect(found.some((error) => error.includes('"huge"'))).toBe(true);
    expect(found.some((error) => error.includes("'images'"))).toBe(true);
  }, 60_000);
});
