// A seeded differential fuzz of every lean validator against its zod schema. Unlike the
// mutation test in validate.test.ts (which starts from valid samples built from the lean
// nodes themselves), the values here are generated from the spec's own JSON Schema, so a node
// the generator got wrong cannot shape its own test data; and they reach adversarial corners:
// bounds ± 1 and ± 0.5, -0, NaN, ±Infinity, unsafe integers, numbers as strings, enum near
// misses, strings at their length bounds in code points and units, lone surrogates, pattern and
// date-time near misses, wrong discriminator tags, arrays where objects go (and back), objects
// with a `length`, own `__proto__` keys, class instances, and huge arrays.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type * as z from "zod/mini";
import { viaLean, viaZod } from "../__fixtures__/validator-outcomes";
import * as schemas from "../generated/schemas";
import * as validators from "../generated/validators";
import type { SchemaNode } from "./validate";

interface Spec {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Spec;
  properties?: Record<string, Spec>;
  required?: string[];
  additionalProperties?: Spec | boolean;
  oneOf?: Spec[];
  anyOf?: Spec[];
  discriminator?: { propertyName: string };
}

interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: Spec }> };
  responses?: Record<string, { content?: Record<string, { schema?: Spec }> }>;
}

const spec: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Spec> };
} = parse(readFileSync(join(import.meta.dirname, "../../../../spec/openapi.yaml"), "utf8"));
const components = spec.components.schemas;

/** The spec schema of each validator: its component, or the operation body/response it aliases. */
function specSchemas(): Map<string, Spec> {
  const out = new Map<string, Spec>(Object.entries(components));
  for (const operations of Object.values(spec.paths))
    for (const operation of Object.values(operations)) {
      if (!operation?.operationId) continue;
      const base = operation.operationId.replace(/^./, (c: string) => c.toUpperCase());
      const body = operation.requestBody?.content?.["application/json"]?.schema;
      const [, ok] =
        Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status)) ?? [];
      const response = ok?.content?.["application/json"]?.schema;
      if (body) out.set(`${base}Body`, body);
      if (response) out.set(`${base}Response`, response);
    }
  return out;
}

function resolve(schema: Spec): Spec {
  return schema.$ref ? resolve(components[schema.$ref.split("/").pop() as string] ?? {}) : schema;
}

/** A seeded generator (mulberry32), so a failure reproduces from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    int: (below: number) => Math.floor(next() * below),
  };
}
type Rng = ReturnType<typeof random>;

/** Values that are wrong (or odd) almost anywhere. Functions so each use is a fresh object. */
const oddities: (() => unknown)[] = [
  () => undefined,
  () => null,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => -0,
  () => 0,
  () => 1.5,
  () => 2 ** 53,
  () => -(2 ** 53) - 2,
  () => 1e21,
  () => "",
  () => " ",
  () => "5",
  () => "true",
  () => "null",
  () => "\uD83D",
  () => "😀",
  () => true,
  () => false,
  () => [],
  () => [null],
  () => [{}],
  () => ({}),
  () => ({ length: 0 }),
  () => ({ length: 3 }),
  () => ({ length: 100 }),
  () => ({ length: "x" }),
  () => ({ length: "3" }),
  () => ({ length: null }),
  () => ({ length: -1 }),
  () => ({ length: 1.5 }),
  () => ({ length: Number.NaN }),
  () => new Date(0),
  () => Object.create(null),
  () => JSON.parse('{"__proto__": {"x": 1}}'),
  () => ({ constructor: 1 }),
  () => new Number(1),
  () => new String("abc"),
  // biome-ignore lint/suspicious/noSparseArray: a hole is the point
  () => [, 1],
  () => Array.from({ length: 20 }, () => "x"),
];

function stringNear(schema: Spec, rng: Rng): string {
  if (schema.format === "date-time" && rng.chance(0.5)) return "2025-06-01T12:00:00Z";
  if (schema.format === "date-time")
    return rng.pick([
      "2025-06-01T12:00:00Z",
      "2025-06-01T12:00:00.123456Z",
      "2025-06-01T12:00:00+02:00",
      "2025-06-01T12:00:00z",
      "2025-06-01T12:00Z",
      "2025-06-01 12:00:00Z",
      "2025-06-01",
      "2024-02-29T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2025-06-31T00:00:00Z",
      "2025-06-01T24:00:00Z",
      "2025-06-01T23:59:60Z",
      "2025-06-01T12:00:00.Z",
      "+002025-06-01T12:00:00Z",
      "2025-06-01T12:00:00Z\n",
    ]);
  if (schema.pattern && rng.chance(0.5)) return "https://example.com/a.png";
  if (schema.pattern)
    return rng.pick([
      "https://example.com/a.png",
      "https://",
      "http://example.com/a.png",
      "HTTPS://example.com",
      " https://example.com",
      "\nhttps://example.com",
      "data:image/png;base64,AAAA",
      "data:image/svg+xml;base64,AAAA",
      "data:image/;base64,AAAA",
      "data:image/png;base64",
      "data:image/png;charset=utf-8;base64,AAAA",
      "data:text/plain;base64,AAAA",
      "DATA:image/png;base64,AAAA",
      "data:image/pn g;base64,AAAA",
      "data:image/😀;base64,AAAA",
    ]);
  const bounds = [schema.minLength, schema.maxLength].filter((b) => b !== undefined) as number[];
  const length = bounds.length
    ? Math.max(0, rng.pick(bounds) + rng.pick([-1, 0, 1]))
    : rng.pick([0, 1, 3, 12]);
  const unit = rng.pick(["x", "x", "😀", "\uD800", "é"]);
  if (unit === "😀" && rng.chance(0.5))
    // Mixed: as many code points, more UTF-16 units.
    return Array.from({ length }, (_, i) => (i % 2 ? "😀" : "y")).join("");
  return unit.repeat(length);
}

function numberNear(schema: Spec, integer: boolean, rng: Rng): unknown {
  const bounds = [schema.minimum, schema.maximum].filter((b) => b !== undefined) as number[];
  // Half the time a value inside the bounds, so valid values are common.
  if (rng.chance(0.5)) return Math.min(schema.maximum ?? 3, Math.max(schema.minimum ?? 3, 3));
  if (bounds.length && rng.chance(0.7)) {
    const bound = rng.pick(bounds);
    return bound + rng.pick([-1, -0.5, -Number.EPSILON, 0, 0, Number.EPSILON, 0.5, 1]);
  }
  return rng.pick([
    0,
    -0,
    1,
    -1,
    3,
    integer ? 7 : 0.25,
    0.1,
    1e-7,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    Number.MIN_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER - 1,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MAX_VALUE,
  ]);
}

/** A key that is odd for an object: near misses of real keys, prototype names, empty. */
function oddKey(rng: Rng, names: string[]): string {
  const name = names.length ? rng.pick(names) : "x";
  return rng.pick([
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "",
    "0",
    `${name} `,
    name.toUpperCase(),
    name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
    "extra",
  ]);
}

/** An own `__proto__` key (as JSON.parse makes one), not a prototype. */
function defineOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
}

/** A value for `schema`: mostly of its shape, sometimes broken at one place or another. */
function generate(input: Spec, rng: Rng, depth: number, odd: number): unknown {
  if (rng.chance(odd)) return rng.pick(oddities)();
  const schema = resolve(input);
  const members = schema.oneOf ?? schema.anyOf;
  if (members) {
    if (schema.discriminator && rng.chance(odd)) {
      const value = generate(rng.pick(members), rng, depth, odd) as Record<string, unknown>;
      if (typeof value !== "object" || value === null) return value;
      const key = schema.discriminator.propertyName;
      return {
        ...value,
        [key]: rng.pick([
          "",
          "__proto__",
          "constructor",
          "hasOwnProperty",
          `${typeof value[key] === "string" ? value[key] : ""}`.toUpperCase(),
          `${typeof value[key] === "string" ? value[key] : ""} `,
          null,
          1,
          undefined,
        ]),
      };
    }
    return generate(rng.pick(members), rng, depth, odd);
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes("null") && rng.chance(0.15)) return null;
  const enumeration = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  if (enumeration) {
    const value = rng.pick(enumeration);
    if (!rng.chance(odd * 2) || typeof value !== "string") return value;
    return rng.pick([
      value.toUpperCase(),
      ` ${value}`,
      `${value}\u0000`,
      value.slice(0, -1),
      [value],
      { [value]: value },
      new String(value),
    ]);
  }
  const type = types.find((t) => t !== "null");
  switch (type) {
    case "string":
      return rng.chance(odd / 2) ? numberNear(schema, false, rng) : stringNear(schema, rng);
    case "integer":
    case "number": {
      const value = numberNear(schema, type === "integer", rng);
      return rng.chance(odd / 2) ? String(value) : value;
    }
    case "boolean":
      return rng.chance(1 - odd) ? rng.chance(0.5) : rng.pick(["true", 0, 1, "false"]);
    case "array": {
      const bounds = [schema.minItems, schema.maxItems].filter((b) => b !== undefined) as number[];
      const length =
        depth < 2 && rng.chance(0.02)
          ? 2000
          : bounds.length && rng.chance(0.5)
            ? Math.max(0, rng.pick(bounds) + rng.pick([-1, 0, 0, 0, 1]))
            : depth > 3
              ? rng.int(2)
              : rng.int(4);
      const items = Array.from({ length }, () =>
        generate(schema.items ?? {}, rng, depth + 1, length > 100 ? odd / 50 : odd),
      );
      if (rng.chance(odd / 3)) return Object.assign({}, items); // an array-like object
      return items;
    }
    case "object": {
      if (rng.chance(odd / 3)) return [generate(schema, rng, depth + 1, 0)];
      const out: Record<string, unknown> = {};
      const names = Object.keys(schema.properties ?? {});
      for (const name of names) {
        const required = schema.required?.includes(name);
        if (rng.chance(required ? 0.95 : depth > 3 ? 0.2 : 0.5))
          out[name] = generate(schema.properties?.[name] ?? {}, rng, depth + 1, odd);
      }
      const extra = schema.additionalProperties;
      if (!schema.properties && extra !== undefined) {
        for (let i = rng.int(4); i > 0; i--) {
          const key = rng.chance(0.3) ? oddKey(rng, []) : `k${i}`;
          const value =
            typeof extra === "object" ? generate(extra, rng, depth + 1, odd) : rng.pick(oddities)();
          // An own `__proto__` key, as JSON.parse makes one.
          if (key === "__proto__") defineOwn(out, key, value);
          else out[key] = value;
        }
      }
      if (rng.chance(odd * 2)) {
        const key = oddKey(rng, names);
        const value = rng.pick(oddities)();
        if (key === "__proto__") defineOwn(out, key, value);
        else out[key] = value;
      }
      return out;
    }
    default:
      // No type (a schema of anything): anything.
      return rng.pick(oddities)();
  }
}

function show(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_, v) =>
        typeof v === "number" && !Number.isFinite(v)
          ? `<${v}>`
          : Object.is(v, -0)
            ? "<-0>"
            : v === undefined
              ? "<undefined>"
              : v,
      )?.slice(0, 400) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** `FUZZ_SEED=n FUZZ_ROUNDS=m` runs a longer or different fuzz than CI's fixed one. */
const seed = Number(process.env.FUZZ_SEED ?? 0x5eed);

const zodSchemas: Record<string, z.ZodMiniType | undefined> = { ...schemas };
const sources = specSchemas();
const pairs = Object.entries(validators).map(([name, node]) => ({
  name: name.slice(1),
  node: node as SchemaNode,
  zod: zodSchemas[`z${name.slice(1)}`],
  spec: sources.get(name.slice(1)),
}));

describe("lean validators against zod, fuzzed from the spec", () => {
  it("has the spec schema and the zod schema of every validator", () => {
    expect(pairs.filter((p) => !p.zod || !p.spec).map((p) => p.name)).toEqual([]);
  });

  it.each(pairs.map((pair) => [pair.name, pair] as const))(
    "%s: same validity and issues",
    (name, { node, zod, spec: source }) => {
      if (!zod || !source) return;
      const rng = random(seed ^ [...name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
      const mismatches: string[] = [];
      let valid = 0;
      const rounds = Number(process.env.FUZZ_ROUNDS ?? 150);
      for (let round = 0; round < rounds; round++) {
        const value = generate(source, rng, 0, [0, 0.005, 0.02, 0.08][round % 4] as number);
        const expected = viaZod(zod, value);
        const actual = viaLean(node, value);
        if (expected.valid) valid++;
        if (JSON.stringify(actual) !== JSON.stringify(expected) && mismatches.length < 5)
          mismatches.push(
            `${show(value)}\n  zod:  ${JSON.stringify(expected)}\n  lean: ${JSON.stringify(actual)}`,
          );
      }
      expect(mismatches, mismatches.join("\n")).toEqual([]);
      // Both sides of the line get exercised.
      expect(valid).toBeGreaterThan(0);
      expect(valid).toBeLessThan(rounds);
    },
  );
});
