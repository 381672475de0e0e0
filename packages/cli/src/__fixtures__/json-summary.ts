import { expect } from "vitest";

/** What `--json` prints, as far as the tests read it. */
export interface JsonSummary {
  model: string;
  requested: number;
  failedCalls: number;
  interrupted: boolean;
  files: { path: string; width: number; height: number; mediaType: string; bytes: number }[];
  cost: { usd: number; source: string } | null;
  requestId: string | undefined;
  requestIds: string[];
}

/**
 * Parses stdout as the one JSON object of `--json` (anything else on stdout fails the parse)
 * and checks its shape.
 */
export function parseJsonSummary(stdout: string): JsonSummary {
  expect(stdout.endsWith("\n"), "stdout ends with one newline").toBe(true);
  expect(stdout.trimEnd().includes("\n"), "stdout is a single line").toBe(false);
  const parsed: unknown = JSON.parse(stdout);
  expect(parsed).toMatchObject({
    model: expect.any(String),
    requested: expect.any(Number),
    failedCalls: expect.any(Number),
    interrupted: expect.any(Boolean),
    files: expect.any(Array),
    requestIds: expect.any(Array),
  });
  if (!isSummary(parsed)) throw new Error(`not a --json summary: ${stdout}`);
  for (const file of parsed.files) {
    expect(file).toEqual({
      path: expect.any(String),
      width: expect.any(Number),
      height: expect.any(Number),
      mediaType: expect.any(String),
      bytes: expect.any(Number),
    });
  }
  return parsed;
}

function isSummary(value: unknown): value is JsonSummary {
  if (typeof value !== "object" || value === null) return false;
  return (
    "model" in value &&
    "files" in value &&
    Array.isArray(value.files) &&
    "cost" in value &&
    "requestIds" in value
  );
}
