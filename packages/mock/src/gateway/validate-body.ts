import { describeSchemaIssues } from "@pictor/contract";
import type * as z from "zod/mini";
import { gatewayError } from "./gateway-error";
import { imageUrlFormRefusal } from "./input-image-url";

/** The body as the schema parsed it, or the gateway's 400 naming the first bad field. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Validates a body with a generated schema and answers like the gateway:
 * 400 `Invalid request parameters: n: Number must be less than or equal to 10`, the field named
 * in the message only (the gateway's `param` is null).
 */
export function validateBody<S extends z.ZodMiniType>(
  schema: S,
  body: unknown,
): ValidationResult<z.output<S>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  // The gateway's edit schema takes any string as an input image's URL and checks its form
  // afterwards, in words of its own: the spec's pattern speaks only when nothing else is wrong.
  const urlIndexes = result.error.issues.map(editImageUrlIndex);
  const firstUrl = urlIndexes.find((index) => index !== undefined);
  if (firstUrl !== undefined && urlIndexes.every((index) => index !== undefined))
    return { ok: false, response: imageUrlFormRefusal(firstUrl) };
  const issues = describeSchemaIssues(result.error, body).filter(
    (_, index) => urlIndexes[index] === undefined,
  );
  const summary = issues.map((issue) =>
    issue.path ? `${issue.path}: ${issue.message}` : issue.message,
  );
  return {
    ok: false,
    response: gatewayError(400, `Invalid request parameters: ${summary.join(", ")}`),
  };
}

/** The index of the edit input whose URL an issue is about the form of, else undefined. */
function editImageUrlIndex(issue: z.core.$ZodIssue): number | undefined {
  const [field, index, key] = issue.path;
  return issue.code === "invalid_format" &&
    issue.path.length === 3 &&
    field === "images" &&
    typeof index === "number" &&
    key === "image_url"
    ? index
    : undefined;
}
