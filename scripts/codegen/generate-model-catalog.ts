import { readFile } from "node:fs/promises";
import { compile, type JSONSchema } from "json-schema-to-typescript";
import { loadCatalog } from "../catalog/validate-catalog.ts";
import { generatedHeader } from "./generated-header.ts";

/**
 * The typed catalog: interfaces from spec/models.schema.json, then every model of
 * spec/models.yaml as a `const` object keyed by id, and an index from every id the gateway
 * accepts (id, pinned id, alias) to the canonical id. Literal types let the client type each
 * model's options (its sizes, aspect ratios, n) from this file.
 */
export async function generateModelCatalog(
  catalogPath: string,
  schemaPath: string,
): Promise<string> {
  const catalog = loadCatalog(catalogPath);
  const schema = JSON.parse(await readFile(schemaPath, "utf8")) as JSONSchema;
  const interfaces = await compile(schema, "Catalog", {
    bannerComment: "",
    additionalProperties: false,
    format: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: true,
  });

  const entries = catalog.models.map((model) => `  ${JSON.stringify(model.id)}: ${indent(model)},`);
  const rules = catalog.models.map(
    (model) => `  ${JSON.stringify(model.id)}: ${JSON.stringify(pick(model, RULE_FIELDS))},`,
  );
  const aliases = catalog.models.flatMap((model) =>
    model.aliases.map((alias) => `  ${JSON.stringify(alias)}: ${JSON.stringify(model.id)},`),
  );
  const ids = catalog.models.flatMap((model) =>
    [model.id, ...model.pinned_ids, ...model.aliases].map(
      (accepted) => `  ${JSON.stringify(accepted)}: ${JSON.stringify(model.id)},`,
    ),
  );

  return [
    generatedHeader("spec/models.yaml and spec/models.schema.json"),
    interfaces.trim(),
    "",
    "/** A deeply readonly view, the shape of the `const` catalog below. */",
    "type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;",
    "",
    "/** One model of the catalog as the generated constants hold it. */",
    "export type ImageModelEntry = DeepReadonly<CatalogModel>;",
    "",
    "/** Every image model of the catalog, keyed by its gateway id. */",
    "export const imageModels = {",
    ...entries,
    "} as const satisfies { readonly [id: string]: ImageModelEntry };",
    "",
    "/** Every id the gateway accepts for a catalog model (id, provider-pinned id, alias) → its catalog id. */",
    "export const imageModelIds = {",
    ...ids,
    "} as const;",
    "",
    "/** What request checks, routing and cost estimates read of a model: its entry without names, descriptions and provider mappings. */",
    `export type ImageModelRules = Pick<ImageModelEntry, ${RULE_FIELDS.map((field) => JSON.stringify(field)).join(" | ")}>;`,
    "",
    "/**",
    " * The catalog as `findImageModelRules` reads it: the fields of `ImageModelRules` only, one",
    " * line per model. A browser bundle that checks requests carries this instead of `imageModels`",
    " * (about half the size gzipped). Pinned ids are found from their suffix, so only aliases need",
    " * an index of their own.",
    " */",
    "export const imageModelRules: { readonly [id: string]: ImageModelRules } = {",
    ...rules,
    "};",
    "",
    "/** Every alias of a catalog model → its catalog id. */",
    "export const imageModelAliases: { readonly [alias: string]: string } = {",
    ...aliases,
    "};",
    "",
    "/** The id of a model in the catalog. */",
    "export type CatalogImageModelId = keyof typeof imageModels;",
    "",
    "/** Any id the catalog knows: ids, provider-pinned ids and aliases. */",
    "export type KnownImageModelId = keyof typeof imageModelIds;",
    "",
    "/** A model id: the known ones autocomplete, any other string is still accepted. */",
    "export type ImageModelId = KnownImageModelId | (string & {});",
    "",
  ].join("\n");
}

/** The fields of a model that `ImageModelRules` keeps (what checks, routing and cost estimates read). */
const RULE_FIELDS = [
  "id",
  "provider",
  "pinned_ids",
  "status",
  "deactivated_at",
  "pricing",
  "image",
  "edits",
  "endpoints",
] as const;

/** `value` with only `fields`, in that order (absent optional fields stay absent). */
function pick(value: object, fields: readonly string[]): Record<string, unknown> {
  const entries = Object.entries(value);
  return Object.fromEntries(fields.flatMap((field) => entries.filter(([key]) => key === field)));
}

function indent(value: unknown): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", "\n  ");
}
