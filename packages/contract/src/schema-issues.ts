import type * as z from "zod/mini";
import { receivedValue } from "./wire/received-value";

/** A schema problem in words: the dotted field path and a message in the gateway's wording. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/**
 * Describes why `input` failed a generated schema, field by field, in the gateway's wording
 * (`n: Number must be less than or equal to 10`, `prompt: Required`). zod/mini ships no
 * English messages, so they are written here from the issue codes.
 */
export function describeSchemaIssues(error: z.core.$ZodError, input: unknown): SchemaIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: describeIssue(issue, input),
  }));
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const value = valueAt(input, issue.path);
      return value === undefined
        ? "Required"
        : `Expected ${issue.expected}, received ${typeName(value)}`;
    }
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
      return `Invalid enum value. Expected ${issue.values.map((value) => `'${String(value)}'`).join(" | ")}, received ${receivedValue(valueAt(input, issue.path))}`;
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

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
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
