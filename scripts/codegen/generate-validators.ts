import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import * as z from "zod/mini";
import { firstSentence } from "./generate-type-aliases.ts";
import { generatedHeader } from "./generated-header.ts";

/** A spec schema object, as far as this generator reads it. */
interface SpecSchema {
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
  items?: SpecSchema;
  properties?: Record<string, SpecSchema>;
  required?: string[];
  additionalProperties?: SpecSchema | boolean;
  oneOf?: SpecSchema[];
  anyOf?: SpecSchema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  description?: string;
  title?: string;
}

interface SpecOperation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: SpecSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: SpecSchema }> }>;
}

interface Spec {
  paths?: Record<string, Record<string, SpecOperation>>;
  components?: { schemas?: Record<string, SpecSchema> };
}

/** Keywords that only document a schema: validation ignores them, so does the generator. */
const documentation = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "x-pattern-message",
]);

/** A reference to another generated constant, written as its identifier. */
class Ref {
  /** `leaf`: one of the shared leaf nodes (`plainString`, ...), not a component. */
  constructor(
    readonly name: string,
    readonly leaf = false,
  ) {}
}

type Emitted = Ref | RegExp | string | number | boolean | Emitted[] | { [key: string]: Emitted };

/**
 * Lean validators (`packages/contract/src/generated/validators/`): every component schema of the
 * spec as plain data for the interpreter in `wire/validate.ts`, pruned to what validation reads.
 * One exported constant per schema, referencing the others by name, so a bundler keeps only the
 * schemas a program validates with. Mirrors what the zod plugin of @hey-api/openapi-ts makes of
 * each keyword (schemas.ts); a keyword or combination it cannot mirror exactly fails the
 * generation rather than validating differently.
 *
 * Written as one file per group of operations (the first segment of their path: `images`,
 * `chat`, `models`) holding the schemas only that group reaches, `shared` for the rest, and
 * `validators.ts` re-exporting them all. Why: a bundler that splits code puts a whole module in
 * one chunk, so with a single file a page that only generates images loaded the chat and model
 * list validators too (ADR 0010).
 */
export async function generateValidators(specPath: string): Promise<Map<string, string>> {
  const spec = parse(await readFile(specPath, "utf8")) as Spec;
  const schemas = spec.components?.schemas ?? {};
  const refName = (ref: string): string => {
    const name = ref.replace(/^#\/components\/schemas\//, "");
    if (name === ref || !(name in schemas))
      throw new Error(`only component schemas can be referenced: ${ref}`);
    return name;
  };
  const convert = (schema: SpecSchema, at: string): Emitted =>
    node(schema, refName, (ref) => schemas[refName(ref)] ?? {}, at);

  const nodes = new Map<string, Emitted>();
  const leaves = new Map<string, Emitted>();
  for (const [name, schema] of Object.entries(schemas)) {
    nodes.set(name, shareLeaves(convert(schema, `#/components/schemas/${name}`), leaves, true));
  }
  const fileOf = groupSchemas(spec, nodes);
  const aliases = operationAliases(spec, refName);
  const files = [...new Set(["shared", ...fileOf.values(), ...aliases.map((a) => a.file)])];

  const ordered = dependencyOrder(nodes);
  const out = new Map<string, string>();
  for (const file of files) {
    const names = ordered.filter((name) => fileOf.get(name) === file);
    const body: string[] = [];
    for (const name of names) {
      const schema = schemas[name] ?? {};
      const doc = firstSentence(schema.description ?? schema.title ?? `The \`${name}\` schema.`);
      body.push(
        `/** ${doc} */`,
        `export const v${name}: Validator<${name}> = ${emit(nodes.get(name) ?? {}, "")};`,
        "",
      );
    }
    // The operations' bodies and JSON responses under the names the zod schemas have.
    for (const alias of aliases.filter((a) => a.file === file))
      body.push(`/** ${alias.doc} */`, `export const ${alias.name} = v${alias.target};`, "");
    const used = new Set(body.join("\n").match(/\b\w+\b/g));
    const fromLeaves = [...leaves.keys()].filter((name) => used.has(name));
    const fromShared = [...nodes.keys()]
      .filter((name) => fileOf.get(name) === "shared" && file !== "shared")
      .map((name) => `v${name}`)
      .filter((name) => used.has(name));
    const types = names.filter((name) => used.has(name));
    out.set(
      `validators/${file}.ts`,
      [
        generatedHeader("spec/openapi.yaml"),
        `// Lean validators of ${file === "shared" ? "more than one group of operations" : `the \`/${file}\` operations`}: the spec's schemas as data for`,
        "// `validate`/`isValid` (wire/validate.ts), which give the same issues as the zod schemas in",
        "// schemas.ts without bundling zod. `../validators.ts` re-exports every group.",
        "",
        'import type { Validator } from "../../wire/validate";',
        ...(types.length > 0
          ? [`import type {\n${types.map((name) => `  ${name},`).join("\n")}\n} from "../types";`]
          : []),
        ...importsFrom("./leaves", fromLeaves),
        ...importsFrom("./shared", fromShared),
        "",
        ...body,
      ].join("\n"),
    );
  }
  out.set(
    "validators/leaves.ts",
    [
      generatedHeader("spec/openapi.yaml"),
      '// The plain leaves of the lean validators, shared by every file: a bare `{ t: "s" }` occurs',
      "// dozens of times. Not re-exported by `../validators.ts`: they are no schema of the spec.",
      "",
      'import type { SchemaNode } from "../../wire/validate";',
      "",
      ...[...leaves].flatMap(([name, leaf]) => [
        `/** ${leafDoc(name)} */`,
        `export const ${name}: SchemaNode = ${emit(leaf, "")};`,
      ]),
      "",
    ].join("\n"),
  );
  out.set(
    "validators.ts",
    [
      generatedHeader("spec/openapi.yaml"),
      "// Lean validators of every schema of the spec, one file per group of operations (see",
      "// validators/): the spec's schemas as data for `validate`/`isValid` (wire/validate.ts).",
      "",
      ...files.map((file) => `export * from "./validators/${file}";`),
      "",
    ].join("\n"),
  );
  return out;
}

/** The doc comment of a shared leaf: `nullableString` → "A string, or null (no limit)." */
function leafDoc(name: string): string {
  const [, nullable, kind = ""] = /^(plain|nullable)(.*)$/.exec(name) ?? [];
  const article = /^[AEIOU]/.test(kind) ? "An" : "A";
  return `${article} ${kind.toLowerCase()}${nullable === "nullable" ? ", or null" : ""} (no limit).`;
}

/** `import { a, b } from "<from>";` as lines, or nothing when there is nothing to import. */
function importsFrom(from: string, names: readonly string[]): string[] {
  return names.length > 0
    ? [`import {\n${names.map((name) => `  ${name},`).join("\n")}\n} from "${from}";`]
    : [];
}

/**
 * The file of each component schema: the group of operations (first path segment) that alone
 * reaches it, else `shared`. A shared schema may only reference shared ones: else the files
 * would import each other.
 */
function groupSchemas(spec: Spec, nodes: Map<string, Emitted>): Map<string, string> {
  const reachedBy = new Map<string, Set<string>>();
  for (const [path, operations] of Object.entries(spec.paths ?? {})) {
    const group = groupOf(path);
    if (!/^[a-z][a-z0-9-]*$/.test(group) || group === "shared" || group === "leaves")
      throw new Error(`${path}: its first segment cannot name a validators file`);
    const pending = [...refsInSpec(operations)];
    while (pending.length > 0) {
      const name = pending.pop() ?? "";
      const groups = reachedBy.get(name) ?? new Set();
      if (groups.has(group)) continue;
      groups.add(group);
      reachedBy.set(name, groups);
      pending.push(...refsIn(nodes.get(name) ?? {}).map((ref) => ref.slice(1)));
    }
  }
  const fileOf = new Map<string, string>();
  for (const name of nodes.keys()) {
    const groups = [...(reachedBy.get(name) ?? [])];
    fileOf.set(name, groups.length === 1 && groups[0] ? groups[0] : "shared");
  }
  for (const [name, value] of nodes)
    for (const ref of refsIn(value))
      if (fileOf.get(name) === "shared" && fileOf.get(ref.slice(1)) !== "shared")
        throw new Error(
          `validators: shared schema ${name} references ${ref.slice(1)} of one group`,
        );
  return fileOf;
}

/** The group of operations a path belongs to, which names its validators file: `/images/edits` → `images`. */
function groupOf(path: string): string {
  return path.split("/")[1] ?? "";
}

/** The component schemas an operation (or any spec object) names by `$ref`. */
function refsInSpec(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  const own =
    "$ref" in value &&
    typeof value.$ref === "string" &&
    value.$ref.startsWith("#/components/schemas/")
      ? [value.$ref.slice("#/components/schemas/".length)]
      : [];
  return [...own, ...Object.values(value).flatMap(refsInSpec)];
}

/** `vGenerateImagesBody = vImageGenerationRequest` and the like, with the file each goes in. */
function operationAliases(
  spec: Spec,
  refName: (ref: string) => string,
): { file: string; name: string; target: string; doc: string }[] {
  const aliases: { file: string; name: string; target: string; doc: string }[] = [];
  for (const [path, operations] of Object.entries(spec.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation.operationId) continue;
      const base = operation.operationId.replace(/^./, (first) => first.toUpperCase());
      const body = operation.requestBody?.content?.["application/json"]?.schema;
      const success = Object.entries(operation.responses ?? {}).find(([status]) =>
        /^2\d\d$/.test(status),
      )?.[1];
      const response = success?.content?.["application/json"]?.schema;
      for (const [suffix, schema, what] of [
        ["Body", body, "request body"],
        ["Response", response, "JSON response"],
      ] as const) {
        if (!schema) continue;
        if (!schema.$ref)
          throw new Error(`${method.toUpperCase()} ${path}: the ${what} must be a $ref`);
        aliases.push({
          file: groupOf(path),
          name: `v${base}${suffix}`,
          target: refName(schema.$ref),
          doc: `The ${what} of \`${method.toUpperCase()} ${path}\`.`,
        });
      }
    }
  }
  return aliases;
}

/** The interpreter node for one schema; `$ref`s become references to the named constant. */
function node(
  schema: SpecSchema,
  refName: (ref: string) => string,
  resolve: (ref: string) => SpecSchema,
  at: string,
): Emitted {
  const sub = (child: SpecSchema, where: string) => node(child, refName, resolve, `${at}/${where}`);
  for (const key of Object.keys(schema)) {
    if (!documentation.has(key) && !supported.has(key))
      throw new Error(`${at}: the lean validators do not support \`${key}\``);
  }
  if (schema.$ref) {
    if (Object.keys(schema).some((key) => key !== "$ref" && !documentation.has(key)))
      throw new Error(`${at}: a $ref with sibling keywords is not supported`);
    return new Ref(`v${refName(schema.$ref)}`);
  }

  const members = schema.oneOf ?? schema.anyOf;
  if (members) {
    const isNull = (member: SpecSchema) => member.type === "null";
    const options = members.filter((member) => !isNull(member));
    const nullable = options.length < members.length;
    if (schema.discriminator) {
      const key = schema.discriminator.propertyName;
      const mapping: Record<string, Emitted> = {};
      options.forEach((option, index) => {
        if (!option.$ref) throw new Error(`${at}: a discriminated option must be a $ref`);
        const tag = resolve(option.$ref).properties?.[key]?.const;
        if (typeof tag !== "string")
          throw new Error(`${at}: option ${index} has no string \`const\` at \`${key}\``);
        mapping[tag] = sub(option, `oneOf/${index}`);
      });
      return withNull({ t: "d", k: key, m: mapping }, nullable);
    }
    const converted = options.map((option, index) => sub(option, `oneOf/${index}`));
    // One option left: zod runs it directly (a union of one is the same), so does the interpreter.
    if (converted.length === 1 && !(converted[0] instanceof Ref) && nullable)
      return withNull(converted[0] ?? {}, true);
    return withNull({ t: "u", of: converted }, nullable);
  }

  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes("null") || (schema.enum?.includes(null) ?? false);
  const [type, ...others] = types.filter((name) => name !== "null");
  if (others.length > 0) throw new Error(`${at}: several non-null types are not supported`);

  if (schema.enum) {
    const values = schema.enum.filter((value) => value !== null);
    if (!values.every((value) => typeof value === "string"))
      throw new Error(`${at}: only string enums are supported`);
    // hey-api's zod plugin makes an enum nullable only when both its type and its values admit
    // null (as JSON Schema does: `type: [string, "null"], enum: [a, b]` rejects null). An enum
    // that lists null with no type would take null in JSON Schema but not in zod: refused.
    const listsNull = schema.enum.includes(null);
    if (listsNull && types.length === 0)
      throw new Error(`${at}: an enum that lists null needs \`type: [..., "null"]\``);
    return withNull({ t: "e", v: values.map(String) }, listsNull && types.includes("null"));
  }
  if (schema.const !== undefined) {
    if (typeof schema.const !== "string")
      throw new Error(`${at}: only string consts are supported`);
    return withNull({ t: "e", v: [schema.const] }, nullable);
  }

  switch (type) {
    case "string": {
      const out: Record<string, Emitted> = { t: "s" };
      if (schema.minLength !== undefined && schema.minLength === schema.maxLength)
        throw new Error(`${at}: an exact length (minLength = maxLength) is not supported`);
      limits(out, schema.minLength, schema.maxLength);
      if (schema.format !== undefined) {
        // zod checks a format before the lengths and the pattern; with only the format, order is moot.
        if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern)
          throw new Error(`${at}: a format with a length or pattern is not supported`);
        const format = formats[schema.format];
        if (!format) throw new Error(`${at}: format \`${schema.format}\` is not supported`);
        out.re = format.pattern;
        out.f = format.name;
      }
      // The flag rule of hey-api's zod plugin (a \p{...} escape needs the `u` flag).
      if (schema.pattern)
        out.re = new RegExp(schema.pattern, /\\[pP]\{/.test(schema.pattern) ? "u" : undefined);
      return withNull(out, nullable);
    }
    case "integer":
    case "number": {
      if (schema.format !== undefined)
        throw new Error(`${at}: format \`${schema.format}\` on a number is not supported`);
      const out: Record<string, Emitted> = type === "integer" ? { t: "n", int: 1 } : { t: "n" };
      limits(out, schema.minimum, schema.maximum);
      return withNull(out, nullable);
    }
    case "boolean":
      return withNull({ t: "b" }, nullable);
    case "array": {
      if (!schema.items) throw new Error(`${at}: an array needs \`items\``);
      const out: Record<string, Emitted> = { t: "a", of: sub(schema.items, "items") };
      limits(out, schema.minItems, schema.maxItems);
      return withNull(out, nullable);
    }
    case "object": {
      const extra = schema.additionalProperties;
      if (schema.properties) {
        if (extra !== undefined && extra !== true)
          throw new Error(`${at}: additionalProperties beside properties is not supported`);
        const properties: Record<string, Emitted> = {};
        for (const [name, property] of Object.entries(schema.properties)) {
          properties[name] = sub(property, `properties/${name}`);
        }
        const out: Record<string, Emitted> = { t: "o", p: properties };
        const required = (schema.required ?? []).filter((name) => name in properties);
        if (required.length !== (schema.required ?? []).length)
          throw new Error(`${at}: a required property is not declared`);
        if (required.length > 0) out.r = required;
        return withNull(out, nullable);
      }
      if (typeof extra === "object")
        return withNull({ t: "r", of: sub(extra, "additionalProperties") }, nullable);
      // Any object at all (`additionalProperties: true`): zod's record of unknown values.
      if (extra === true) return withNull({ t: "r" }, nullable);
      throw new Error(
        `${at}: an object needs \`properties\` or an \`additionalProperties\` schema`,
      );
    }
    default:
      throw new Error(`${at}: type \`${String(type)}\` is not supported`);
  }
}

/** Keywords the generator turns into interpreter data. */
const supported = new Set([
  "$ref",
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "items",
  "properties",
  "required",
  "additionalProperties",
  "oneOf",
  "anyOf",
  "discriminator",
]);

/**
 * String formats, with the pattern and name zod's own check uses (`Invalid datetime`), read
 * from zod so the two cannot disagree: hey-api's zod plugin maps `date-time` to `z.iso.datetime()`.
 */
const formats: Record<string, { name: string; pattern: RegExp }> = {
  "date-time": formatOf(z.iso.datetime()),
  date: formatOf(z.iso.date()),
};

function formatOf(schema: { _zod: { def: { format: string; pattern?: RegExp } } }): {
  name: string;
  pattern: RegExp;
} {
  const { format, pattern } = schema._zod.def;
  if (!pattern) throw new Error(`zod's ${format} format has no pattern`);
  return { name: format, pattern };
}

function limits(out: Record<string, Emitted>, min?: number, max?: number): void {
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
}

function withNull(out: Emitted, nullable: boolean): Emitted {
  if (!nullable) return out;
  if (out instanceof Ref) return { t: "u", of: [out], nl: 1 };
  if (typeof out !== "object" || out instanceof RegExp || Array.isArray(out))
    throw new Error("only a schema node can be nullable");
  return { ...out, nl: 1 };
}

/**
 * `value` with each plain leaf (a string, number, integer or boolean node with no limit,
 * nullable or not) replaced by a reference to one shared constant, collected in `leaves`.
 */
function shareLeaves(value: Emitted, leaves: Map<string, Emitted>, top = false): Emitted {
  if (value instanceof Ref || value instanceof RegExp || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => shareLeaves(item, leaves));
  const kind = { s: "String", n: value.int ? "Integer" : "Number", b: "Boolean" }[String(value.t)];
  if (!top && kind && Object.keys(value).every((key) => ["t", "int", "nl"].includes(key))) {
    const name = `${value.nl ? "nullable" : "plain"}${kind}`;
    leaves.set(name, value);
    return new Ref(name, true);
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, shareLeaves(item, leaves)]),
  );
}

/** Component names with every referenced constant before the one that references it. */
function dependencyOrder(nodes: Map<string, Emitted>): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting")
      throw new Error(`recursive schemas are not supported: ${[...trail, name].join(" → ")}`);
    state.set(name, "visiting");
    for (const ref of refsIn(nodes.get(name) ?? {})) visit(ref.slice(1), [...trail, name]);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of nodes.keys()) visit(name, []);
  return order;
}

function refsIn(value: Emitted): string[] {
  if (value instanceof Ref) return value.leaf ? [] : [value.name];
  if (value instanceof RegExp || typeof value !== "object") return [];
  return Object.values(value).flatMap(refsIn);
}

/** The value as TypeScript source: objects one key a line, references by name, regex literals. */
function emit(value: Emitted, indent: string): string {
  if (value instanceof Ref) return value.name;
  if (value instanceof RegExp) return String(value);
  if (typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => emit(item, inner));
    const flat = `[${items.join(", ")}]`;
    return flat.length <= 80 && !flat.includes("\n")
      ? flat
      : `[\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([key, item]) =>
      `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${emit(item, inner)}`,
  );
  const flat = `{ ${entries.join(", ")} }`;
  return flat.length <= 80 && !flat.includes("\n")
    ? flat
    : `{\n${entries.map((entry) => `${inner}${entry},`).join("\n")}\n${indent}}`;
}
