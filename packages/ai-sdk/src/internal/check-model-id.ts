/**
 * Refuses a model id that is not a string, where the model is made: from plain JavaScript,
 * `pictor.image(42)` or `pictor.chat(undefined)` would otherwise fail only at the call, far
 * from the mistake. Any string is taken, as by the AI SDK's providers (new models work at once).
 */
export function checkModelId(method: string, modelId: unknown): asserts modelId is string {
  if (typeof modelId === "string") return;
  throw new TypeError(
    `${method}(modelId): modelId must be a model id string such as "gemini-3-pro-image-preview", got ${describeGiven(modelId)}`,
  );
}

/** A primitive as it reads; an object by its kind only (its text would be "[object Object]"). */
function describeGiven(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}
