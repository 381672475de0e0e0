import {
  type ChatCompletionRequest,
  describeSchemaIssues,
  type ImageEditRequest,
  type ImageGenerationRequest,
  zCreateChatCompletionBody,
  zEditImagesBody,
  zGenerateImagesBody,
  zListModelsQuery,
} from "@pictor/contract";
import type { paths } from "@pictor/contract/openapi";
import { gatewayErrorResponse } from "./gateway-error-response";

/** The query of `GET /models`, as the spec declares it. */
export type ModelsQuery = NonNullable<paths["/models"]["get"]["parameters"]["query"]>;

/** A request that passed its generated schema: the parsed body (defaults applied, unknown fields stripped). */
export type ValidCall =
  | { operation: "generate"; body: ImageGenerationRequest }
  | { operation: "edit"; body: ImageEditRequest }
  | { operation: "chat"; body: ChatCompletionRequest }
  | { operation: "models"; query: ModelsQuery };

/** The valid call, or the gateway's 400 naming every bad field (`param` is the first). */
export type ValidationResult = { ok: true; call: ValidCall } | { ok: false; response: Response };

/**
 * Validates a body (or the `models` query) with the schema generated from the spec, exactly as
 * the gateway would, so nothing invalid is ever forwarded.
 */
export function validateRequest(
  operation: ValidCall["operation"],
  input: unknown,
): ValidationResult {
  switch (operation) {
    case "generate": {
      const parsed = zGenerateImagesBody.safeParse(input);
      return parsed.success
        ? { ok: true, call: { operation, body: parsed.data } }
        : invalid(describeSchemaIssues(parsed.error, input));
    }
    case "edit": {
      const parsed = zEditImagesBody.safeParse(input);
      return parsed.success
        ? { ok: true, call: { operation, body: parsed.data } }
        : invalid(describeSchemaIssues(parsed.error, input));
    }
    case "chat": {
      const parsed = zCreateChatCompletionBody.safeParse(input);
      return parsed.success
        ? { ok: true, call: { operation, body: parsed.data } }
        : invalid(describeSchemaIssues(parsed.error, input));
    }
    case "models": {
      const parsed = zListModelsQuery.safeParse(input);
      return parsed.success
        ? { ok: true, call: { operation, query: parsed.data } }
        : invalid(describeSchemaIssues(parsed.error, input));
    }
  }
}

function invalid(issues: readonly { path: string; message: string }[]): ValidationResult {
  const summary = issues.map((issue) =>
    issue.path ? `${issue.path}: ${issue.message}` : issue.message,
  );
  return {
    ok: false,
    response: gatewayErrorResponse(400, `Invalid request parameters: ${summary.join(", ")}`, {
      param: issues[0]?.path || null,
    }),
  };
}
