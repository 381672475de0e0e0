// Validates spec/models.yaml: structure against spec/models.schema.json (ajv, draft 2020-12),
// then the cross-field rules a JSON Schema cannot express. Every problem is collected and thrown
// as one CatalogError, one line per problem, so a catalog edit is fixed in one pass.
//
// Where each rule of the catalog lives:
// - schema: field types, unknown keys, required fields, enums, per-kind shapes of `pricing` and
//   `image.sizes` (discriminated by `kind`), WxH / W:H / date / pinned-id patterns, prices >= 0,
//   non-empty size lists, `seed` never in endpoints.images (not in that enum).
// - here: everything that compares two fields or two models (see SEMANTIC_RULES). These rules
//   only read models that passed the schema, so a model with a structural problem gets its
//   cross-field problems reported once the structure is fixed.
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import { parseSize, sizeRuleViolations } from "../../packages/contract/src/size-rules.ts";

export { parseSize, sizeRuleViolations };

// Types: generated from spec/models.schema.json into @pictor/contract (the catalog's own schema).
import type {
  Catalog,
  CatalogModel,
  ChatEndpointOption,
  EditCapabilities,
  EndpointOptions,
  ImageCapabilities,
  ImageQuality,
  ImageSizes,
  ImageSizeTier,
  ImagesEndpointOption,
  ListImageSizes,
  Modality,
  ModelStatus,
  NoImageSizes,
  PerImagePricing,
  PerTierPricing,
  PerTokenPricing,
  PixelImageSizes,
  Pricing,
  ProviderFamily,
  ProviderMapping,
  SizeRule,
} from "../../packages/contract/src/generated/models.ts";

export type {
  Catalog,
  CatalogModel,
  ChatEndpointOption,
  EditCapabilities,
  EndpointOptions,
  ImageCapabilities,
  ImageQuality,
  ImageSizes,
  ImageSizeTier,
  ImagesEndpointOption,
  ListImageSizes,
  Modality,
  ModelStatus,
  NoImageSizes,
  PerImagePricing,
  PerTierPricing,
  PerTokenPricing,
  PixelImageSizes,
  Pricing,
  ProviderFamily,
  ProviderMapping,
  SizeRule,
};

declare const validatedBrand: unique symbol;

/** A catalog that passed validateCatalog (schema and semantic rules). */
export type ValidatedCatalog = Catalog & { readonly [validatedBrand]: true };

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** One problem found in the catalog. */
export interface CatalogProblem {
  /** Which check found it: "schema", "yaml", or one of SEMANTIC_RULES. */
  rule: string;
  /** Location inside the file, e.g. `models[3].image.sizes.default`. */
  path: string;
  /** The model's id, when the problem is inside a model that has one. */
  modelId?: string;
  message: string;
  /** The full line: `<file>: <path with model label>: <message>`. */
  line: string;
}

/** Thrown by validateCatalog / loadCatalog; `message` lists every problem, one per line. */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
  readonly file: string;
  readonly problems: readonly CatalogProblem[];

  constructor(file: string, problems: readonly CatalogProblem[]) {
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    super(
      [`${file}: the model catalog is invalid (${count}):`, ...problems.map((p) => p.line)].join(
        "\n",
      ),
    );
    this.file = file;
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

const schemaUrl = new URL("../../spec/models.schema.json", import.meta.url);

/** The JSON Schema of the catalog (spec/models.schema.json), parsed. */
export const catalogSchema: Record<string, unknown> = JSON.parse(readFileSync(schemaUrl, "utf8"));

// Compiled once, on first use: compiling costs more than validating.
let compiled: ReturnType<Ajv2020["compile"]> | undefined;
function schemaValidator(): ReturnType<Ajv2020["compile"]> {
  // strictRequired off: the discriminated unions require `kind` at the union level, where the
  // property is only defined in the branches. discriminator: errors come from the chosen branch only.
  compiled ??= new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    discriminator: true,
    verbose: true,
  }).compile(catalogSchema);
  return compiled;
}

/**
 * Validates a parsed catalog against spec/models.schema.json and the semantic rules.
 * @throws CatalogError listing every problem, one per line.
 * @example validateCatalog(parse(readFileSync("spec/models.yaml", "utf8")))
 */
export function validateCatalog(raw: unknown, file = "spec/models.yaml"): ValidatedCatalog {
  const report = new Reporter(file, raw);
  const validate = schemaValidator();
  const badModels = new Set<number>();
  let structureOk = true;
  if (!validate(raw)) {
    for (const error of validate.errors ?? []) {
      const [top, index] = pointerToPath(error.instancePath);
      if (top === "models" && typeof index === "number") badModels.add(index);
      else structureOk = false;
      const problem = describeSchemaError(error);
      if (problem) report.add("schema", problem.path, problem.message);
    }
  }
  // Semantic rules only read models that passed the schema, so they never trip over bad shapes.
  if (structureOk && isRecord(raw) && Array.isArray(raw.models)) {
    const models: IndexedModel[] = [];
    raw.models.forEach((model: unknown, index: number) => {
      if (!badModels.has(index)) models.push({ index, model: model as CatalogModel });
    });
    for (const rule of Object.values(SEMANTIC_RULES)) rule(models, report);
  }
  if (report.problems.length > 0) throw new CatalogError(file, report.problems);
  return raw as ValidatedCatalog;
}

/**
 * Reads a YAML catalog file and validates it.
 * @throws CatalogError on a YAML syntax error or any catalog problem.
 * @example const catalog = loadCatalog("spec/models.yaml");
 */
export function loadCatalog(path: string): ValidatedCatalog {
  const file = displayPath(path);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const problem: CatalogProblem = {
      rule: "yaml",
      path: "",
      message,
      line: `${file}: ${message}`,
    };
    throw new CatalogError(file, [problem]);
  }
  return validateCatalog(raw, file);
}

// Paths inside the working directory read better relative (`spec/models.yaml`).
function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

// ---------------------------------------------------------------------------------------------
// Problem collection and paths
// ---------------------------------------------------------------------------------------------

type PathSegment = string | number;

interface IndexedModel {
  index: number;
  model: CatalogModel;
}

class Reporter {
  readonly problems: CatalogProblem[] = [];
  readonly #seen = new Set<string>();

  constructor(
    readonly file: string,
    readonly raw: unknown,
  ) {}

  add(rule: string, path: readonly PathSegment[], message: string): void {
    const modelId = this.#modelId(path);
    const line = `${this.file}: ${formatPath(path, this.#modelLabel(path))}: ${message}`;
    if (this.#seen.has(line)) return;
    this.#seen.add(line);
    const problem: CatalogProblem = { rule, path: formatPath(path), message, line };
    if (modelId !== undefined) problem.modelId = modelId;
    this.problems.push(problem);
  }

  #model(path: readonly PathSegment[]): Record<string, unknown> | undefined {
    if (path[0] !== "models" || typeof path[1] !== "number") return undefined;
    const models = isRecord(this.raw) ? this.raw.models : undefined;
    const model: unknown = Array.isArray(models) ? models[path[1]] : undefined;
    return isRecord(model) ? model : undefined;
  }

  #modelId(path: readonly PathSegment[]): string | undefined {
    const id = this.#model(path)?.id;
    return typeof id === "string" ? id : undefined;
  }

  // `bytedance/seedream-4-5`: the family makes the id unambiguous at a glance.
  #modelLabel(path: readonly PathSegment[]): string | undefined {
    const model = this.#model(path);
    if (!model || typeof model.id !== "string") return undefined;
    return typeof model.provider === "string" ? `${model.provider}/${model.id}` : model.id;
  }
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `["models", 3, "image", "sizes"]` → `models[3] (label).image.sizes`. */
function formatPath(path: readonly PathSegment[], modelLabel?: string): string {
  let out = "";
  path.forEach((segment, i) => {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (identifier.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
    if (i === 1 && path[0] === "models" && modelLabel) out += ` (${modelLabel})`;
  });
  return out === "" ? "(root)" : out;
}

// ---------------------------------------------------------------------------------------------
// Schema errors → one readable line each
// ---------------------------------------------------------------------------------------------

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function show(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value) ?? String(value);
}

function resolveRef(ref: unknown): Record<string, unknown> | undefined {
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return undefined;
  const defs = catalogSchema.$defs;
  const target = isRecord(defs) ? defs[ref.slice("#/$defs/".length)] : undefined;
  return isRecord(target) ? target : undefined;
}

// The allowed `kind` values of a discriminated union, read from its branches.
function discriminatorValues(parentSchema: unknown, tag: string): string[] {
  const branches =
    isRecord(parentSchema) && Array.isArray(parentSchema.oneOf) ? parentSchema.oneOf : [];
  return branches.flatMap((branch: unknown) => {
    const schema = isRecord(branch) && "$ref" in branch ? resolveRef(branch.$ref) : branch;
    const properties = isRecord(schema) ? schema.properties : undefined;
    const property = isRecord(properties) ? properties[tag] : undefined;
    return isRecord(property) && typeof property.const === "string" ? [property.const] : [];
  });
}

function describeSchemaError(
  error: ErrorObject,
): { path: PathSegment[]; message: string } | undefined {
  const path = pointerToPath(error.instancePath);
  // Errors raised by `propertyNames` are about a key: point at it and say so.
  const isKey = error.propertyName !== undefined;
  if (error.propertyName !== undefined) path.push(error.propertyName);
  const what = isKey ? `key ${show(error.data)}` : show(error.data);
  const params: Record<string, unknown> = error.params;
  const parent = isRecord(error.parentSchema) ? error.parentSchema : {};
  const hint = typeof parent.description === "string" ? ` (${parent.description})` : "";
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = isRecord(parent.properties) ? Object.keys(parent.properties) : [];
      return { path: [...path, key], message: `unknown key; allowed here: ${allowed.join(", ")}` };
    }
    case "required":
      return { path: [...path, String(params.missingProperty)], message: "is required" };
    case "type":
      return { path, message: `must be ${String(params.type)}, got ${show(error.data)}` };
    case "enum": {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { path, message: `${what} is not one of: ${allowed.join(", ")}` };
    }
    case "const":
      return { path, message: `must be ${show(params.allowedValue)}, got ${show(error.data)}` };
    case "pattern":
      return {
        path,
        message: `${what} is not valid${hint || `: must match ${String(params.pattern)}`}`,
      };
    case "discriminator": {
      const tag = String(params.tag);
      // A missing tag is already reported by `required`.
      if (params.error === "tag" && isRecord(error.data) && !(tag in error.data)) return undefined;
      const allowed = discriminatorValues(error.parentSchema, tag);
      return {
        path: [...path, tag],
        message: `${show(params.tagValue)} is not one of: ${allowed.join(", ")}`,
      };
    }
    case "propertyNames":
      return undefined; // the nested error (on the key itself) says more
    case "uniqueItems":
      return {
        path,
        message: `has a duplicate item (items ${String(params.j)} and ${String(params.i)})`,
      };
    default:
      return { path, message: `${error.message ?? error.keyword}, got ${show(error.data)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Semantic rules
// ---------------------------------------------------------------------------------------------

type Rule = (models: readonly IndexedModel[], report: Reporter) => void;

const at = (index: number, ...rest: PathSegment[]): PathSegment[] => ["models", index, ...rest];

/** Ids, aliases and pinned ids share one namespace: the `model` field of a request. */
const uniqueIds: Rule = (models, report) => {
  const owners = new Map<string, string>();
  for (const { index, model } of models) {
    const names: [PathSegment[], string][] = [
      [at(index, "id"), model.id],
      ...model.aliases.map((alias, i): [PathSegment[], string] => [at(index, "aliases", i), alias]),
      ...model.pinned_ids.map((pinned, i): [PathSegment[], string] => [
        at(index, "pinned_ids", i),
        pinned,
      ]),
    ];
    for (const [path, name] of names) {
      const owner = owners.get(name);
      if (owner) report.add("unique-ids", path, `"${name}" is already used by ${owner}`);
      else owners.set(name, formatPath(path, `${model.provider}/${model.id}`));
    }
  }
};

/** A pinned id is `<provider_id>/<model id or alias>` for one of the model's provider mappings. */
const pinnedIds: Rule = (models, report) => {
  for (const { index, model } of models) {
    const providers = model.providers.map((p) => p.provider_id);
    const names = [model.id, ...model.aliases];
    model.pinned_ids.forEach((pinned, i) => {
      const slash = pinned.indexOf("/");
      const prefix = pinned.slice(0, slash);
      const rest = pinned.slice(slash + 1);
      if (slash < 1 || rest === "") {
        report.add(
          "pinned-ids",
          at(index, "pinned_ids", i),
          `"${pinned}" is not "<provider>/<id>"`,
        );
        return;
      }
      if (!providers.includes(prefix))
        report.add(
          "pinned-ids",
          at(index, "pinned_ids", i),
          `"${pinned}": "${prefix}" is not one of providers[].provider_id (${providers.join(", ")})`,
        );
      if (!names.includes(rest))
        report.add(
          "pinned-ids",
          at(index, "pinned_ids", i),
          `"${pinned}": "${rest}" is neither the id nor an alias of this model`,
        );
    });
  }
};

/** Each gateway provider appears once per model. */
const uniqueProviders: Rule = (models, report) => {
  for (const { index, model } of models) {
    const seen = new Set<string>();
    model.providers.forEach((mapping, i) => {
      if (seen.has(mapping.provider_id))
        report.add(
          "unique-providers",
          at(index, "providers", i, "provider_id"),
          `"${mapping.provider_id}" is listed twice`,
        );
      seen.add(mapping.provider_id);
    });
  }
};

/** A size rule's bounds are ordered, and the default size is one the model accepts. */
const sizes: Rule = (models, report) => {
  for (const { index, model } of models) {
    const s = model.image.sizes;
    if (s.kind === "list") {
      if (s.default !== undefined && !s.values.includes(s.default))
        report.add(
          "sizes",
          at(index, "image", "sizes", "default"),
          `"${s.default}" is not among sizes.values`,
        );
    } else if (s.kind === "pixels") {
      const r = s.rule;
      const pairs: [keyof SizeRule, keyof SizeRule][] = [
        ["min_edge", "max_edge"],
        ["min_pixels", "max_pixels"],
        ["min_ratio", "max_ratio"],
      ];
      for (const [lo, hi] of pairs) {
        const low = r[lo];
        const high = r[hi];
        if (low !== undefined && high !== undefined && low > high)
          report.add(
            "sizes",
            at(index, "image", "sizes", "rule", lo),
            `${low} is greater than ${hi} ${high}`,
          );
      }
      if (s.default !== undefined) {
        const broken = sizeRuleViolations(s.default, r);
        if (broken.length > 0)
          report.add(
            "sizes",
            at(index, "image", "sizes", "default"),
            `"${s.default}" does not satisfy sizes.rule: ${broken.join("; ")}`,
          );
      }
    }
  }
};

/** Defaults are members of their lists. */
const defaults: Rule = (models, report) => {
  for (const { index, model } of models) {
    const img = model.image;
    if (img.default_image_size !== undefined && !img.image_sizes.includes(img.default_image_size))
      report.add(
        "defaults",
        at(index, "image", "default_image_size"),
        `"${img.default_image_size}" is not among image_sizes [${img.image_sizes.join(", ")}]`,
      );
    if (
      img.default_aspect_ratio !== undefined &&
      !img.aspect_ratios.includes(img.default_aspect_ratio)
    )
      report.add(
        "defaults",
        at(index, "image", "default_aspect_ratio"),
        `"${img.default_aspect_ratio}" is not among aspect_ratios [${img.aspect_ratios.join(", ")}]`,
      );
  }
};

/**
 * An option is listed on an endpoint exactly when the model honours it, so the SDK can reject
 * what would be dropped and never reject what works. `seed` is chat-only (/images/* strips it).
 */
const endpoints: Rule = (models, report) => {
  for (const { index, model } of models) {
    const img = model.image;
    const takesSize = img.sizes.kind !== "none" || img.image_sizes.length > 0;
    const sizeWhy = 'image.sizes.kind is not "none" or image.image_sizes is non-empty';
    // [option on /images/*, image_config key on chat, honoured, why]; seed has no /images/* field.
    const table: [ImagesEndpointOption | null, ChatEndpointOption, boolean, string][] = [
      ["size", "image_size", takesSize, sizeWhy],
      [
        "aspect_ratio",
        "aspect_ratio",
        img.aspect_ratios.length > 0,
        "image.aspect_ratios is non-empty",
      ],
      ["quality", "image_quality", img.qualities.length > 0, "image.qualities is non-empty"],
      ["moderation", "moderation", img.moderation, "image.moderation is true"],
      ["n", "n", img.max_n > 1, "image.max_n > 1"],
      [null, "seed", img.seed, "image.seed is true"],
    ];
    const checks = table.flatMap(([images, chat, honoured, why]) => [
      ...(images ? [{ endpoint: "images" as const, option: images, honoured, why }] : []),
      { endpoint: "chat" as const, option: chat, honoured, why },
    ]);
    for (const { endpoint, option, honoured, why } of checks) {
      const list: readonly string[] = model.endpoints[endpoint];
      const position = list.indexOf(option);
      if (position >= 0 && !honoured)
        report.add(
          "endpoints",
          at(index, "endpoints", endpoint, position),
          `"${option}" is listed, but only allowed when ${why}`,
        );
      else if (position < 0 && honoured)
        report.add(
          "endpoints",
          at(index, "endpoints", endpoint),
          `must list "${option}" because ${why}`,
        );
    }
  }
};

/** Edit capabilities agree with each other and with the input modalities. */
const edits: Rule = (models, report) => {
  for (const { index, model } of models) {
    const e = model.edits;
    if (!e.supported) {
      if (e.max_input_images !== 0)
        report.add(
          "edits",
          at(index, "edits", "max_input_images"),
          `must be 0 when edits.supported is false, got ${e.max_input_images}`,
        );
      if (e.requires_input_image)
        report.add(
          "edits",
          at(index, "edits", "requires_input_image"),
          "must be false when edits.supported is false",
        );
    } else {
      if (e.max_input_images < 1)
        report.add(
          "edits",
          at(index, "edits", "max_input_images"),
          "must be at least 1 when edits.supported is true",
        );
      if (!model.input_modalities.includes("image"))
        report.add(
          "edits",
          at(index, "input_modalities"),
          'must include "image" because edits.supported is true',
        );
    }
  }
};

/** Pricing fields that refer to other fields point at existing values. */
const pricing: Rule = (models, report) => {
  for (const { index, model } of models) {
    const p = model.pricing;
    if (p.kind === "per_tier" && !(p.default_tier in p.tiers))
      report.add(
        "pricing",
        at(index, "pricing", "default_tier"),
        `"${p.default_tier}" is not a key of pricing.tiers (${Object.keys(p.tiers).join(", ")})`,
      );
    if (p.kind === "per_token" && p.output_image_tokens && model.image.image_sizes.length > 0) {
      const tiers: readonly string[] = model.image.image_sizes;
      for (const key of Object.keys(p.output_image_tokens)) {
        if (key !== "default" && !tiers.includes(key))
          report.add(
            "pricing",
            at(index, "pricing", "output_image_tokens", key),
            `"${key}" is not among image.image_sizes [${tiers.join(", ")}]`,
          );
      }
    }
  }
};

/** An image model outputs images. */
const modalities: Rule = (models, report) => {
  for (const { index, model } of models) {
    if (!model.output_modalities.includes("image"))
      report.add("modalities", at(index, "output_modalities"), 'must include "image"');
  }
};

/** A deactivated model says since when; dates are real calendar dates. */
const lifecycle: Rule = (models, report) => {
  for (const { index, model } of models) {
    if (model.status === "deactivated" && model.deactivated_at === undefined)
      report.add(
        "lifecycle",
        at(index, "deactivated_at"),
        'is required when status is "deactivated"',
      );
    const date = model.deactivated_at;
    if (date !== undefined && !isCalendarDate(date))
      report.add("lifecycle", at(index, "deactivated_at"), `"${date}" is not a calendar date`);
  }
};

/** The cross-field rules, by name (the name is `CatalogProblem.rule`). */
export const SEMANTIC_RULES = {
  "unique-ids": uniqueIds,
  "pinned-ids": pinnedIds,
  "unique-providers": uniqueProviders,
  sizes,
  defaults,
  endpoints,
  edits,
  pricing,
  modalities,
  lifecycle,
} satisfies Record<string, Rule>;

// Date.parse rolls 2026-02-30 over to March 2, so compare the round trip.
function isCalendarDate(date: string): boolean {
  const time = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
