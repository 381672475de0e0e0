import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateAll, generatedDir } from "./generate-all.ts";
import { validateSpec } from "./validate-spec.ts";

const root = join(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "pictor-codegen-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of spec/ in a scratch root with one text replacement applied to one file. */
function specWith(file: string, from: string, to: string): string {
  const copy = mkdtempSync(join(scratch, "root-"));
  cpSync(join(root, "spec"), join(copy, "spec"), { recursive: true });
  const path = join(copy, "spec", file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  return copy;
}

describe("codegen", () => {
  it("regenerates exactly the committed files from the committed spec", async () => {
    const files = await generateAll(root);
    for (const [name, content] of files) {
      expect(content, `${generatedDir}/${name}`).toBe(
        readFileSync(join(root, generatedDir, name), "utf8"),
      );
    }
  });

  it("gives every generated export a doc comment", async () => {
    const files = await generateAll(root);
    for (const [name, content] of files) {
      if (!name.endsWith(".ts")) continue;
      const lines = content.split("\n");
      const undocumented = lines.filter(
        (line, index) =>
          /^export (const|type|interface|function) /.test(line) &&
          !lines[index - 1]?.trimEnd().endsWith("*/"),
      );
      expect.soft(undocumented, `${generatedDir}/${name}`).toEqual([]);
    }
  });

  it("produces different types when a spec field changes (what gen:check catches)", async () => {
    const changed = specWith("openapi.yaml", "revised_prompt:", "revised_prompt_renamed:");
    const files = await generateAll(changed);
    expect(files.get("openapi.ts")).toContain("revised_prompt_renamed");
    expect(files.get("openapi.ts")).not.toBe(
      readFileSync(join(root, generatedDir, "openapi.ts"), "utf8"),
    );
  });

  it("fails on an invalid spec, naming the file, line and JSON pointer", async () => {
    const copy = specWith("openapi.yaml", "minLength: 1", "minLength: one");
    await expect(validateSpec(join(copy, "spec/openapi.yaml"))).rejects.toThrow(
      /spec\/openapi\.yaml:\d+:\d+ #\/components\/\S+\/minLength: Expected type `integer`/,
    );
  });

  it("fails on a schema keyword the lean validators cannot mirror, naming where", async () => {
    const copy = specWith("openapi.yaml", "format: date-time", "format: email");
    await expect(generateAll(copy)).rejects.toThrow(
      /validators\.ts[\s\S]*#\/components\/schemas\/Model\/properties\/deprecated_at: format `email` is not supported/,
    );
  });

  it("makes an enum nullable in the lean validators only when zod's is (its type and values both admit null)", async () => {
    // `type: [string, "null"]` beside `enum: [vivid, natural]`: null is no value of the enum
    // (JSON Schema and hey-api's z.enum agree); the lean validator took null.
    const copy = specWith(
      "openapi.yaml",
      "    ImageStyle:\n      type: string",
      '    ImageStyle:\n      type: [string, "null"]',
    );
    const files = await generateAll(copy);
    expect(files.get("schemas.ts")).toContain(
      "zImageStyle = /* @__PURE__ */ z.enum(['vivid', 'natural']);",
    );
    expect(files.get("validators/images.ts")).toContain(
      'vImageStyle: Validator<ImageStyle> = { t: "e", v: ["vivid", "natural"] };',
    );
    // Listing null too makes both nullable.
    const both = specWith(
      "openapi.yaml",
      "    ImageStyle:\n      type: string\n      description: Style hint appended to the prompt (not a native parameter of most models).\n      enum: [vivid, natural]",
      '    ImageStyle:\n      type: [string, "null"]\n      description: Style hint appended to the prompt (not a native parameter of most models).\n      enum: [vivid, natural, null]',
    );
    const nullable = await generateAll(both);
    expect(nullable.get("schemas.ts")).toContain("zImageStyle = /* @__PURE__ */ z.nullable(");
    expect(nullable.get("validators/images.ts")).toContain(
      'vImageStyle: Validator<ImageStyle> = { t: "e", v: ["vivid", "natural"], nl: 1 };',
    );
  });

  it("refuses an enum that lists null with no type (JSON Schema takes null there, zod does not)", async () => {
    const copy = specWith(
      "openapi.yaml",
      "    ImageStyle:\n      type: string\n      description: Style hint appended to the prompt (not a native parameter of most models).\n      enum: [vivid, natural]",
      "    ImageStyle:\n      description: Style hint appended to the prompt (not a native parameter of most models).\n      enum: [vivid, natural, null]",
    );
    await expect(generateAll(copy)).rejects.toThrow(
      /#\/components\/schemas\/ImageStyle: an enum that lists null needs `type/,
    );
  });

  it("fails on an invalid catalog, naming the model and the field", async () => {
    const copy = specWith("models.yaml", "max_n: 4", 'max_n: "four"');
    await expect(generateAll(copy)).rejects.toThrow(
      /models\[\d+\] \([\w/.-]+\)\.image\.max_n: must be integer/,
    );
  });
});
