import { concatBytes, decodeBase64, encodeBase64, type Validator } from "@pictor/contract";
import type { RequestOptions } from "../core/request-options";
import { type ApiResult, notJsonError, toPictorError, validated } from "./api-client";
import { attemptTimeoutOf, type GuardingTimeout, releaseAttemptTimeout } from "./attempt-timeout";
import { decodeBase64Bytes } from "./decode-base64-bytes";
import { readOrAbort } from "./read-or-abort";

/*
 * Why this exists: an `/images/*` answer is a few hundred bytes of JSON around one or more
 * `b64_json` strings of many megabytes. Reading it as text, parsing it and decoding the base64
 * holds the body three or four times over (chunks, text, parsed string, bytes). Here the body
 * is scanned as it streams in: each `b64_json` value is decoded chunk by chunk straight into one
 * output buffer, and only the small JSON around it (the "skeleton", with a short placeholder
 * string where each image was) is kept, parsed and validated with the generated schema. The
 * decoded bytes are then the only large thing alive.
 */

/** A base64 decoder for text held as ASCII bytes; see {@link base64Decoder}. */
export interface Base64Decoder {
  /** `buffer` (Node's `Buffer`), `native` (`Uint8Array.prototype.setFromBase64`) or `portable`. */
  readonly kind: Base64DecoderKind;
  /**
   * Decodes `source[start, end)` (whole quartets, no padding) into `out` at `offset`. Returns the
   * byte count written, which is less than `(end - start) / 4 * 3` (or -1) when the text holds
   * anything but the standard base64 alphabet: the caller treats that as invalid base64.
   */
  decode(source: Uint8Array, start: number, end: number, out: Uint8Array, offset: number): number;
  /**
   * The same bytes as an array whose `indexOf` is fastest here. `Uint8Array.prototype.indexOf`
   * is a plain loop in V8 (about 7 ms per 16 MiB); `Buffer`'s is `memchr` (under 1 ms).
   */
  searchable(chunk: Uint8Array): Uint8Array;
}

/** Which base64 decoder to use; see {@link base64Decoder}. */
export type Base64DecoderKind = "buffer" | "native" | "portable";

/** What {@link readImagesResponse} returns: the validated body and the bytes of its images. */
export interface ImagesResponseResult<T> extends ApiResult<T> {
  /**
   * The bytes of each `b64_json` decoded while streaming, keyed by the placeholder string that
   * stands in its place in `data`. A value the scanner left alone (it held an escape sequence)
   * is in `data` as the gateway sent it and is not in this map.
   */
  images: ReadonlyMap<string, Uint8Array>;
}

/**
 * Reads an `/images/generations` or `/images/edits` response body as it streams in, decoding
 * every `b64_json` value on the way, then parses and validates the rest with `schema`.
 *
 * A value that is not strict standard base64 is left in the data as text, as a body read whole
 * leaves every value: the caller decodes it and says what is wrong (only `data[i].b64_json` is an
 * image; a field of that name elsewhere is not). Errors: a broken connection or abort while
 * reading is an `APIConnectionError`, `APITimeoutError` or `APIUserAbortError`; a body that is
 * not JSON is a `ResponseValidationError`, as on the plain path.
 */
export async function readImagesResponse<T>(
  response: Response,
  schema: Validator<T>,
  options: RequestOptions | undefined,
  /** Found only when the body is scanned: a small body needs none, and finding one costs. */
  decoder?: Base64Decoder,
): Promise<ImagesResponseResult<T>> {
  const requestId = response.headers.get("x-request-id");
  const length = identityLength(response.headers);
  const timeout = attemptTimeoutOf(response);
  let text: string;
  let images: ReadonlyMap<string, Uint8Array>;
  try {
    if (length !== undefined && length <= SMALL_BODY) {
      // Small: streaming saves nothing, and reading it whole is cheaper per call.
      try {
        text = await readOrAbort(response.text(), options?.signal, timeout);
      } catch (error) {
        throw toPictorError(error, options, timeout?.ms, response);
      }
      images = NO_IMAGES;
    } else {
      ({ text, images } = await scan(
        response,
        length,
        options,
        decoder ?? base64Decoder(),
        timeout,
      ));
    }
  } finally {
    releaseAttemptTimeout(response);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw notJsonError(text, response, requestId, error);
  }
  const { data } = validated(response, json, schema, requestId);
  return { data, response, requestId, images };
}

/** What a body read whole decoded while reading: nothing. Shared, as nobody writes to it. */
const NO_IMAGES: ReadonlyMap<string, Uint8Array> = new Map();

/** Bodies up to this size (by `Content-Length`) are read whole: the plain path is faster there. */
const SMALL_BODY = 32 * 1024;

/** Runs the body through the scanner, chunk by chunk as it arrives. */
async function scan(
  response: Response,
  length: number | undefined,
  options: RequestOptions | undefined,
  decoder: Base64Decoder,
  timeout: GuardingTimeout | undefined,
): Promise<{ text: string; images: Map<string, Uint8Array> }> {
  const scanner = new ImagesBodyScanner({
    // The images of a body of this size decode to at most 3/4 of it, and barely less: the
    // JSON around them is small.
    sizeHint: length === undefined ? undefined : Math.min(Math.ceil(length / 4) * 3, MAX_SIZE_HINT),
    decoder,
  });
  const body = response.body;
  if (!body) return scanner.finish();
  const reader = body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await readOrAbort(reader.read(), options?.signal, timeout);
      } catch (error) {
        throw toPictorError(error, options, timeout?.ms, response);
      }
      if (chunk.done) break;
      scanner.feed(chunk.value);
    }
  } catch (error) {
    // The rest of the body is not wanted: close the connection. Not awaited: a body with an
    // unread clone (msw) never settles its cancel.
    reader.cancel().catch(() => undefined);
    throw error;
  }
  return scanner.finish();
}

/**
 * The body's length in bytes from `Content-Length`; unknown when missing or when it counts
 * compressed bytes (`fetch` hands over the body decompressed).
 */
function identityLength(headers: Headers): number | undefined {
  const encoding = headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const length = Number(headers.get("content-length") ?? Number.NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

// Made once: constructing them costs more than decoding a small skeleton. Neither keeps state
// between calls (no `stream: true`), and the decoder strips a BOM as `Response.text()` does.
const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
/** `b64_json` as bytes, matched against the content of every JSON string outside an image. */
const KEY = [0x62, 0x36, 0x34, 0x5f, 0x6a, 0x73, 0x6f, 0x6e];

// Scanner states. Only enough of JSON is tracked to know where strings are and whether a string
// `"b64_json"` is a key whose value is a string; JSON.parse checks everything else afterwards.
/** Outside any string. */
const OUTSIDE = 0;
/** Inside a string; `#matched` says how much of `b64_json` its content has matched (-1: none). */
const IN_STRING = 1;
/** Just after a backslash inside a string. */
const IN_ESCAPE = 2;
/** After the string `"b64_json"`: a colon makes it a key. */
const AFTER_KEY = 3;
/** After `"b64_json":`: a quote starts an image. */
const AFTER_COLON = 4;
/** Inside a `b64_json` value, decoding. */
const IN_BASE64 = 5;

/** Below this, a buffer grown without a size hint is not worth copying to trim its tail. */
const TRIM_SLACK = 64 * 1024;
/** Smallest first allocation when the body's size is unknown; it doubles as needed. */
const INITIAL_CAPACITY = 4096;
/**
 * The most allocated up front from `Content-Length`: a broken proxy's length (terabytes) must
 * not throw a RangeError or reserve gigabytes; past it the buffer doubles as the bytes come.
 */
const MAX_SIZE_HINT = 256 * 1024 * 1024;
/** Thrown inside the decoder when a value turns out not to be strict base64; never escapes. */
const NOT_BASE64 = Symbol("not base64");

/**
 * The state machine behind {@link readImagesResponse}, fed the body's chunks in order. Chunks
 * may split the body anywhere (inside the key, between key and colon, inside a base64 quartet).
 * @internal Exported for tests.
 */
export class ImagesBodyScanner {
  readonly #decoder: Base64Decoder;
  readonly #sizeHint: number | undefined;
  /** The skeleton so far, as pieces of bytes. */
  readonly #skeleton: Uint8Array[] = [];
  /** [start, end) of each decoded image in `#out`, in order. */
  readonly #ranges: number[] = [];
  #state = OUTSIDE;
  #matched = -1;
  /** Every image's bytes, back to back; allocated at the first image. */
  #out: Uint8Array | undefined;
  #used = 0;
  /** Where the image being decoded starts in `#out`. */
  #valueStart = 0;
  /**
   * The last 1–4 base64 characters of the value seen so far, not yet decoded: a chunk may end
   * inside a quartet, and the final quartet (which may hold padding) is decoded on its own.
   */
  #carry = "";
  /**
   * Part of every placeholder of this scan: a body cannot name one in advance, so a value that
   * reads `<decoded image 0>` once unescaped stays text and is never given another's bytes.
   */
  readonly #nonce = Math.random().toString(36).slice(2);

  constructor(options: {
    sizeHint: number | undefined;
    decoder: Base64Decoder;
  }) {
    this.#sizeHint = options.sizeHint;
    this.#decoder = options.decoder;
  }

  /** Scans the next chunk of the body. */
  feed(chunk: Uint8Array): void {
    const length = chunk.length;
    /** `chunk` for searching only. */
    const search = this.#decoder.searchable(chunk);
    /** Start of the bytes of this chunk that still have to be copied into the skeleton. */
    let copyFrom = 0;
    let i = 0;
    const stops = new StringStops(search);
    while (i < length) {
      const state = this.#state;
      if (state === IN_BASE64) {
        // The value's end, or an escape before it (each searched once per chunk: see StringStops).
        const stop = stops.next(i);
        const close = stop < length && search[stop] === QUOTE ? stop : -1;
        const end = close === -1 ? length : close;
        if (stop < length && search[stop] === BACKSLASH) {
          // An escape sequence (`\/` is legal JSON for "/"): hand this value to JSON.parse.
          this.#fallBackToText();
          copyFrom = i;
          this.#state = IN_STRING;
          this.#matched = -1;
          continue;
        }
        if (!this.#decodedSegment(chunk, i, end, close !== -1)) {
          // Not strict base64: the value goes on as text (see readImagesResponse).
          this.#fallBackToText();
          copyFrom = i;
          this.#state = IN_STRING;
          this.#matched = -1;
          continue;
        }
        if (close === -1) {
          copyFrom = length;
          break;
        }
        this.#endImage();
        copyFrom = close; // the closing quote belongs to the skeleton
        i = close + 1;
        this.#state = OUTSIDE;
        continue;
      }
      const byte = chunk[i];
      if (state === OUTSIDE) {
        if (byte === QUOTE) {
          this.#state = IN_STRING;
          this.#matched = 0;
        }
        i++;
      } else if (state === IN_STRING) {
        if (this.#matched < 0 && byte !== QUOTE && byte !== BACKSLASH) {
          // Not the key: skip natively to the next quote or backslash.
          i = stops.next(i + 1);
          continue;
        }
        if (byte === QUOTE) this.#state = this.#matched === KEY.length ? AFTER_KEY : OUTSIDE;
        else if (byte === BACKSLASH) {
          this.#state = IN_ESCAPE;
          this.#matched = -1;
        } else this.#matched = KEY[this.#matched] === byte ? this.#matched + 1 : -1;
        i++;
      } else if (state === IN_ESCAPE) {
        this.#state = IN_STRING;
        i++;
      } else if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) {
        i++;
      } else if (state === AFTER_KEY) {
        // Not followed by a colon: it was a value (`"response_format": "b64_json"`), not a key.
        if (byte === COLON) i++;
        this.#state = byte === COLON ? AFTER_COLON : OUTSIDE;
      } else if (byte === QUOTE) {
        this.#pushSkeleton(copyOf(chunk, copyFrom, i + 1));
        this.#startImage();
        i++;
      } else {
        // `"b64_json": null` or a number: not an image; the schema will say what is wrong.
        this.#state = OUTSIDE;
      }
    }
    if (this.#state !== IN_BASE64 && copyFrom < length)
      this.#pushSkeleton(copyOf(chunk, copyFrom, length));
  }

  /** Ends the scan: the skeleton as text and the decoded images by placeholder. */
  finish(): { text: string; images: Map<string, Uint8Array> } {
    // The body ended inside an image: give the text back, so the JSON error shows what came.
    if (this.#state === IN_BASE64) this.#fallBackToText();
    let out = this.#out;
    // A buffer that grew by doubling may be up to half empty: keep only what is used.
    if (out && out.length - this.#used > Math.max(TRIM_SLACK, this.#used >>> 3))
      out = out.slice(0, this.#used);
    const images = new Map<string, Uint8Array>();
    const ranges = this.#ranges;
    // Several images each get their own buffer (one copy): as views of one buffer, handing one
    // image's `.buffer` on (a Blob, a transfer to a worker) would carry or empty the others.
    const own = ranges.length > 2;
    const bytes = out ?? new Uint8Array(0);
    for (let index = 0; index < ranges.length; index += 2) {
      images.set(
        this.#placeholder(index / 2),
        own
          ? bytes.slice(ranges[index], ranges[index + 1])
          : bytes.subarray(ranges[index], ranges[index + 1]),
      );
    }
    return { text: utf8Decoder.decode(concatBytes(this.#skeleton)), images };
  }

  /** The string left in the skeleton in place of image `index` (not base64: `<` is not in it). */
  #placeholder(index: number): string {
    return `<decoded image ${this.#nonce} ${index}>`;
  }

  #pushSkeleton(bytes: Uint8Array): void {
    if (bytes.length > 0) this.#skeleton.push(bytes);
  }

  #startImage(): void {
    this.#state = IN_BASE64;
    this.#valueStart = this.#used;
    this.#carry = "";
  }

  #endImage(): void {
    const index = this.#ranges.length / 2;
    this.#ranges.push(this.#valueStart, this.#used);
    this.#pushSkeleton(utf8Encoder.encode(this.#placeholder(index)));
  }

  /**
   * Gives the current value back to the skeleton as text: what was decoded so far is encoded
   * again (decoding whole quartets of valid base64 is one-to-one, so this restores the exact
   * characters), then the characters held back, and the caller copies the rest as it comes.
   */
  #fallBackToText(): void {
    const decoded = (this.#out ?? new Uint8Array(0)).subarray(this.#valueStart, this.#used);
    this.#pushSkeleton(utf8Encoder.encode(encodeBase64(decoded)));
    // The held-back characters are bytes as they came (one char each, see `ascii`), which may
    // be half of a UTF-8 sequence: put them back as those bytes, not encoded again.
    this.#pushSkeleton(Uint8Array.from(this.#carry, (char) => char.charCodeAt(0)));
    this.#used = this.#valueStart;
    this.#carry = "";
  }

  /**
   * Decodes `chunk[start, end)` of the current value (`last` when the closing quote follows);
   * false, with the value as it was before this segment, when the segment is not strict base64.
   */
  #decodedSegment(chunk: Uint8Array, start: number, end: number, last: boolean): boolean {
    const carry = this.#carry;
    const used = this.#used;
    try {
      this.#decodeSegment(chunk, start, end, last);
      return true;
    } catch (error) {
      if (error !== NOT_BASE64) throw error;
      this.#carry = carry;
      this.#used = used;
      return false;
    }
  }

  #decodeSegment(chunk: Uint8Array, start: number, end: number, last: boolean): void {
    let position = start;
    if (this.#carry.length > 0) {
      // Complete the held-back quartet from this segment first.
      const take = Math.min((4 - (this.#carry.length % 4)) % 4, end - position);
      this.#carry += ascii(chunk, position, position + take);
      position += take;
      if (position === end) {
        // Nothing after it in this segment: it may still be the final quartet, so it waits.
        if (!last) return;
        if (this.#carry.length < 4) this.#invalid();
        this.#decodeQuartet(this.#carry);
        this.#carry = "";
        return;
      }
      // More characters follow, so it is not the final quartet and may not hold padding.
      if (this.#carry.includes("=")) this.#invalid();
      this.#decodeQuartet(this.#carry);
      this.#carry = "";
    }
    const remaining = end - position;
    if (last) {
      if (remaining === 0) return;
      if (remaining % 4 !== 0) this.#invalid();
      this.#decodeBulk(chunk, position, end - 4);
      this.#decodeQuartet(ascii(chunk, end - 4, end));
      return;
    }
    // Hold back the last quartet (or the partial one): it may be the final one, with padding.
    const keep = remaining % 4 || Math.min(4, remaining);
    this.#decodeBulk(chunk, position, end - keep);
    this.#carry = ascii(chunk, end - keep, end);
  }

  /** Decodes whole quartets without padding through the fast decoder. */
  #decodeBulk(chunk: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    const expected = ((end - start) / 4) * 3;
    const out = this.#reserve(expected);
    if (this.#decoder.decode(chunk, start, end, out, this.#used) !== expected) this.#invalid();
    this.#used += expected;
  }

  /** Decodes one quartet strictly (padding, zero padding bits) with the portable decoder. */
  #decodeQuartet(quartet: string): void {
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(quartet);
    } catch {
      this.#invalid();
    }
    this.#reserve(bytes.length).set(bytes, this.#used);
    this.#used += bytes.length;
  }

  /** The output buffer with room for `extra` more bytes: sized from the hint, doubled when short. */
  #reserve(extra: number): Uint8Array {
    const needed = this.#used + extra;
    const out = this.#out;
    if (out && out.length >= needed) return out;
    // Without a hint, start small (a tiny image must not cost a large zeroed allocation) and
    // double: the copies add up to at most the final size.
    const capacity = Math.max(
      needed,
      out ? out.length * 2 : (this.#sizeHint ?? Math.max(needed * 2, INITIAL_CAPACITY)),
    );
    // Zero-filled, not `allocUnsafe`: `bytes().buffer` reaches the whole allocation, which must
    // not expose old process memory. Large zeroed allocations cost nothing until touched.
    const grown = new Uint8Array(capacity);
    if (out) grown.set(out.subarray(0, this.#used));
    this.#out = grown;
    return grown;
  }

  #invalid(): never {
    throw NOT_BASE64;
  }
}

/**
 * Finds the next quote or backslash of a chunk, remembering each one found beyond the position
 * asked: a string full of escapes (`\/` in every base64 value) asks again after each one, and
 * searching afresh each time would scan the rest of the chunk per escape (quadratic).
 */
class StringStops {
  readonly #chunk: Uint8Array;
  #quote = -1;
  #backslash = -1;

  constructor(chunk: Uint8Array) {
    this.#chunk = chunk;
  }

  /** The index of the first quote or backslash at or after `from`, else the chunk's length. */
  next(from: number): number {
    const chunk = this.#chunk;
    if (this.#quote < from) {
      const at = chunk.indexOf(QUOTE, from);
      this.#quote = at === -1 ? chunk.length : at;
    }
    if (this.#backslash < from) {
      const at = chunk.indexOf(BACKSLASH, from);
      this.#backslash = at === -1 ? chunk.length : at;
    }
    return Math.min(this.#quote, this.#backslash);
  }
}

/** A short range of bytes as a string, one char per byte (for the few characters of a quartet). */
function ascii(chunk: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...chunk.subarray(start, end));
}

/**
 * A copy of `chunk[start, end)` for the skeleton, so it never keeps a whole chunk alive (a
 * `Buffer` chunk's `slice` would be a view).
 */
function copyOf(chunk: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(chunk.subarray(start, end));
}

// ---------------------------------------------------------------------------------------------
// Decoders. Found by feature detection so the client stays Web-standard: no `node:` import.

/** What Pictor uses of Node's `Buffer` (a `Uint8Array` subclass). */
interface NodeBufferView extends Uint8Array {
  write(text: string, offset: number, length: number, encoding: "base64"): number;
  toString(encoding?: "latin1", start?: number, end?: number): string;
}

/** What Pictor uses of Node's `Buffer` constructor. */
interface NodeBufferConstructor {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBufferView;
}

/** `Uint8Array.prototype.setFromBase64` (ES2026; not on Node 20). */
interface SetFromBase64 {
  setFromBase64(
    text: string,
    options?: { lastChunkHandling?: "loose" | "strict" | "stop-before-partial" },
  ): { read: number; written: number };
}

function isNodeBufferConstructor(value: unknown): value is NodeBufferConstructor {
  return (
    typeof value === "function" &&
    typeof Reflect.get(value, "from") === "function" &&
    typeof Reflect.get(Reflect.get(value, "prototype") ?? {}, "write") === "function"
  );
}

function hasSetFromBase64(array: Uint8Array): array is Uint8Array & SetFromBase64 {
  return typeof Reflect.get(array, "setFromBase64") === "function";
}

/** Bytes as text for `setFromBase64`, which takes a string; base64 is ASCII, anything else fails decoding. */
function textOf(source: Uint8Array, start: number, end: number): string {
  return utf8Decoder.decode(source.subarray(start, end));
}

/** Node's `Buffer`: the fastest here (native decoding, latin1 strings are a plain copy). */
function bufferDecoder(NodeBuffer: NodeBufferConstructor): Base64Decoder {
  return {
    kind: "buffer",
    searchable: (chunk) => NodeBuffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
    decode(source, start, end, out, offset) {
      const text = NodeBuffer.from(source.buffer, source.byteOffset + start, end - start);
      // Buffer also accepts the URL-safe alphabet without a word: the strict decoder does not.
      if (text.indexOf(0x2d) !== -1 || text.indexOf(0x5f) !== -1) return -1;
      const expected = ((end - start) / 4) * 3;
      // Invalid characters are skipped by Buffer's decoder, so they show as a short count.
      return NodeBuffer.from(out.buffer, out.byteOffset + offset, expected).write(
        text.toString("latin1"),
        0,
        expected,
        "base64",
      );
    },
  };
}

/** `setFromBase64` where the runtime has it (recent browsers, Node ≥ 25). */
const nativeDecoder: Base64Decoder = {
  kind: "native",
  searchable: (chunk) => chunk,
  decode(source, start, end, out, offset) {
    const target = out.subarray(offset, offset + ((end - start) / 4) * 3);
    if (!hasSetFromBase64(target)) return -1;
    try {
      // It skips ASCII whitespace: that shows as a short count.
      return target.setFromBase64(textOf(source, start, end), { lastChunkHandling: "strict" })
        .written;
    } catch {
      return -1;
    }
  },
};

/**
 * For runtimes with neither: a table-driven loop from the chunk's bytes straight into the output,
 * with no string or array made per chunk (about twice as fast as decoding a string of each chunk).
 */
const portableDecoder: Base64Decoder = {
  kind: "portable",
  searchable: (chunk) => chunk,
  decode: decodeBase64Bytes,
};

/**
 * The fastest base64 decoder this runtime has: `Buffer` when present, else `setFromBase64`,
 * else the portable one; `kind` forces one (tests, benchmarks). Throws if a forced one is missing.
 */
export function base64Decoder(kind?: Base64DecoderKind): Base64Decoder {
  const NodeBuffer: unknown = Reflect.get(globalThis, "Buffer");
  if ((kind === undefined || kind === "buffer") && isNodeBufferConstructor(NodeBuffer))
    return bufferDecoder(NodeBuffer);
  if ((kind === undefined || kind === "native") && hasSetFromBase64(new Uint8Array(0)))
    return nativeDecoder;
  if (kind === undefined || kind === "portable") return portableDecoder;
  throw new TypeError(`The ${kind} base64 decoder is not available in this runtime`);
}
