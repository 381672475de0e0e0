/** Data URLs longer than this are cut down to their head. */
const LONG_DATA_URL = 256;

/**
 * A copy of a request body for an error's `requestBodyValues`, with the base64 of each long data
 * URL (the images of a conversation) replaced by its length: errors end up in logs and error
 * trackers, and a few turns of refinement are megabytes of images, several times over once the
 * AI SDK's retries collect one error per attempt.
 */
export function elideImageData(value: unknown): unknown {
  if (typeof value === "string") {
    if (value.length <= LONG_DATA_URL || value.slice(0, 5).toLowerCase() !== "data:") return value;
    const comma = value.indexOf(",");
    const head = comma === -1 ? value.slice(0, 64) : value.slice(0, comma + 1);
    return `${head}<${value.length - head.length} characters not shown>`;
  }
  if (Array.isArray(value)) return value.map(elideImageData);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, elideImageData(child)]),
    );
  }
  return value;
}
