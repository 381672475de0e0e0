/** Data URLs longer than this are cut down to their head. */
const LONG_DATA_URL = 256;
/** `data:<type>;base64,`, the head that stays. */
const BASE64_DATA_URL_HEAD = /^data:[^,]*;base64,/i;

/**
 * A copy of a request body for an error's `requestBodyValues`, with the base64 of each long data
 * URL (the images of a conversation) replaced by its length: errors end up in logs and error
 * trackers, and a few turns of refinement are megabytes of images, several times over once the
 * AI SDK's retries collect one error per attempt.
 */
export function elideImageData(value: unknown): unknown {
  if (typeof value === "string") return elideDataUrl(value);
  if (Array.isArray(value)) return value.map(elideImageData);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, elideImageData(child)]),
    );
  }
  return value;
}

/** A string, or its head and length when it is a long base64 data URL. */
export function elideDataUrl(value: string): string {
  if (value.length <= LONG_DATA_URL) return value;
  // Only a base64 data URL: a prompt that happens to start with "data:" stays readable.
  const head = BASE64_DATA_URL_HEAD.exec(value.slice(0, 256))?.[0];
  return head ? elidedDataUrl(head, value.length - head.length) : value;
}

/** How a data URL shows its base64: `data:image/png;base64,<1398104 characters not shown>`. */
export function elidedDataUrl(head: string, base64Length: number): string {
  return `${head}<${base64Length} characters not shown>`;
}
