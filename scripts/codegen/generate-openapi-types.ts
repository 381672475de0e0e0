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
  return `${generatedHeader("spec/openapi.yaml")}\n${documentTopLevel(astToString(ast))}`;
}

/** What each of openapi-typescript's top-level names holds (it writes them without a doc comment). */
const topLevelDocs: Record<string, string> = {
  paths: "Every path of the gateway's API, by method: what openapi-fetch's typed calls read.",
  webhooks: "The spec's webhooks: none.",
  components: "The spec's reusable schemas, parameters and responses.",
  $defs: "The spec's `$defs`: none.",
  operations: "Every operation by its `operationId`: parameters, request body and responses.",
};

function documentTopLevel(source: string): string {
  return source.replace(
    /^export (interface|type) (\$?\w+)\b/gm,
    (line, _kind: string, name: string) => {
      const doc = topLevelDocs[name];
      return doc ? `/** ${doc} */\n${line}` : line;
    },
  );
}
