/** Whether `value` is an object whose fields can be read (metadata arrives as untyped JSON). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
