import type { z } from "zod/mini";
import { describeSchemaIssues, type SchemaIssue } from "../schema-issues";
import { isValid, type SchemaNode, validate } from "../wire/validate";

/** What a validator says of a value: valid or not, and the issues it reports. */
export interface Outcome {
  valid: boolean;
  issues: SchemaIssue[];
}

/** The zod schema's outcome, its issues described as the client describes them. */
export function viaZod(schema: z.ZodMiniType, value: unknown): Outcome {
  const result = schema.safeParse(value);
  return result.success
    ? { valid: true, issues: [] }
    : { valid: false, issues: describeSchemaIssues(result.error, value) };
}

/** The lean validator's outcome. */
export function viaLean(node: SchemaNode, value: unknown): Outcome {
  return { valid: isValid(node, value), issues: validate(node, value) };
}
