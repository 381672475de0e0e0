import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { generatedHeader } from "./generated-header.ts";

interface SpecSchemas {
  components?: { schemas?: Record<string, { description?: string; title?: string }> };
}

/**
 * One named type alias per component schema (`ImageGenerationRequest`, `ChatCompletion`, ...),
 * with the schema's description as its doc comment, so users import names rather than index
 * `components["schemas"]` themselves. Raw `paths` stay on the `/openapi` subpath.
 */
export async function generateTypeAliases(specPath: string): Promise<string> {
  const spec = parse(await readFile(specPath, "utf8")) as SpecSchemas;
  const schemas = spec.components?.schemas ?? {};
  const lines = [
    generatedHeader("spec/openapi.yaml"),
    'import type { components } from "./openapi";',
    "",
  ];
  for (const [name, schema] of Object.entries(schemas)) {
    const doc = firstSentence(
      schema.description ?? schema.title ?? `The \`${name}\` schema of the spec.`,
    );
    lines.push(`/** ${doc} */`, `export type ${name} = components["schemas"]["${name}"];`, "");
  }
  return lines.join("\n");
}

/** The first sentence of a description, on one line, safe inside a doc comment. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim().replaceAll("*/", "*\\/");
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}
