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
  if (typeof value === "string") {
    if (value.length <= LONG_DATA_URL) return value;
    // Only a base64 data URL: a prompt that happens to start with "data:" stays readable.
    const head = BASE64_DATA_URL_HEAD.exec(value.slice(0, 256))?.[0];
    return head ? `${head}<${value.length - head.length} characters not shown>` : value;
  }
  if (Array.isArray(value)) return value.map(elideImageData);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, elideImageData(child)]),
    );
  }
  return value;
}
