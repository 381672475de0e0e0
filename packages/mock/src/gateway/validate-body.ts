import type * as z from "zod/mini";
import { gatewayError } from "./gateway-error";

/** The body as the schema parsed it, or the gateway's 400 naming the first bad field. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Validates a body with a generated schema and answers like the gateway:
 * 400 `Invalid request parameters: n: Number must be less than or equal to 10` with `param`
 * naming the field. zod/mini carries no English messages, so they are written from the issue.
 */
export function validateBody<S extends z.ZodMiniType>(
  schema: S,
  body: unknown,
): ValidationResult<z.output<S>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: describeIssue(issue, body),
  }));
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

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, body: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      return valueAt(body, issue.path) === undefined
        ? "Required"
        : `Expected ${issue.expected}, received ${typeName(valueAt(body, issue.path))}`;
    case "too_small":
      return issue.origin === "array"
        ? `Array must contain at least ${issue.minimum} element(s)`
        : issue.origin === "string"
          ? `String must contain at least ${issue.minimum} character(s)`
          : `Number must be greater than or equal to ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array"
        ? `Array must contain at most ${issue.maximum} element(s)`
        : issue.origin === "string"
          ? `String must contain at most ${issue.maximum} character(s)`
          : `Number must be less than or equal to ${issue.maximum}`;
    case "invalid_value":
      return `Invalid enum value. Expected ${issue.values.map((value) => `'${String(value)}'`).join(" | ")}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue
        ? `Invalid format: must match ${String(issue.pattern)}`
        : `Invalid ${issue.format}`;
    case "invalid_union":
      return "Invalid input: matches none of the allowed shapes";
    case "unrecognized_keys":
      return `Unrecognized key(s): ${issue.keys.join(", ")}`;
    default:
      return "Invalid input";
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current = body;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
