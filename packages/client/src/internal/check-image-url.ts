import { inputImageFormats, otherImageMediaType } from "@pictor/contract";
import { APIUserAbortError, type ValidationIssue } from "../core/errors";
import { anySignal, orAbort, responseOrAbort } from "./read-or-abort";

/** How long one input URL may take to answer its first bytes, at most (less if the call's timeout is shorter). */
export const imageUrlCheckTimeoutMs = 10_000;

/**
 * What the check found: an input that is certainly broken (`issue`: the edit is not sent), one
 * it could not verify (`unverified`: sent as is, the caller is told), or nothing to report.
 */
export type ImageUrlCheck =
  | { issue: ValidationIssue; unverified?: undefined }
  | { issue?: undefined; unverified: string }
  | undefined;

/**
 * Asks an https input image for its first bytes, so a dead link or a page that is not an image
 * is reported before the (paid, slow) edit is sent, naming the input; the gateway would
 * otherwise fail the whole request with a 400 after the upload.
 *
 * Only what is certainly broken is refused: no host answers (in `cors` nor `no-cors` mode), 404
 * or 410, or bytes that are no image. What may work for the gateway though not from here is
 * sent and reported as unverified: 401/403 (a browser's Referer, a firewall), 429 and 5xx
 * (passing), a slow host, and a host this page may not read (no CORS headers): asked again in
 * `no-cors` mode, its opaque answer proves only that it is there, not that it holds an image.
 * A caller abort rejects with `APIUserAbortError`. The check waits at most `timeoutMs` (the
 * call's timeout, capped at {@link imageUrlCheckTimeoutMs}): a call given 2 s must not wait 10 s
 * on an input's host before its request is even sent.
 */
export async function checkImageUrl(
  url: string,
  path: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<ImageUrlCheck> {
  // A timer of our own, cleared when the check ends (`AbortSignal.timeout` keeps its timer).
  const waitMs = Math.min(timeoutMs, imageUrlCheckTimeoutMs);
  const timer = new AbortController();
  const timeout = timer.signal;
  const clock = setTimeout(() => timer.abort(), waitMs);
  const either = anySignal([signal, timeout]);
  try {
    return await probe(url, path, fetch, signal, timeout, either.signal, waitMs);
  } finally {
    clearTimeout(clock);
    either.unlink();
  }
}

/** The check, with its timeout and the signal that joins it to the caller's. */
async function probe(
  url: string,
  path: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal | undefined,
  timeout: AbortSignal,
  combined: AbortSignal,
  waitMs: number,
): Promise<ImageUrlCheck> {
  const shown = withoutSecrets(url);
  const refuse = (message: string): ImageUrlCheck => ({
    issue: { path, message: `${shown} ${message}` },
  });
  const unverified = (why: string): ImageUrlCheck => ({
    unverified: `${path} (${shown}) was sent unchecked: ${why}`,
  });
  const tooSlow = `it did not answer within ${waitMs / 1000} s`;
  const aborted = (cause: unknown) => {
    if (signal?.aborted) throw new APIUserAbortError({ cause });
    return timeout.aborted;
  };
  // fetch refuses a URL with credentials before any request (a TypeError like a dead host's):
  // say so, instead of calling a host that may well be up unreachable.
  if (hasCredentials(url))
    return refuse(
      "has a user name or password in it (https://user:password@…), which fetch refuses to request; use a URL without them, or pass the image's bytes instead",
    );
  let response: Response;
  try {
    // A range keeps the check to one small answer; a server that ignores it starts the whole
    // image, and the body is cancelled after the first chunk.
    // Raced too: a `fetch` wrapper may lose the signal, and the edit would wait on it forever.
    response = await responseOrAbort(
      fetch(url, { headers: { range: "bytes=0-63" }, signal: combined }),
      combined,
    );
  } catch (error) {
    if (aborted(error)) return unverified(tooSlow);
    // A cross-origin host without CORS fails like a dead one in a browser or worker; asked
    // again in `no-cors` mode, an opaque answer proves it is there (elsewhere, it fails again).
    if (await answersAtAll(url, fetch, combined)) return unverified(notReadableHere);
    if (aborted(error)) return unverified(tooSlow);
    // The error's own message is not shown: fetch implementations repeat the whole URL in it.
    return refuse("could not be reached; check the URL, or pass the image's bytes instead");
  }
  if (response.type === "opaque") return unverified(notReadableHere);
  if (!response.ok) {
    // Not awaited: a body with an unread clone (msw, a caching fetch wrapper) never settles it.
    response.body?.cancel().catch(() => undefined);
    if (response.status === 404 || response.status === 410)
      return refuse(
        `could not be fetched: its server answered ${response.status}; check the URL, or pass the image's bytes instead`,
      );
    return unverified(`its server answered ${response.status} here`);
  }
  let head: Uint8Array | undefined;
  try {
    head = await firstBytes(response, 14, combined);
  } catch (error) {
    if (aborted(error)) return unverified(tooSlow);
    return unverified("its answer broke off before its first bytes");
  }
  if (!looksLikeImage(head) && !otherImageMediaType(head)) {
    const type = response.headers.get("content-type");
    return refuse(
      `is not a ${inputImageFormats} image${type ? ` (its server sent ${type.split(";")[0]})` : ""}`,
    );
  }
  return undefined;
}

/** Why a host that answers only in `no-cors` mode (most image hosts, from a browser) is unverified. */
const notReadableHere =
  "its host sends no CORS headers, so this page may not read it (the gateway fetches it itself)";

/**
 * The URL as messages show it: without credentials and without its query, which in a signed
 * URL (S3, GCS) holds the signature; messages end up in logs.
 */
function withoutSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search || parsed.hash ? "?…" : ""}`;
  } catch {
    return "the URL";
  }
}

/** True when `url` carries a user name or password. */
function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return false;
  }
}

/** True when a `no-cors` request reaches the host; false where it fails. */
async function answersAtAll(
  url: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const response = await responseOrAbort(fetch(url, { mode: "no-cors", signal }), signal);
    response.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}

/** The first `count` bytes of a body (fewer if it is shorter), then the rest is cancelled. */
async function firstBytes(
  response: Response,
  count: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const head = new Uint8Array(count);
  let filled = 0;
  try {
    while (filled < count) {
      // Raced against the signal: some fetch stacks (msw) let a body flow on after an abort.
      const { done, value } = await orAbort(reader.read(), signal);
      if (done) break;
      const take = Math.min(value.byteLength, count - filled);
      head.set(value.subarray(0, take), filled);
      filled += take;
    }
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
