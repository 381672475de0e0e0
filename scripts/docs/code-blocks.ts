// Finds the TypeScript code blocks of Markdown files and type-checks them against the workspace's
// sources (or, from the consumer tests, the packed tarballs' declarations), so a README or guide
// that no longer matches the API fails the tests.
//
// Conventions for authors:
// - Every ```ts, ```tsx (or ```typescript) block is checked, each as its own ES module (top-level
//   `await` works, names do not clash across blocks). Write blocks that stand alone: imports
//   included; `declare const x: T;` for what the reader brings.
// - A block whose first line is a comment naming a file (`// app/providers.tsx`) is written under
//   that name, so blocks of one document can import each other (`import { Providers } from
//   "./providers"`).
// - A block that must not be checked (deliberately wrong code, pseudo-code) says so in its info
//   string: ```ts nocheck. Use it sparingly: the test lists every such block.
// - Blocks use no API its declarations mark `@deprecated` (`ai`'s `toUIMessageStreamResponse`, …):
//   a reader's editor strikes it through, and the next major release removes it.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { workspacePackages } from "../release/workspace.ts";

/** The Markdown files whose TypeScript must compile, relative to the repository root. */
export function documentationFiles(root: string): string[] {
  const guides = join(root, "docs/guides");
  return [
    "README.md",
    ...workspacePackages(root)
      .filter((pkg) => pkg.relativeDir.startsWith("packages/"))
      .map((pkg) => `${pkg.relativeDir}/README.md`)
      .filter((file) => existsSync(join(root, file))),
    ...(existsSync(guides)
      ? readdirSync(guides, { recursive: true, encoding: "utf8" })
          .filter((file) => file.endsWith(".md"))
          .sort()
          .map((file) => `docs/guides/${file}`)
      : []),
  ];
}

export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  document: string;
  /** 1-based line of the block's first line of code in the Markdown file. */
  line: number;
  language: "ts" | "tsx";
  code: string;
  /** Marked ```ts nocheck. */
  nocheck: boolean;
  /** The file named by a first-line `// path.tsx` comment, if any. */
  fileName: string | undefined;
}

const languages: Record<string, "ts" | "tsx"> = { ts: "ts", typescript: "ts", tsx: "tsx" };

/** The TypeScript blocks of one Markdown document, in order. */
export function extractBlocks(markdown: string, document: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  let open:
    | { fence: string; indent: number; info: string[]; start: number; body: string[] }
    | undefined;
  for (const [index, line] of lines.entries()) {
    if (!open) {
      const opening = /^( {0,3})(`{3,}|~{3,})\s*([^`]*)$/.exec(line);
      if (opening)
        open = {
          indent: opening[1]?.length ?? 0,
          fence: opening[2] ?? "```",
          info: (opening[3] ?? "").trim().split(/\s+/),
          start: index + 2,
          body: [],
        };
      continue;
    }
    const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1] ?? "";
    if (closing[0] === open.fence[0] && closing.length >= open.fence.length) {
      const language = languages[open.info[0] ?? ""];
      if (language) {
        const code = open.body.join("\n");
        blocks.push({
          document,
          line: open.start,
          language,
          code,
          nocheck: open.info.slice(1).includes("nocheck"),
          fileName: /^\/\/ ((?:[\w.[\]-]+\/)*[\w.[\]-]+\.tsx?)\s*$/.exec(open.body[0] ?? "")?.[1],
        });
      }
      open = undefined;
      continue;
    }
    open.body.push(line.slice(Math.min(open.indent, /^ */.exec(line)?.[0].length ?? 0)));
  }
  return blocks;
}

export interface BlockProblem {
  /** `document:line` of the offending code in the Markdown file. */
  where: string;
  code: string;
  message: string;
  /** `error` fails compilation; `deprecated` is a use of an API marked `@deprecated`. */
  kind: "error" | "deprecated";
}

/**
 * A folder whose node_modules links every workspace package and every dependency any workspace
 * package has (first found wins: root, then packages/*, then examples/*), so a block resolves
 * `@pictor/client` as well as `ai`, `react` or `msw` the way an app that installed them would.
 * With `installed` (the node_modules of an app that installed the packed tarballs), what that
 * app has is linked first: `@pictor/*` are then the published builds and declarations, and only
 * what the app lacks (`hono`, `openai`, …) comes from the workspace.
 */
export function prepareWorkDir(root: string, workDir: string, installed?: string): void {
  rmSync(workDir, { recursive: true, force: true });
  const modules = join(workDir, "node_modules");
  mkdirSync(modules, { recursive: true });
  const link = (name: string, target: string) => {
    const at = join(modules, name);
    if (existsSync(at)) return;
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(target, at, "dir");
  };
  const linkAll = (folder: string) => {
    for (const entry of listDirs(folder, true)) {
      const name = relative(folder, entry);
      if (!name.startsWith(".")) link(name, realpathSync(entry));
    }
  };
  if (installed) linkAll(installed);
  const packages = workspacePackages(root);
  for (const pkg of packages) link(pkg.manifest.name, pkg.dir);
  for (const dir of [root, ...packages.map((pkg) => pkg.dir)]) linkAll(join(dir, "node_modules"));
}

/** Sub-folders (following links); with `scoped`, `@scope/*` entries are listed one level down. */
function listDirs(dir: string, scoped = false): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (scoped && name.startsWith("@")) return listDirs(path);
    try {
      return lstatSync(path).isDirectory() || existsSync(join(path, "package.json")) ? [path] : [];
    } catch {
      return [];
    }
  });
}

/**
 * How the blocks are compiled: `sources` resolves workspace packages to their sources (the
 * `@pictor/source` condition) with the repository's strictness; `published` resolves them to
 * their built declarations, under exactOptionalPropertyTypes as the strictest apps compile.
 */
export type CheckMode = "sources" | "published";

/** Compiler options of the check in `mode`, with the repository's strictness. */
function compilerOptions(workDir: string, mode: CheckMode): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: mode === "sources" ? ["@pictor/source"] : [],
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    exactOptionalPropertyTypes: mode === "published",
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    typeRoots: [join(workDir, "node_modules/@types")],
  };
}

/**
 * A language service over `files` rather than a bare program: it also reports what an editor
 * strikes through (uses of `@deprecated` declarations), which a program's diagnostics leave out.
 */
function languageServiceOf(files: readonly string[], options: ts.CompilerOptions) {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...files],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const text = ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

/**
 * Writes the checked blocks under `workDir` (one folder per document) and type-checks them in one
 * program. Returns every error, and every use of a `@deprecated` API, found in a block, located
 * in its Markdown file.
 */
export function typeCheckBlocks(
  blocks: readonly CodeBlock[],
  workDir: string,
  mode: CheckMode = "sources",
): BlockProblem[] {
  const files = new Map<string, CodeBlock>();
  for (const block of blocks) {
    if (block.nocheck) continue;
    const folder = join(workDir, block.document.replace(/[^\w.-]+/g, "__"));
    const name = block.fileName ?? `block-line-${block.line}.${block.language}`;
    const path = join(folder, name);
    if (files.has(path))
      throw new Error(`${block.document}:${block.line}: a second block named ${name}`);
    mkdirSync(dirname(path), { recursive: true });
    // `export {}` makes every block a module, so top-level await and its own scope work in all.
    writeFileSync(path, `${block.code}\nexport {};\n`);
    files.set(path, block);
  }
  const service = languageServiceOf([...files.keys()], compilerOptions(workDir, mode));
  const program = service.getProgram();
  if (!program) throw new Error("TypeScript made no program of the documentation blocks");
  const problems: BlockProblem[] = [];
  for (const source of program.getSourceFiles()) {
    const block = files.get(source.fileName);
    if (!block) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((diagnostic) => ({ diagnostic, kind: "error" as const }));
    const deprecated = service
      .getSuggestionDiagnostics(source.fileName)
      .filter((diagnostic) => diagnostic.reportsDeprecated)
      .map((diagnostic) => ({ diagnostic, kind: "deprecated" as const }));
    for (const { diagnostic, kind } of [...diagnostics, ...deprecated]) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      problems.push({
        where: `${block.document}:${block.line + line}`,
        code: `TS${diagnostic.code}`,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
        kind,
      });
    }
  }
  const global = program.getGlobalDiagnostics().concat(program.getOptionsDiagnostics());
  for (const diagnostic of global)
    problems.push({
      where: "(compiler options)",
      code: `TS${diagnostic.code}`,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      kind: "error",
    });
  return problems;
}
