// The interpreter of the lean validators generated into `generated/validators.ts`. It gives the
// same issues (path, message, order) as `describeSchemaIssues(zX.safeParse(value).error, value)`,
// quirks included, so the browser client can drop zod without changing a message: the
// equivalence test (`validate.test.ts`) proves it against the zod schemas for every schema.
// Like the zod schemas it accepts (and leaves in place) keys the spec does not name; unlike
// them it returns no copy: defaults are not filled in and unknown keys are not stripped.
import type { SchemaIssue } from "../schema-issues";
import { receivedValue } from "./received-value";

/**
 * One node of a generated validator: the spec's schema pruned to what validation reads.
 * `t` is the kind (string, number, boolean, enum/const, array, object, record, union,
 * discriminated union); `nl: 1` also accepts `null`; a record without `of` takes any values.
 */
export type SchemaNode =
  | { t: "s"; min?: number; max?: number; re?: RegExp; f?: string; nl?: 1 }
  | { t: "n"; int?: 1; min?: number; max?: number; nl?: 1 }
  | { t: "b"; nl?: 1 }
  | { t: "e"; v: readonly (string | number | boolean)[]; nl?: 1 }
  | { t: "a"; of: SchemaNode; min?: number; max?: number; nl?: 1 }
  | { t: "o"; p: { readonly [key: string]: SchemaNode }; r?: readonly string[]; nl?: 1 }
  | { t: "r"; of?: SchemaNode; nl?: 1 }
  | { t: "u"; of: readonly SchemaNode[]; nl?: 1 }
  | { t: "d"; k: string; m: { readonly [tag: string]: SchemaNode }; nl?: 1 };

/** A generated validator whose valid values are `T` (a phantom type: nothing of it exists at runtime). */
export type Validator<T> = SchemaNode & { readonly "~type"?: T };

/**
 * A problem found, path innermost-last. `c` is zod's `continue` flag, which decides what else
 * zod checks: `true` for a failed range, length or format check, `false` where zod stops
 * explicitly (a non-integer, an over-long array), absent for a wrong type, value or shape.
 */
interface Issue {
  p: (string | number)[];
  m: string;
  c?: boolean;
}

/** The issues of `value` against `schema`, in zod's order and wording; empty when it is valid. */
export function validate(schema: SchemaNode, value: unknown): SchemaIssue[] {
  return (run(schema, value) ?? []).map((issue) => ({
    path: issue.p.join("."),
    message: issue.m,
  }));
}

/**
 * Whether `value` matches `schema`, narrowing it to the schema's generated type. `undefined` is
 * taken out: under exactOptionalPropertyTypes, `T` inferred from a published declaration (where
 * the validator's type is spelt out, `"~type"?: { … }`) includes it, and no JSON value is one.
 */
export function isValid<T>(schema: Validator<T>, value: unknown): value is Exclude<T, undefined> {
  return run(schema, value) === undefined;
}

const noMatch = "Invalid input: matches none of the allowed shapes";
const safeIntegers = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

// Returns undefined when valid, so a valid value allocates nothing.
function run(node: SchemaNode, value: unknown): Issue[] | undefined {
  if (value === null && node.nl) return;
  let out: Issue[] | undefined;
  switch (node.t) {
    case "s":
      out = sizes(node, value, typeof value === "string" ? out : [typeIssue("string", value)]);
      // zod skips a format check after a wrong type, but not after a failed length check.
      if (node.re && typeof value === "string" && !node.re.test(value))
        out = add(
          out,
          issue(node.f ? `Invalid ${node.f}` : `Invalid format: must match ${node.re}`, true),
        );
      return out;
    case "n":
      if (typeof value !== "number" || !Number.isFinite(value)) return [typeIssue("number", value)];
      if (node.int) {
        if (!Number.isInteger(value)) return [typeIssue("int", value, false)];
        out = limits(safeIntegers, value, value, out);
      }
      return limits(node, value, value, out);
    case "b":
      return typeof value === "boolean" ? out : [typeIssue("boolean", value)];
    case "e":
      return node.v.includes(value as string)
        ? out
        : [
            issue(
              `Invalid enum value. Expected ${node.v.map((v) => `'${v}'`).join(" | ")}, received ${receivedValue(value)}`,
            ),
          ];
    case "a": {
      if (!Array.isArray(value)) return sizes(node, value, [typeIssue("array", value)]);
      // zod reports an over-long array alone, before reading any item.
      const { max = Infinity } = node;
      if (value.length > max) return [{ ...size(value, max, true), c: false }];
      for (let index = 0; index < value.length; index++)
        out = nest(out, run(node.of, value[index]), index);
      return sizes(node, value, out);
    }
    case "o":
      if (!isObject(value)) return [typeIssue("object", value)];
      for (const key in node.p) {
        const field = value[key];
        if (field !== undefined || node.r?.includes(key))
          out = nest(out, run(node.p[key] as SchemaNode, field), key);
      }
      return out;
    case "r":
      if (!isPlainObject(value)) return [typeIssue("record", value)];
      // Without `of`, any values (`additionalProperties: true`, zod's `z.unknown()`).
      if (node.of)
        for (const key of Object.keys(value))
          if (key !== "__proto__") out = nest(out, run(node.of, value[key]), key);
      return out;
    case "u": {
      const results: Issue[][] = [];
      for (const option of node.of) {
        const result = run(option, value);
        if (!result) return;
        results.push(result);
      }
      // zod answers with the one option that failed only soft checks (or the only option).
      const soft = results.filter((result) => result.every((issue) => issue.c));
      return results.length === 1 ? results[0] : soft.length === 1 ? soft[0] : [issue(noMatch)];
    }
    case "d": {
      if (!isObject(value)) return [typeIssue("object", value)];
      const tag = value[node.k];
      const option =
        typeof tag === "string" && Object.hasOwn(node.m, tag) ? node.m[tag] : undefined;
      return option ? run(option, value) : [{ p: [node.k], m: noMatch }];
    }
  }
}

function add(out: Issue[] | undefined, issue: Issue): Issue[] {
  return (out ?? []).concat(issue);
}

function issue(m: string, c?: boolean): Issue {
  return { p: [], m, c };
}

function typeIssue(expected: string, value: unknown, c?: boolean): Issue {
  return issue(
    value === undefined
      ? "Required"
      : `Expected ${expected}, received ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`,
    c,
  );
}

/** The issue of a failed bound, worded by what the value is (zod words a number's bound too). */
function size(value: unknown, limit: number, max: boolean): Issue {
  const at = `at ${max ? "most" : "least"} ${limit}`;
  return issue(
    Array.isArray(value)
      ? `Array must contain ${at} element(s)`
      : typeof value === "string"
        ? `String must contain ${at} character(s)`
        : `Number must be ${max ? "less" : "greater"} than or equal to ${limit}`,
    true,
  );
}

/**
 * zod's comparisons, negated as zod writes them: a bound is met only when the measure provably
 * meets it, so a `length` that is no number (`{ length: "x" }`, `NaN`) misses both bounds.
 */
function limits(
  { min, max }: { min?: number; max?: number },
  value: unknown,
  measured: number,
  out: Issue[] | undefined,
): Issue[] | undefined {
  if (min !== undefined && !(measured >= min)) out = add(out, size(value, min, false));
  return max !== undefined && !(measured <= max) ? add(out, size(value, max, true)) : out;
}

/** zod's length checks: they run on anything with a `length` (even after a wrong type) unless zod stopped explicitly. */
function sizes(
  node: { min?: number; max?: number },
  value: unknown,
  out: Issue[] | undefined,
): Issue[] | undefined {
  const units = (value as { length?: number } | null | undefined)?.length;
  if (units === undefined || out?.some((issue) => issue.c === false)) return out;
  // Strings are measured in code points, as zod does (only a surrogate pair makes them differ).
  return limits(
    node,
    value,
    typeof value === "string" && /[\uD800-\uDFFF]/.test(value) ? [...value].length : units,
    out,
  );
}

function nest(
  out: Issue[] | undefined,
  inner: Issue[] | undefined,
  key: string | number,
): Issue[] | undefined {
  if (!inner) return out;
  for (const issue of inner) issue.p.unshift(key);
  return out ? out.concat(inner) : inner;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** zod's record check: an object whose constructor (if any) looks like `Object`. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const maker: unknown = value.constructor;
  return typeof maker !== "function" || Object.hasOwn(Object(maker.prototype), "isPrototypeOf");
}
