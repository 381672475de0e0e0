// The lean validators must never drift from the zod schemas: for every generated validator, the
// spec's examples and thousands of inputs mutated from them (wrong types at each property,
// missing and extra keys, out-of-range numbers, bad enum values, nulls, array items, union
// misses, and pairs of these) get the same validity and the same issues, path and message, as
// `describeSchemaIssues(zX.safeParse(value).error, value)`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { viaLean, viaZod } from "../__fixtures__/validator-outcomes";
import * as schemas from "../generated/schemas";
import * as validators from "../generated/validators";
import type { SchemaNode } from "./validate";

const zodSchemas: Record<string, z.ZodMiniType | undefined> = { ...schemas };
const pairs = Object.entries(validators).map(([name, validator]) => ({
  name: name.slice(1),
  validator: validator as SchemaNode,
  zod: zodSchemas[`z${name.slice(1)}`],
}));

/** The spec's wire examples, by the name of the schema they illustrate. */
function examplesBySchema(): Map<string, unknown[]> {
  const dir = join(import.meta.dirname, "../../../../spec/examples");
  const bySchema = new Map<string, unknown[]>();
  const add = (schema: string, value: unknown) =>
    bySchema.set(schema, [...(bySchema.get(schema) ?? []), value]);
  const base = (operationId: string) => operationId.replace(/^./, (c) => c.toUpperCase());
  for (const operationId of readdirSync(dir)) {
    for (const name of readdirSync(join(dir, operationId))) {
      const text = readFileSync(join(dir, operationId, name), "utf8");
      if (name.endsWith(".sse")) {
        for (const block of text.split(/\n\n+/)) {
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data === undefined || data === "[DONE]") continue;
          add(
            /^event: error$/m.test(block) ? "ErrorResponse" : "ChatCompletionChunk",
            JSON.parse(data),
          );
        }
      } else if (name.startsWith("request.")) add(`${base(operationId)}Body`, JSON.parse(text));
      else if (name.startsWith("response.200."))
        add(`${base(operationId)}Response`, JSON.parse(text));
      else add("ErrorResponse", JSON.parse(text));
    }
  }
  return bySchema;
}

/** A valid value with every property present; `choice` picks the union option (cycling). */
function sample(node: SchemaNode, choice: number): unknown {
  switch (node.t) {
    case "s":
      if (node.f === "datetime") return "2025-06-01T12:00:00Z";
      if (node.re) return "https://example.com/a.png";
      return "x".repeat(node.min ?? 3);
    case "n":
      return node.min ?? (node.int ? 3 : 0.5);
    case "b":
      return true;
    case "e":
      return node.v[choice % node.v.length];
    case "a":
      return Array.from({ length: Math.max(node.min ?? 1, 2) }, () => sample(node.of, choice));
    case "o":
      return Object.fromEntries(Object.entries(node.p).map(([k, v]) => [k, sample(v, choice)]));
    case "r":
      if (!node.of) return { first: "any", second: { total_cost: 0.5 } };
      return { first: sample(node.of, choice), second: sample(node.of, choice + 1) };
    case "u":
      return sample(node.of[choice % node.of.length] as SchemaNode, choice);
    case "d": {
      const options = Object.values(node.m);
      return sample(options[choice % options.length] as SchemaNode, choice);
    }
  }
}

/** Replacement values tried at every position: each kind of wrong type and edge value. */
const palette: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "a much longer string than most limits allow",
  "😀",
  "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
  "auto",
  "b64_json",
  "text",
  "image_url",
  "2025-06-01T12:00:00Z",
  "2025-13-01T12:00:00Z",
  "2025-06-01T12:00:00+02:00",
  "https://example.com/a.png",
  "data:image/png;base64,AAAA",
  "ftp://example.com/a.png",
  0,
  1,
  -1,
  1.5,
  2.5,
  11,
  101,
  2 ** 53,
  -(2 ** 53),
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ["x"],
  [1],
  [{}],
  Array.from({ length: 17 }, () => "x"),
  Array.from({ length: 17 }, () => 1),
  {},
  { length: 0 },
  { length: 20 },
  { type: "text" },
  { type: "text", text: 1 },
  { type: "image_url", image_url: {} },
  { role: "user" },
  { role: "nobody" },
  { role: "assistant", content: 5 },
  { url: 1 },
  new Date(0),
];

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value))
    return here.concat(value.flatMap((item, index) => pathsOf(item, [...path, index])));
  if (typeof value === "object" && value !== null)
    return here.concat(
      Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key])),
    );
  return here;
}

/** A copy of `value` with `change` applied to what is at `path`. */
function edit(value: unknown, path: Path, change: (current: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = edit(copy[head as number], rest, change);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = edit(copy[head as string], rest, change);
  if (next === deleted) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

const deleted = Symbol("deleted");

/** Every single mutation of `seed`: each palette value, a deletion, extra keys and items at each position. */
function mutations(seed: unknown): ((value: unknown) => unknown)[] {
  const out: ((value: unknown) => unknown)[] = [];
  for (const path of pathsOf(seed)) {
    for (const replacement of palette) out.push((value) => edit(value, path, () => replacement));
    if (path.length > 0) out.push((value) => edit(value, path, () => deleted));
    out.push((value) =>
      edit(value, path, (current) =>
        Array.isArray(current)
          ? [
              ...current,
              ...current,
              ...current,
              ...current,
              ...current,
              ...current,
              ...current,
              ...current,
              ...current,
            ]
          : typeof current === "object" && current !== null
            ? { ...current, extra_key: 1, role: 3 }
            : current,
      ),
    );
    out.push((value) =>
      edit(value, path, (current) =>
        Array.isArray(current) ? [...current, null, "x", {}] : current,
      ),
    );
  }
  return out;
}

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const examples = examplesBySchema();

describe("lean validators", () => {
  it("has a zod schema of the same name for every validator, and a validator for what the client checks", () => {
    expect(pairs.filter((pair) => !pair.zod).map((pair) => pair.name)).toEqual([]);
    const names = pairs.map((pair) => pair.name);
    for (const name of [
      "GenerateImagesBody",
      "EditImagesBody",
      "CreateChatCompletionBody",
      "GenerateImagesResponse",
      "EditImagesResponse",
      "CreateChatCompletionResponse",
      "ChatCompletionChunk",
      "ListModelsResponse",
      "ErrorResponse",
    ])
      expect(names).toContain(name);
  });

  it("accepts every spec example, as the zod schemas do", () => {
    let count = 0;
    for (const [name, values] of examples) {
      const node = (validators as Record<string, SchemaNode | undefined>)[`v${name}`];
      expect(node, `a validator for the examples of ${name}`).toBeDefined();
      for (const value of values) {
        expect(viaLean(node as SchemaNode, value)).toEqual({ valid: true, issues: [] });
        count++;
      }
    }
    expect(count).toBeGreaterThan(20);
  });

  it.each(pairs.map((pair) => [pair.name, pair] as const))(
    "%s gives zod's validity and issues on mutated inputs",
    (name, { validator, zod }) => {
      if (!zod) return;
      const seeds = [0, 1, 2, 3].map((choice) => sample(validator, choice));
      seeds.push(...(examples.get(name) ?? []));
      const next = random(name.length * 7919);
      const mismatches: string[] = [];
      let invalid = 0;
      let cases = 0;
      const compare = (value: unknown) => {
        cases++;
        const expected = viaZod(zod, value);
        const actual = viaLean(validator, value);
        if (!expected.valid) invalid++;
        if (JSON.stringify(actual) !== JSON.stringify(expected) && mismatches.length < 10)
          mismatches.push(
            `${JSON.stringify(value)?.slice(0, 300)}\n  zod:  ${JSON.stringify(expected)}\n  lean: ${JSON.stringify(actual)}`,
          );
      };
      for (const seed of seeds) {
        expect(viaZod(zod, seed).valid, `the sample of ${name} is valid`).toBe(true);
        compare(seed);
        const singles = mutations(seed);
        // A large seed (the catalog example) gets a fixed random share of its mutations.
        const share = Math.min(1, 4000 / singles.length);
        for (const mutate of singles) if (share === 1 || next() < share) compare(mutate(seed));
        // Pairs and triples of mutations: the order in which issues are reported.
        for (let round = 0; round < 300; round++) {
          let value = seed;
          for (let step = 0; step < 2 + (round % 2); step++)
            value = (singles[Math.floor(next() * singles.length)] ?? ((v: unknown) => v))(value);
          compare(value);
        }
      }
      expect(mismatches, `${mismatches.length} mismatches of ${cases} cases`).toEqual([]);
      expect(invalid, "the mutations produce invalid inputs").toBeGreaterThan(cases / 4);
    },
    30_000,
  );
});

// Rules of zod the spec does not exercise today (so the generated schemas cannot prove them),
// checked against zod schemas built here the way hey-api's zod plugin writes them.
describe("the interpreter beyond today's spec", () => {
  const cases: [string, SchemaNode, z.ZodMiniType, unknown[]][] = [
    [
      "a union whose one option fails only soft checks reports that option's issues",
      {
        t: "u",
        of: [
          { t: "s", min: 3 },
          { t: "n", int: 1, max: 5 },
        ],
      },
      z.union([z.string().check(z.minLength(3)), z.int().check(z.lte(5))]),
      ["ab", "abc", 7, 1.5, true, null, undefined, 2 ** 60],
    ],
    [
      "string lengths count code points",
      { t: "s", min: 2, max: 4 },
      z.string().check(z.minLength(2), z.maxLength(4)),
      ["😀", "😀😀😀😀", "😀😀😀😀😀", "a😀", "\uD800", "\uD800\uD800", "abcde", ""],
    ],
    [
      "a pattern is checked after a failed length, not after a wrong type",
      { t: "s", min: 5, re: /^a/ },
      z.string().check(z.minLength(5), z.regex(/^a/)),
      ["b", "a", "abcdef", "bcdefg", 5, [], ["x"]],
    ],
    [
      "an array's length is checked after bad items, unless an item is not an integer",
      { t: "a", of: { t: "n", int: 1 }, min: 2, max: 3 },
      z.array(z.int()).check(z.minLength(2), z.maxLength(3)),
      [[1.5], ["x"], [1, 2, 3, 4.5], [1, 2, 3, 4], "x", "abcd", { length: 1 }],
    ],
    [
      "a `length` that is no number misses both bounds, as zod compares it",
      { t: "a", of: { t: "s", min: 1 }, min: 1, max: 4 },
      z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(4)),
      [
        { length: "x" },
        { length: Number.NaN },
        { length: "3" },
        { length: null },
        { length: {} },
        [{ length: "x" }],
      ],
    ],
    [
      "a record takes plain objects only",
      { t: "r", of: { t: "n", nl: 1 } },
      z.record(z.string(), z.nullable(z.number())),
      [new Date(0), Object.create(null), { constructor: 1 }, { a: null, b: "x" }, [], new Map()],
    ],
  ];
  it.each(cases)("%s", (_rule, node, schema, values) => {
    values.forEach((value, index) => {
      expect(viaLean(node, value), `value ${index}`).toEqual(viaZod(schema, value));
    });
  });
});

describe("bundling the lean validators", () => {
  it("keeps only the schemas a program validates with, and no zod", async () => {
    const result = await build({
      stdin: {
        contents: `import { isValid, validate, vGenerateImagesBody, vGenerateImagesResponse } from "../index";
console.log(validate(vGenerateImagesBody, {}), isValid(vGenerateImagesResponse, {}));`,
        resolveDir: import.meta.dirname,
        loader: "ts",
      },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "error",
    });
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).toContain("b64_json");
    expect(code).toContain("vivid");
    for (const absent of ["chat.completion", "tool_call_id", "output_modalities", "zod", "_zod"])
      expect(code, `the bundle contains ${absent}`).not.toContain(absent);
    // The interpreter and the two schemas: about 3.5 kB minified today.
    expect(code.length).toBeLessThan(5_000);
  }, 30_000);
});

describe("a request body with an object for a string", () => {
  it("reports the length issue zod reports (the server's 400 and the client's error agree)", () => {
    // Found by the differential fuzz: `prompt: { length: "x" }` got one issue fewer from the
    // lean validator than from zImageGenerationRequest.
    const body = { prompt: { length: "x" } };
    expect(viaLean(validators.vGenerateImagesBody as SchemaNode, body)).toEqual(
      viaZod(schemas.zGenerateImagesBody, body),
    );
  });
});

describe("a value outside an enum", () => {
  it("is said with the value received, the same by both validators", () => {
    for (const quality of ["ultra", 5, null, ["high"]]) {
      const body = { prompt: "A fox", quality };
      const lean = viaLean(validators.vGenerateImagesBody as SchemaNode, body);
      expect(lean).toEqual(viaZod(schemas.zGenerateImagesBody, body));
      expect(lean.issues[0]?.message).toMatch(
        /^Invalid enum value\. Expected 'standard' \| .*, received /,
      );
    }
    const body = { prompt: "A fox", quality: "ultra" };
    expect(viaLean(validators.vGenerateImagesBody as SchemaNode, body).issues).toEqual([
      {
        path: "quality",
        message:
          "Invalid enum value. Expected 'standard' | 'hd' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto', received 'ultra'",
      },
    ]);
  });
});
