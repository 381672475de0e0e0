// Every wire example under spec/examples/ must validate against the schema it illustrates, so
// the examples can be reused as fixtures by the mock and the client tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import * as schemas from "./generated/schemas";

const examplesDir = join(import.meta.dirname, "../../../spec/examples");

/** Request and success schemas per operation (the folder name is the operationId). */
const operations: Record<string, { request?: z.ZodMiniType; response: z.ZodMiniType }> = {
  generateImages: {
    request: schemas.zGenerateImagesBody,
    response: schemas.zGenerateImagesResponse,
  },
  editImages: { request: schemas.zEditImagesBody, response: schemas.zEditImagesResponse },
  createChatCompletion: {
    request: schemas.zCreateChatCompletionBody,
    response: schemas.zCreateChatCompletionResponse,
  },
  listModels: { response: schemas.zListModelsResponse },
};

interface Example {
  file: string;
  schema: z.ZodMiniType;
  schemaName: string;
  value: unknown;
}

/** `data:` payloads of an SSE transcript, each with the schema its event name calls for. */
function streamEvents(file: string, text: string): Example[] {
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim() !== "")
    .flatMap((block, index) => {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data === undefined) throw new Error(`${file}: event ${index} has no data line`);
      if (data === "[DONE]") return [];
      const isError = event === "error";
      return [
        {
          file: `${file} (event ${index})`,
          schema: isError ? schemas.zErrorResponse : schemas.zChatCompletionChunk,
          schemaName: isError ? "ErrorResponse" : "ChatCompletionChunk",
          value: JSON.parse(data),
        },
      ];
    });
}

function loadExamples(): Example[] {
  return Object.entries(operations).flatMap(([operationId, operation]) =>
    readdirSync(join(examplesDir, operationId)).flatMap((name): Example[] => {
      const file = `spec/examples/${operationId}/${name}`;
      const text = readFileSync(join(examplesDir, operationId, name), "utf8");
      if (name.endsWith(".sse")) return streamEvents(file, text);
      const value: unknown = JSON.parse(text);
      if (name.startsWith("request.")) {
        if (!operation.request) throw new Error(`${file}: ${operationId} takes no request body`);
        return [{ file, schema: operation.request, schemaName: `${operationId} body`, value }];
      }
      const status = /^response\.(\d{3})\./.exec(name)?.[1];
      if (!status)
        throw new Error(`${file}: name it request.<name>.json or response.<status>.<name>.json`);
      return status === "200"
        ? [{ file, schema: operation.response, schemaName: `${operationId} 200 response`, value }]
        : [{ file, schema: schemas.zErrorResponse, schemaName: "ErrorResponse", value }];
    }),
  );
}

const examples = loadExamples();

describe("spec/examples", () => {
  it("has a request and a 200 response example for every operation", () => {
    for (const [operationId, operation] of Object.entries(operations)) {
      const names = readdirSync(join(examplesDir, operationId));
      if (operation.request) expect(names.some((name) => name.startsWith("request."))).toBe(true);
      expect(names.some((name) => name.startsWith("response.200."))).toBe(true);
    }
  });

  it.each(examples.map((example) => [example.file, example] as const))(
    "%s validates against its schema",
    (_file, example) => {
      const result = example.schema.safeParse(example.value);
      const problems = result.success
        ? []
        : result.error.issues.map(
            (issue) => `${issue.path.join(".") || "(root)"}: ${issue.code} ${issue.message}`,
          );
      expect(problems, `${example.file} does not match ${example.schemaName}`).toEqual([]);
    },
  );

  // The gateway's schema strips a field it does not name: an example holding one would show a
  // request whose field never arrives (an assistant's `images`, which the model never sees).
  it.each(
    examples
      .filter((example) => example.schemaName.endsWith(" body"))
      .map((example) => [example.file, example] as const),
  )("%s holds no field the gateway drops", (_file, example) => {
    const parsed = example.schema.safeParse(example.value);
    expect(droppedFields(example.value, parsed.data), example.file).toEqual([]);
  });
});

/** The paths of `sent` that are not in `kept` (what a parse stripped), e.g. `messages.2.images`. */
function droppedFields(sent: unknown, kept: unknown, path = ""): string[] {
  if (typeof sent !== "object" || sent === null) return [];
  return Object.entries(sent).flatMap(([key, value]) => {
    const at = path === "" ? key : `${path}.${key}`;
    if (typeof kept !== "object" || kept === null || !Object.hasOwn(kept, key)) return [at];
    return droppedFields(value, Reflect.get(kept, key), at);
  });
}
