// What a README tells its reader to install against what its examples import: a README whose
// example imports a package its `npm i` line leaves out sends a reader who copies both to
// "Cannot find module". The type check cannot see it: it resolves every workspace dependency.
import ts from "typescript";
import type { CodeBlock } from "./code-blocks.ts";

const shellLanguages = new Set(["sh", "bash", "shell", "console"]);

/**
 * The packages named by the `npm i` / `npm install` commands in a Markdown file's shell blocks,
 * without versions (`ai@7` → `ai`). A global install (`-g`) gives a command, not an import, so
 * it is left out.
 */
export function installedPackages(markdown: string): Set<string> {
  const installed = new Set<string>();
  let shell: boolean | undefined;
  for (const line of markdown.split("\n")) {
    const fence = /^ {0,3}(?:`{3,}|~{3,})\s*(\S*)/.exec(line);
    if (fence) {
      shell = shell === undefined ? shellLanguages.has(fence[1] ?? "") : undefined;
      continue;
    }
    if (!shell) continue;
    const command = line
      .replace(/#.*$/, "")
      .trim()
      .replace(/^\$\s*/, "");
    const words = command.split(/\s+/);
    if (words[0] !== "npm" || (words[1] !== "i" && words[1] !== "install")) continue;
    const options = words.slice(2).filter((word) => word.startsWith("-"));
    if (options.includes("-g") || options.includes("--global")) continue;
    for (const word of words.slice(2))
      if (!word.startsWith("-")) installed.add(word.replace(/(?<=.)@[^/]*$/, ""));
  }
  return installed;
}

/**
 * The package a module specifier belongs to (`@pictor/client/node` → `@pictor/client`,
 * `msw/node` → `msw`); undefined for a relative path or a Node built-in.
 */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The packages a block imports or re-exports from, in order, each once. */
export function importedPackages(block: CodeBlock): string[] {
  const { importedFiles } = ts.preProcessFile(block.code, true, true);
  const names = importedFiles.flatMap((file) => packageOf(file.fileName) ?? []);
  return [...new Set(names)];
}

/**
 * The packages of `mustInstall` that a document's blocks import and none of its install
 * commands names, as `document: package`.
 */
export function missingInstalls(
  markdown: string,
  blocks: readonly CodeBlock[],
  mustInstall: ReadonlySet<string>,
): string[] {
  const installed = installedPackages(markdown);
  const imported = new Set(blocks.flatMap(importedPackages));
  return [...imported]
    .filter((name) => mustInstall.has(name) && !installed.has(name))
    .map((name) => `${blocks[0]?.document ?? "?"}: ${name}`);
}
