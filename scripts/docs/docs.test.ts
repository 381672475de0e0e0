// Every TypeScript block of the READMEs (root and packages) and of the user guide (docs/guides)
// is type-checked against the workspace's sources (the `@pictor/source` condition), so the docs
// fail the tests as soon as they stop matching the API. Conventions: scripts/docs/code-blocks.ts.
// The consumer tests (scripts/consumers) check the same blocks against the packed tarballs'
// declarations, under exactOptionalPropertyTypes.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicPackages, repoRoot } from "../release/workspace.ts";
import {
  type BlockProblem,
  type CodeBlock,
  documentationFiles,
  extractBlocks,
  prepareWorkDir,
  typeCheckBlocks,
} from "./code-blocks.ts";
import { installedPackages, missingInstalls } from "./install-commands.ts";

/**
 * A document that misuses the API, checked in the same program as the real ones: its errors (and
 * its use of a deprecated API) must be reported at these lines, which proves the check can fail
 * and points at the right line.
 */
const brokenDocument = [
  "# Broken on purpose", // 1
  "", // 2
  "```ts", // 3
  'import { Pictor } from "@pictor/client";', // 4
  "", // 5
  'const pictor = new Pictor({ apiKey: "sk-test" });', // 6
  'await pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", aspect_ratio: "16:9" });', // 7
  "```", // 8
  "", // 9
  "```ts nocheck", // 10
  "this is not TypeScript at all", // 11
  "```", // 12
  "", // 13
  "```tsx", // 14
  "// app/page.tsx", // 15
  'import { useGenerateImage } from "@pictor/react";', // 16
  "export default function Page() {", // 17
  "  const image = useGenerateImage();", // 18
  "  return <img src={image.images[0]?.url} alt='' />;", // 19
  "}", // 20
  "```", // 21
  "", // 22
  "```ts", // 23
  'import { pictor } from "@pictor/ai-sdk";', // 24
  'import { streamText } from "ai";', // 25
  "", // 26
  'const result = streamText({ model: pictor.chat("gemini-3.1-flash-image"), prompt: "A fox" });', // 27
  "export const response = result.toUIMessageStreamResponse();", // 28
  "```", // 29
].join("\n");

// Inside the repository (node_modules/.cache is git- and lint-ignored) so that, through the links
// prepareWorkDir makes, workspace packages and their dependencies resolve as for an app.
const workDir = join(repoRoot, "node_modules/.cache/pictor-docs-check");
const files = documentationFiles(repoRoot);
const blocks: CodeBlock[] = files.flatMap((file) =>
  extractBlocks(readFileSync(join(repoRoot, file), "utf8"), file),
);
const brokenBlocks = extractBlocks(brokenDocument, "docs-check-fixture.md");
let problems: BlockProblem[] = [];

beforeAll(() => {
  prepareWorkDir(repoRoot, workDir);
  problems = typeCheckBlocks([...blocks, ...brokenBlocks], workDir);
}, 180_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("documentation code blocks", () => {
  it("finds the READMEs and the guide, with TypeScript blocks in every one of them", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("packages/client/README.md");
    expect(files.filter((file) => file.startsWith("docs/guides/")).length).toBeGreaterThanOrEqual(
      8,
    );
    const counted = (file: string) => blocks.filter((block) => block.document === file).length;
    for (const file of files)
      expect(counted(file), `${file} has TypeScript blocks`).toBeGreaterThan(0);
    expect(blocks.length).toBeGreaterThanOrEqual(60);
  });

  it("type-checks every TypeScript block of the READMEs and the guide", () => {
    const inDocs = problems.filter(
      (problem) => problem.kind === "error" && !problem.where.startsWith("docs-check-fixture.md"),
    );
    expect(inDocs.map((problem) => `${problem.where}: ${problem.code} ${problem.message}`)).toEqual(
      [],
    );
  });

  it("uses no API marked @deprecated, which a reader's editor strikes through", () => {
    const inDocs = problems.filter(
      (problem) =>
        problem.kind === "deprecated" && !problem.where.startsWith("docs-check-fixture.md"),
    );
    expect(inDocs.map((problem) => `${problem.where}: ${problem.code} ${problem.message}`)).toEqual(
      [],
    );
  });

  it("reports a misused API at the Markdown line of the mistake (the check can fail)", () => {
    const found = problems.filter((problem) => problem.where.startsWith("docs-check-fixture.md"));
    expect(found.map((problem) => [problem.where, problem.code, problem.kind])).toEqual([
      ["docs-check-fixture.md:7", "TS2322", "error"], // aspect_ratio on GPT Image
      ["docs-check-fixture.md:19", "TS2339", "error"], // `images` exists only once "success"
      ["docs-check-fixture.md:28", "TS6387", "deprecated"], // ai@7's toUIMessageStreamResponse
    ]);
    expect(found[0]?.message).toContain("openai/gpt-image-2 takes no aspect_ratio");
  });

  it("names in an install command of each package's README every Pictor package, and optional peer (msw), that its examples import", () => {
    // Third-party frameworks an example runs in (react, hono, vitest, openai) are the reader's.
    const published = publicPackages();
    const mustInstall = new Set([
      ...published.map((pkg) => pkg.manifest.name),
      ...published.flatMap((pkg) =>
        Object.entries(pkg.manifest.peerDependenciesMeta ?? {})
          .filter(([, meta]) => meta.optional === true)
          .map(([name]) => name),
      ),
    ]);
    expect(mustInstall).toContain("msw");
    const missing = files
      .filter((file) => file.startsWith("packages/"))
      .flatMap((file) =>
        missingInstalls(
          readFileSync(join(repoRoot, file), "utf8"),
          blocks.filter((block) => block.document === file),
          mustInstall,
        ),
      );
    expect(missing).toEqual([]);
    // The check can fail: the broken document installs nothing; a global install is no import.
    expect(missingInstalls(brokenDocument, brokenBlocks, mustInstall)).toEqual([
      "docs-check-fixture.md: @pictor/client",
      "docs-check-fixture.md: @pictor/react",
      "docs-check-fixture.md: @pictor/ai-sdk",
    ]);
    const commands = "```sh\nnpm i -D @pictor/mock@1.2.0 msw # tests\nnpm i -g @pictor/cli\n```";
    expect([...installedPackages(commands)]).toEqual(["@pictor/mock", "msw"]);
  });

  it("quotes in the client README the browser bundle sizes that the size budgets hold", () => {
    // The README's figures are a user's (a page built from the published package), the budgets
    // sit just above each measure: a budget moved without the README is a figure gone stale.
    const kilobytesIn = (file: string, budget: RegExp) => {
      const found = budget.exec(readFileSync(join(repoRoot, file), "utf8"))?.[1];
      expect(found, `the budget in ${file}`).toBeDefined();
      return Number(found?.replaceAll("_", "")) / 1000;
    };
    const oneFile = kilobytesIn(
      "packages/client/src/bundle-size.test.ts",
      /"gzipped bytes of the one-file bundle"\)\.toBeLessThanOrEqual\(([\d_]+)\)/,
    );
    const viteStart = kilobytesIn(
      "scripts/consumers/consumers.test.ts",
      /app\.initialGzipBytes\)\.toBeLessThanOrEqual\(([\d_]+)\)/,
    );
    const readme = readFileSync(join(repoRoot, "packages/client/README.md"), "utf8");
    const quoted = /loads\s+([\d.]+) kB gzip at start[\s\S]*?it is ([\d.]+) kB/.exec(
      readme.slice(readme.indexOf("## Performance")),
    );
    expect(quoted, "the client README's Performance section names both sizes").not.toBeNull();
    expect(Number(quoted?.[1]), "a Vite start, from the published package").toBeCloseTo(
      viteStart,
      1,
    );
    expect(Number(quoted?.[2]), "one file").toBeCloseTo(oneFile, 1);
  });

  it("skips only blocks marked nocheck, and there are few of them", () => {
    expect(brokenBlocks.filter((block) => block.nocheck).map((block) => block.line)).toEqual([11]);
    const skipped = blocks
      .filter((block) => block.nocheck)
      .map((block) => `${block.document}:${block.line}`);
    expect(skipped.length, `blocks not type-checked: ${skipped.join(", ")}`).toBeLessThanOrEqual(2);
  });
});
