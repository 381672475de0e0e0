import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { generateModelCatalog } from "./generate-model-catalog.ts";
import { generateOpenapiTypes } from "./generate-openapi-types.ts";
import { generateTypeAliases } from "./generate-type-aliases.ts";
import { generateValidators } from "./generate-validators.ts";
import { generateZodSchemas } from "./generate-zod-schemas.ts";
import { validateSpec } from "./validate-spec.ts";

/** Where the generated files live, relative to the repository root. */
export const generatedDir = "packages/contract/src/generated";

/** Every generated file, as a map from its path under `generatedDir` (`/`-separated) to its content. */
export async function generateAll(root: string): Promise<Map<string, string>> {
  const spec = join(root, "spec/openapi.yaml");
  await step("validating spec/openapi.yaml", () => validateSpec(spec));
  const steps = [
    step("spec/openapi.yaml → openapi.ts", () => generateOpenapiTypes(spec)),
    step("spec/openapi.yaml → types.ts", () => generateTypeAliases(spec)),
    step("spec/openapi.yaml → schemas.ts", () => generateZodSchemas(spec)),
    step("spec/openapi.yaml → validators.ts and validators/", () => generateValidators(spec)),
    step("spec/models.yaml → models.ts", () =>
      generateModelCatalog(join(root, "spec/models.yaml"), join(root, "spec/models.schema.json")),
    ),
  ] as const;
  // Let every step end before failing, so no generator outlives the run (or its temp files).
  await Promise.allSettled(steps);
  const [openapi, types, schemas, validators, models] = await Promise.all(steps);
  return new Map([
    ["openapi.ts", openapi],
    ["types.ts", types],
    ["schemas.ts", schemas],
    ...validators,
    ["models.ts", models],
  ]);
}

/** The files under `dir` (the generated folder), as the keys of `generateAll` name them. */
export async function generatedFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/** Names the step in the error, so a failure says which source broke. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`codegen failed at ${name}:\n${message}`, { cause: error });
  }
}
