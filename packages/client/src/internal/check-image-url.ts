import { APIUserAbortError, type ValidationIssue } from "../core/errors";

/** How long one input URL may take to answer its first bytes. */
export const imageUrlCheckTimeoutMs = 10_000;

/**
 * Asks an https input image for its first bytes, so a dead link or a page that is not an image
 * is reported before the (paid, slow) edit is sent, naming the input; the gateway would
 * otherwise fail the whole request with a 400 after the upload. Returns the issue, or
 * `undefined` when the URL answers with an image or cannot be verified from here (a browser
 * that may not read a cross-origin answer gets an opaque one: the host answered, which is all
 * it can know). A caller abort rejects with `APIUserAbortError`.
 */
export async function checkImageUrl(
  url: string,
  path: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal | undefined,
): Promise<ValidationIssue | undefined> {
  const fail = (message: string): ValidationIssue => ({
    path,
    message: `${withoutQuery(url)} ${message}`,
  });
  const timeout = AbortSignal.timeout(imageUrlCheckTimeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    // A range keeps the check to one small answer; a server that ignores it starts the whole
    // image, and the body is cancelled after the first chunk.
    response = await fetch(url, { headers: { range: "bytes=0-63" }, signal: combined });
  } catch (error) {
    if (signal?.aborted) throw new APIUserAbortError({ cause: error });
    if (timeout.aborted)
      return fail(
        `did not answer within ${imageUrlCheckTimeoutMs / 1000} s; the gateway could not fetch it either`,
      );
    // In a browser a cross-origin host without CORS fails like a dead one; ask again in
    // `no-cors` mode, whose opaque answer still proves the host is there.
    if (await answersOpaquely(url, fetch, combined)) return undefined;
    if (signal?.aborted) throw new APIUserAbortError({ cause: error });
    return fail(
      `could not be reached (${error instanceof Error ? error.message : String(error)}); check the URL, or pass the image's bytes instead`,
    );
  }
  if (response.type === "opaque") return undefined;
  if (!response.ok) {
    // Not awaited: a body with an unread clone (msw, a caching fetch wrapper) never settles it.
    response.body?.cancel().catch(() => undefined);
    return fail(
      `could not be fetched: its server answered ${response.status}; check the URL, or pass the image's bytes instead`,
    );
  }
  const head = await firstBytes(response, 12);
  if (head === undefined) return fail("stopped answering before its first bytes");
  if (!looksLikeImage(head)) {
    const type = response.headers.get("content-type");
    return fail(
      `is not a PNG, JPEG, WebP or GIF image${type ? ` (its server sent ${type.split(";")[0]})` : ""}`,
    );
  }
  return undefined;
}

/**
 * The URL as errors show it: without its query, which in a signed URL (S3, GCS) holds the
 * signature, and errors end up in logs.
 */
function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : `${url.slice(0, end)}?…`;
}

/** True when a `no-cors` request reaches the host (browsers); false where it fails or is refused. */
async function answersOpaquely(
  url: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal,
): Promise<boolean> {
  if (typeof (globalThis as { document?: unknown }).document === "undefined") return false;
  try {
    const response = await fetch(url, { mode: "no-cors", signal });
    response.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}

/** The first `count` bytes of a body (fewer if it is shorter), then the rest is cancelled. */
async function firstBytes(response: Response, count: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const head = new Uint8Array(count);
  let filled = 0;
  try {
    while (filled < count) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, count - filled);
      head.set(value.subarray(0, take), filled);
      filled += take;
    }
  } catch {
    return undefined;
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return head.subarray(0, filled);
}

/** PNG, JPEG, GIF or WebP by their magic bytes: the formats the gateway's providers take. */
function looksLikeImage(bytes: Uint8Array): boolean {
  const ascii = (start: number, text: string) =>
    [...text].every((char, index) => bytes[start + index] === char.charCodeAt(0));
  return (
    (bytes[0] === 0x89 && ascii(1, "PNG")) ||
    (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) ||
    ascii(0, "GIF8") ||
    (ascii(0, "RIFF") && ascii(8, "WEBP"))
  );
}
