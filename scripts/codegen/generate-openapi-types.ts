import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { generatedHeader } from "./generated-header.ts";

/**
 * Types for every path, operation and component of the spec (openapi-typescript).
 * `defaultNonNullable: false` keeps request fields that have a default optional, which is what a
 * caller may omit; responses declare no defaults, so their types are unaffected.
 */
export async function generateOpenapiTypes(specPath: string): Promise<string> {
  const ast = await openapiTS(pathToFileURL(specPath), {
    defaultNonNullable: false,
    alphabetize: false,
    exportType: false,
  });
  return `${generatedHeader("spec/openapi.yaml")}\n${astToString(ast)}`;
}
