import { RequestValidationError } from "../core/errors";

/**
 * Refuses call parameters that are not an object (`generate(null)` from untyped code), before
 * anything reads a field of them: a `RequestValidationError`, as for any other bad input, not
 * a `TypeError` from deep inside.
 */
export function checkParamsObject(params: unknown): void {
  if (typeof params === "object" && params !== null && !Array.isArray(params)) return;
  const received = params === null ? "null" : Array.isArray(params) ? "an array" : typeof params;
  throw new RequestValidationError([
    { path: "", message: `Expected an object of parameters, received ${received}` },
  ]);
}
