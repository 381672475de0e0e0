import { expect } from "vitest";

/** What `--json` prints for a failed run, as far as the tests read it. */
export interface JsonError {
  type: string;
  message: string;
  status: number | null;
  code: string | null;
  requestId: string | null;
  retryable: boolean | null;
  cost: { usd: number; source: "gateway" | "estimate" } | null;
}

/**
 * Parses stdout as the one JSON error object of `--json` (anything else on stdout fails the
 * parse) and checks its shape.
 */
export function parseJsonError(stdout: string): JsonError {
  expect(stdout.endsWith("\n"), "stdout ends with one newline").toBe(true);
  expect(stdout.trimEnd().includes("\n"), "stdout is a single line").toBe(false);
  const parsed: unknown = JSON.parse(stdout);
  expect(parsed).toEqual({
    error: {
      type: expect.any(String),
      message: expect.any(String),
      status: expect.toSatisfy((value) => value === null || typeof value === "number"),
      code: expect.toSatisfy((value) => value === null || typeof value === "string"),
      requestId: expect.toSatisfy((value) => value === null || typeof value === "string"),
      retryable: expect.toBeOneOf([null, true, false]),
      cost: expect.toBeOneOf([
        null,
        { usd: expect.any(Number), source: expect.toBeOneOf(["gateway", "estimate"]) },
      ]),
    },
  });
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("error" in parsed) ||
    !isError(parsed.error)
  )
    throw new Error(`not a --json error: ${stdout}`);
  return parsed.error;
}

function isError(value: unknown): value is JsonError {
  return typeof value === "object" && value !== null && "type" in value && "message" in value;
}
