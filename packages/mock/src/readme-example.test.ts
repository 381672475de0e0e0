// The README's "Use it in your tests" example, run as a test. The code between the region
// markers is compared with the README's first ```ts block under that heading (imports mapped
// from "./index" and "./msw" to "@pictor/mock" and "@pictor/mock/msw"), so the two cannot drift.

// #region readme-example
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMockGateway } from "./index";
import { handlers } from "./msw";

const gateway = createMockGateway();
const server = setupServer(...handlers(gateway));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

it("generates an image", async () => {
  const response = await fetch("https://api.llmgateway.io/v1/images/generations", {
    method: "POST",
    headers: { authorization: "Bearer test", "content-type": "application/json" },
    body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse", size: "1K" }),
  });
  const body = (await response.json()) as { data: { b64_json: string }[] };

  expect(response.status).toBe(200);
  expect(body.data).toHaveLength(1);
  expect(gateway.calls).toMatchObject([{ operation: "generateImages", status: 200 }]);
});
// #endregion readme-example

/** Collapses every run of whitespace, so formatting alone never fails the comparison. */
const normalised = (code: string) => code.replace(/\s+/g, " ").trim();

it("the README's example is exactly the code above", async () => {
  const { readFile } = await import("node:fs/promises");
  const source = await readFile(new URL(import.meta.url), "utf8");
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");

  const region = /\/\/ #region readme-example\n([\s\S]*?)\/\/ #endregion readme-example/.exec(
    source,
  )?.[1];
  expect(region, "the region markers in this file").toBeDefined();
  const heading = readme.search(/^#+ Use it in your tests\s*$/m);
  expect(heading, 'the "Use it in your tests" heading in README.md').toBeGreaterThanOrEqual(0);
  const block = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(heading))?.[1];
  expect(block, "a ```ts block under the heading").toBeDefined();

  const asPublished = (region ?? "")
    .replaceAll('from "./index"', 'from "@pictor/mock"')
    .replaceAll('from "./msw"', 'from "@pictor/mock/msw"');
  expect(normalised(block ?? "")).toBe(normalised(asPublished));
});
