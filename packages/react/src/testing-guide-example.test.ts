// @vitest-environment node
// The testing guide's ```tsx block is exactly the region of testing-guide-example.test.tsx
// (imports mapped from "./index" to "@pictor/react"), which runs it: the two cannot drift.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

/**
 * The code with every run of whitespace collapsed and its imports sorted, so neither formatting
 * nor import order (Biome puts "./index" last, the guide "@pictor/react" in line) fails it.
 */
function normalised(code: string): string {
  const imports = code.match(/^import [^;]+;$/gm) ?? [];
  const rest = code.replace(/^import [^;]+;$/gm, "");
  return [...imports.sort(), rest].join("\n").replace(/\s+/g, " ").trim();
}

it("the testing guide's React example is the code that runs in testing-guide-example.test.tsx", () => {
  const source = readFileSync(new URL("./testing-guide-example.test.tsx", import.meta.url), "utf8");
  const guide = readFileSync(
    new URL("../../../docs/guides/testing-with-mock.md", import.meta.url),
    "utf8",
  );

  const region = /\/\/ #region guide-example\n([\s\S]*?)\/\/ #endregion guide-example/.exec(
    source,
  )?.[1];
  expect(region, "the region markers in testing-guide-example.test.tsx").toBeDefined();
  // The block's first line names its file; the code follows.
  const block = /```tsx\n\/\/ [^\n]*\n([\s\S]*?)\n```/.exec(guide)?.[1];
  expect(block, "a ```tsx block in the guide").toBeDefined();

  const asPublished = (region ?? "").replaceAll('from "./index"', 'from "@pictor/react"');
  expect(normalised(block ?? "")).toBe(normalised(asPublished));
});
