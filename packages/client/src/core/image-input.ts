import {
  decodeBase64,
  encodeBase64 as encodeToBase64,
  inputImageFormats,
  isBase64,
  otherImageMediaType,
  parseDataUrl,
  readImageHeader,
} from "@pictor/contract";
import { mebibytes } from "../internal/mebibytes";
import { readOrAbort } from "../internal/read-or-abort";
import { APIUserAbortError, type ValidationIssue } from "./errors";
import { GeneratedImage } from "./generated-image";

/**
 * An input image in any form: an https URL (a string or a `URL`), a `data:` URL, a `blob:`
 * object URL of this page (read locally), raw base64, bytes (`Uint8Array`, `ArrayBuffer`), a
 * `Blob`/`File`, or an image Pictor returned.
 * (A file on Node: `imageFromFile(path)` from `@pictor/client/node` reads it for any of these.)
 */
export type ImageInput = string | URL | Uint8Array | ArrayBuffer | Blob | GeneratedImage;

/** Largest input image Pictor sends (providers reject bigger ones; the gateway's body limit is near). */
export const maxInputImageBytes = 20 * 1024 * 1024;

/**
 * Largest total of input images in one request, as sent (base64 data URLs): the gateway refuses
 * bigger bodies with 413, after the upload. Pictor's own server route stops whole bodies at
 * 32 MiB: this leaves room for the rest of the request.
 */
export const maxInputImagesTotalChars = 30 * 1024 * 1024;

/** The issue when `urls` (the normalized inputs of one request) add up to more than can be sent. */
export function inputsTooLarge(urls: readonly string[], path: string): ValidationIssue | undefined {
  let total = 0;
  for (const url of urls) total += url.length;
  if (total <= maxInputImagesTotalChars) return undefined;
  return {
    path,
    message: `the input images add up to ${mebibytes(total)} MiB as sent (base64); one request may carry at most ${maxInputImagesTotalChars / 1024 / 1024} MiB: send fewer or smaller images`,
  };
}

/** The wire form of an input image (`image_url`), or the issue that stops it from being sent. */
export type NormalizedImage = { ok: true; url: string } | { ok: false; issue: ValidationIssue };

/**
 * Turns any `ImageInput` into what the gateway takes: an https URL or a base64 image data URL.
 * Rejects with `APIUserAbortError` once `signal` aborts (a Blob's or object URL's read is not
 * waited for).
 */
export async function normalizeImageInput(
  input: ImageInput,
  path: string,
  signal?: AbortSignal | undefined,
): Promise<NormalizedImage> {
  const fail = (message: string): NormalizedImage => ({ ok: false, issue: { path, message } });
  if (input instanceof GeneratedImage) {
    // Its buffer transferred away (to a worker, `structuredClone`) leaves no bytes to send.
    if (input.base64 === "")
      return fail(
        "is a GeneratedImage whose bytes are gone (its buffer was transferred): transfer a copy, (await image.bytes()).slice()",
      );
    // Its size is known from its base64 (made anyway for the data URL) without reading the bytes.
    const base64 = input.base64;
    const size =
      (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
    if (size > maxInputImageBytes) return fail(tooLarge(size));
    return { ok: true, url: input.dataURL };
  }
  // A `URL` object (of any realm) is what its text says.
  if (Object.prototype.toString.call(input) === "[object URL]") input = String(input);
  if (typeof input === "string") {
    // Spaces and line breaks around a pasted or read URL are no part of it (fetch and the URL
    // parser drop them too); around base64 they are ignored anyway.
    input = input.trim();
    // Schemes are case-insensitive (RFC 3986) but the gateway's pattern is not: `HTTPS://` is sent
    // as `https://`. Only the scheme is rewritten: a signed URL's path and query stay byte for byte.
    const scheme = input.slice(0, 8).toLowerCase();
    if (scheme === "https://") {
      try {
        new URL(input);
        return { ok: true, url: `https://${input.slice(8)}` };
      } catch {
        return fail(`"${input.slice(0, 60)}" is not a valid URL`);
      }
    }
    if (scheme.startsWith("http://"))
      return fail("the gateway fetches only https URLs; use https or pass the bytes");
    // An object URL (`URL.createObjectURL`: @pictor/react's `images[i].url`, an <img>'s src)
    // names a Blob of this page: read here, then taken as that Blob.
    if (scheme.startsWith("blob:")) return fromObjectUrl(input, signal, fail);
    // Base64, bare or after a data URL's comma (the whole text for bare base64, which has none).
    const oversized = oversizedBase64(input.slice(input.indexOf(",") + 1));
    if (oversized) return fail(tooLarge(oversized));
    if (scheme.startsWith("data:")) {
      const sendable = sendableDataUrl(input, fail);
      if (sendable) return sendable;
      // Whitespace in the base64 (a trailing newline from a file, MIME line breaks) is ignored,
      // as for bare base64 below and as browsers read data URLs; the copy is made only then.
      const parsed =
        parseDataUrl(input) ??
        (/\s/.test(input) ? parseDataUrl(input.replace(/\s+/g, "")) : undefined);
      if (!parsed)
        return fail("is a data URL but not a valid base64 one (data:image/png;base64,...)");
      return fromBytes(parsed.bytes, fail);
    }
    // Whitespace is ignored; the URL-safe alphabet (`Buffer#toString("base64url")`, RFC 4648
    // §5) and base64 without its padding hold the same bytes: read as standard, padded base64.
    const standard = standardBase64(input.replace(/\s+/g, ""));
    if (standard !== undefined) return fromBytes(decodeBase64(standard), fail);
    return fail(
      "is not an https, data: or blob: URL or base64 image data: pass one of those, its bytes or Blob; a file on Node: imageFromFile(path) from @pictor/client/node",
    );
  }
  if (input instanceof Uint8Array) return fromBytes(input, fail);
  // Bytes made in another realm (a vm context, an iframe, a test runner's sandbox) fail
  // `instanceof`: told by their tag, and viewed through this realm's Uint8Array.
  if (isUint8ArrayOfAnyRealm(input))
    return fromBytes(new Uint8Array(input.buffer, input.byteOffset, input.byteLength), fail);
  // A detached buffer (transferred to a worker) has length 0 and cannot be viewed: `new
  // Uint8Array` would throw a bare TypeError.
  if (isArrayBufferOfAnyRealm(input))
    return input.byteLength === 0 ? fail(noBytes) : fromBytes(new Uint8Array(input), fail);
  if (typeof Blob !== "undefined" && input instanceof Blob) {
    if (input.size > maxInputImageBytes) return fail(tooLarge(input.size));
    let buffer: ArrayBuffer;
    try {
      // Raced: a file on a slow or stalled disk or network share may take long to read.
      buffer = await readOrAbort(input.arrayBuffer(), signal, undefined);
    } catch (error) {
      if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
      // A file-backed Blob (a picked File, `fs.openAsBlob`) whose file changed or went away.
      const name = error instanceof Error ? ` (${error.name})` : "";
      return fail(
        `is a Blob that could not be read${name}: its file may have changed or been removed since it was picked; pick it again`,
      );
    }
    return fromBytes(new Uint8Array(buffer), fail);
  }
  // A Node stream (openai-node takes `fs.createReadStream(path)`), a ReadableStream or a fetch
  // Response: told how to pass its bytes, not just the forms taken.
  // (Safari's ReadableStream is not async-iterable: told by its getReader.)
  if (
    typeof input === "object" &&
    input !== null &&
    (Symbol.asyncIterator in input || "getReader" in input || input instanceof Response)
  )
    return fail(
      "is a stream or Response, which is not read for you: pass await new Response(stream).blob() (or response.blob()); a file on Node: imageFromFile(path) from @pictor/client/node",
    );
  return fail(
    "must be a URL, data URL, base64 string, Uint8Array, ArrayBuffer, Blob or GeneratedImage",
  );
}

/**
 * The image an object URL names, read with the global `fetch`, a local read: nothing is sent
 * anywhere. Not the client's `fetch`, which may be a proxy's or add the gateway's key: an object
 * URL is no request of the gateway's, and a wrapper may not read `blob:` at all.
 */
async function fromObjectUrl(
  url: string,
  signal: AbortSignal | undefined,
  fail: (message: string) => NormalizedImage,
): Promise<NormalizedImage> {
  let bytes: Uint8Array;
  try {
    const response = await readOrAbort(globalThis.fetch(url, { signal }), signal, undefined);
    // Told before the read, as a Blob's size is: an object URL may name any large Blob.
    const size = Number(response.headers.get("content-length"));
    if (size > maxInputImageBytes) {
      response.body?.cancel().catch(() => undefined);
      return fail(tooLarge(size));
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await readOrAbort(response.arrayBuffer(), signal, undefined));
  } catch {
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    // Revoked, never made, or made by another page or worker: each fails the same way.
    return fail(
      "is an object URL (blob:) that could not be read: it was revoked (as @pictor/react does once its result is replaced) or belongs to another document; pass the image itself: shown.image in @pictor/react, a GeneratedImage, or its bytes",
    );
  }
  return fromBytes(bytes, fail);
}

/** A base64 image data URL's head: its media type (`jpg` for `jpeg` too), then `;base64,` (any letter case). */
const IMAGE_DATA_URL_HEAD = /^data:(image\/(?:png|jpe?g|webp|gif));base64,/i;

/** What a base64 image data URL's head says: its type (`image/jpg` read as `image/jpeg`) and where the base64 starts. */
interface DataUrlHead {
  declared: string;
  start: number;
  /** Written as Pictor sends it: `data:<declared>;base64,`. */
  canonical: boolean;
}

/** The head of a base64 image data URL; `undefined` for any other string. */
function imageDataUrlHead(url: string): DataUrlHead | undefined {
  const head = IMAGE_DATA_URL_HEAD.exec(url.slice(0, 40));
  if (!head) return undefined;
  const type = (head[1] ?? "").toLowerCase();
  const declared = type === "image/jpg" ? "image/jpeg" : type;
  return { declared, start: head[0].length, canonical: head[0] === `data:${declared};base64,` };
}

/** `url` with its head as Pictor sends it (lower case, `image/jpeg`). */
function withCanonicalHead(url: string, head: DataUrlHead): string {
  return head.canonical ? url : `data:${head.declared};base64,${url.slice(head.start)}`;
}

/** The first bytes of each format, to tell a model's image from its type's first base64 characters. */
const MAGIC: Record<string, readonly (number | undefined)[]> = {
  "image/png": [0x89, 0x50, 0x4e, 0x47],
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/gif": [0x47, 0x49, 0x46, 0x38],
  // RIFF, 4 bytes of size, WEBP.
  "image/webp": [
    0x52,
    0x49,
    0x46,
    0x46,
    undefined,
    undefined,
    undefined,
    undefined,
    0x57,
    0x45,
    0x42,
    0x50,
  ],
};

/**
 * An earlier image of the model (an assistant turn's data URL) as it can go back, or
 * `undefined` when it needs the full check. A chat sends every earlier image on every turn:
 * these came from the gateway, so only their head, first bytes and length are looked at, not
 * megabytes of base64 on each turn. `image/jpg` is sent as `image/jpeg`.
 */
export function modelImageDataUrl(url: string): string | undefined {
  const head = imageDataUrlHead(url);
  if (!head || (url.length - head.start) % 4 !== 0) return undefined;
  let first: Uint8Array;
  try {
    first = decodeBase64(url.slice(head.start, head.start + 16));
  } catch {
    return undefined;
  }
  const magic = MAGIC[head.declared] ?? [];
  if (!magic.every((byte, index) => byte === undefined || first[index] === byte)) return undefined;
  return withCanonicalHead(url, head);
}
/** Padded standard base64 and nothing else. */
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;
/** Base64 characters decoded to find the image header: 192 KiB, past any usual JPEG Exif block. */
const HEAD_CHARS = 256 * 1024;

/**
 * A data URL that can go as it is, without decoding and encoding megabytes again (a chat sends
 * every earlier image on every turn): strict base64 whose first bytes are an image of the type
 * it declares. `undefined` when that cannot be told from its start: the caller decodes it all.
 */
function sendableDataUrl(
  input: string,
  fail: (message: string) => NormalizedImage,
): NormalizedImage | undefined {
  const head = imageDataUrlHead(input);
  if (!head) return undefined;
  const payload = input.slice(head.start);
  if (payload.length % 4 !== 0 || !BASE64_TEXT.test(payload)) return undefined;
  const padding = payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0;
  const size = (payload.length / 4) * 3 - padding;
  if (size > maxInputImageBytes) return fail(tooLarge(size));
  let header: ReturnType<typeof readImageHeader>;
  try {
    // The last group too: decodeBase64 refuses padding bits that are not zero.
    decodeBase64(payload.slice(-4));
    header = readImageHeader(decodeBase64(payload.slice(0, HEAD_CHARS)));
  } catch {
    return undefined;
  }
  if (header?.mediaType !== head.declared) return undefined;
  return { ok: true, url: withCanonicalHead(input, head) };
}

/** Base64 characters enough for the largest input image: a longer text may be too large. */
const maxBase64Chars = Math.ceil(maxInputImageBytes / 3) * 4;

/**
 * The size of base64 `text` when it is over the limit, told from its length (whitespace and
 * padding not counted) before it is copied, checked or decoded: a 2 GB string is not turned
 * into 1.5 GB of bytes only to be refused. `undefined` when it may fit.
 */
function oversizedBase64(text: string): number | undefined {
  if (text.length <= maxBase64Chars) return undefined;
  let chars = text.length;
  for (const uncounted of text.matchAll(/[\s=]+/g)) chars -= uncounted[0].length;
  const size = Math.floor((chars * 3) / 4);
  return size > maxInputImageBytes ? size : undefined;
}

/** A Uint8Array of this realm or another (`instanceof` holds only for this realm's). */
function isUint8ArrayOfAnyRealm(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === "[object Uint8Array]";
}

/** An ArrayBuffer of this realm or another. */
function isArrayBufferOfAnyRealm(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

/** Why an empty input (or one whose buffer was transferred away, which leaves it empty) is refused. */
const noBytes =
  "holds no bytes (it is empty, or its buffer was transferred, e.g. to a worker: pass a copy, bytes.slice())";

/** `text` (base64, base64url, padded or not) as standard padded base64; `undefined` if it is none. */
function standardBase64(text: string): string | undefined {
  if (text.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bare = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (bare.length % 4 === 1) return undefined;
  const padded = bare + "=".repeat((4 - (bare.length % 4)) % 4);
  return isBase64(padded) ? padded : undefined;
}

function fromBytes(bytes: Uint8Array, fail: (message: string) => NormalizedImage): NormalizedImage {
  if (bytes.byteLength === 0) return fail(noBytes);
  if (bytes.byteLength > maxInputImageBytes) return fail(tooLarge(bytes.byteLength));
  // A HEIC photo, a TIFF scan: sent as they are, with their type, as the gateway passes them on.
  const mediaType = readImageHeader(bytes)?.mediaType ?? otherImageMediaType(bytes);
  if (!mediaType) return fail(notAcceptedImage(bytes));
  return { ok: true, url: `data:${mediaType};base64,${encodeToBase64(bytes)}` };
}

/** Why bytes that are no image the gateway takes are refused (an SVG, the one often tried, named). */
export function notAcceptedImage(bytes: Uint8Array): string {
  return /^\s*<(svg|\?xml)/i.test(String.fromCharCode(...bytes.subarray(0, 12)))
    ? "is an SVG image, which the gateway does not take: convert it to PNG, JPEG or WebP first"
    : `is not a ${inputImageFormats} image (its first bytes match none of them)`;
}

function tooLarge(size: number): string {
  return `is ${mebibytes(size)} MiB; input images may be at most ${maxInputImageBytes / 1024 / 1024} MiB`;
}
