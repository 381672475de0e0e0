/**
 * A value a schema refused, as an enum issue quotes it (`received 'ultra'`, `received 5`): a
 * string in single quotes as zod's (and the gateway's) enum messages have it, an object as JSON,
 * clipped to 40 characters. Only enum issues quote it: their values are option names, no secret.
 */
export function receivedValue(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === "string"
        ? `'${value}'`
        : typeof value === "object" && value !== null
          ? JSON.stringify(value)
          : String(value);
  } catch {
    // A cycle or a bigint inside: its type says enough.
    text = typeof value;
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
