import { describeSchemaIssues } from "@pictor/contract";
import type * as z from "zod/mini";
import { gatewayError } from "./gateway-error";

/** The body as the schema parsed it, or the gateway's 400 naming the first bad field. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Validates a body with a generated schema and answers like the gateway:
 * 400 `Invalid request parameters: n: Number must be less than or equal to 10` with `param`
 * naming the field.
 */
export function validateBody<S extends z.ZodMiniType>(
  schema: S,
  body: unknown,
): ValidationResult<z.output<S>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const issues = describeSchemaIssues(result.error, body);
  const summary = issues.map((issue) =>
    issue.path ? `${issue.path}: ${issue.message}` : issue.message,
  );
  return {
    ok: false,
    response: gatewayError(400, `Invalid request parameters: ${summary.join(", ")}`, {
      param: issues[0]?.path || null,
    }),
  };
}
