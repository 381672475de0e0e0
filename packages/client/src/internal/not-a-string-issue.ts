import type { ValidationIssue } from "../core/errors";

/**
 * `issue` of a string option given as a number (`size: 1024`, `aspect_ratio: 1.5`, from untyped
 * code) or as null (openai-node's types take `size: null` for the default) said to be one, with
 * a value to give instead (the first the model takes, else `example`): the schema's "Expected
 * string, received number" names none, and the catalog's `size "1024"` reads as if the string
 * were wrong.
 */
export function notAStringIssue(
  issue: ValidationIssue,
  value: unknown,
  example: string,
  accepted: readonly string[] | undefined = issue.accepted,
): ValidationIssue {
  if (typeof value !== "number" && value !== null) return issue;
  return {
    ...issue,
    message: `${issue.path} must be a string such as "${accepted?.[0] ?? example}", got ${value === null ? "null (leave it out for the model's default)" : `the number ${value}`}`,
    ...(accepted && { accepted }),
  };
}
