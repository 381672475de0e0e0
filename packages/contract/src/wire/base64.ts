/**
 * Portable base64 (RFC 4648, standard alphabet, padded) for `b64_json` payloads and data URLs.
 * `Buffer` is missing outside Node and `Uint8Array.fromBase64` is missing on Node 20, while
 * `atob`/`btoa` work on "binary strings" that cost a char per byte and stack-overflow when built
 * with one big `String.fromCharCode(...bytes)`. These loops use tables and one typed array each.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 0x3d; // "="
/** Marks a char code that is not in the alphabet; its high bit makes one OR over a group detect it. */
const INVALID = 0x80;

/** Alphabet as ASCII codes, indexed by 6-bit value. */
const ENCODE = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
/** 6-bit value for every UTF-16 code unit (64 KiB), so decoding never needs a range check. */
const DECODE = new Uint8Array(0x10000).fill(INVALID);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

let asciiDecoder: TextDecoder | undefined;

/** Encodes bytes as padded standard base64; linear time, no per-byte strings, any size the runtime can hold as a string. */
export function encodeBase64(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  const whole = length - (length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o] = ENCODE[v >>> 18] ?? 0;
    out[o + 1] = ENCODE[(v >>> 12) & 63] ?? 0;
    out[o + 2] = ENCODE[(v >>> 6) & 63] ?? 0;
    out[o + 3] = ENCODE[v & 63] ?? 0;
    o += 4;
  }
  const rest = length - whole;
  if (rest > 0) {
    const v = ((bytes[whole] ?? 0) << 16) | (rest === 2 ? (bytes[whole + 1] ?? 0) << 8 : 0);
    out[o] = ENCODE[v >>> 18] ?? 0;
    out[o + 1] = ENCODE[(v >>> 12) & 63] ?? 0;
    out[o + 2] = rest === 2 ? (ENCODE[(v >>> 6) & 63] ?? 0) : PAD;
    out[o + 3] = PAD;
  }
  // The output is pure ASCII, which UTF-8 decoding turns into a string in one native call.
  asciiDecoder ??= new TextDecoder();
  return asciiDecoder.decode(out);
}

/** Decodes strict, padded standard base64 (no whitespace, zero padding bits); throws a TypeError on anything else. */
export function decodeBase64(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError("Invalid base64: expected a string");
  const length = text.length;
  if (length % 4 !== 0) throw new TypeError(describeBase64Error(text) ?? "Invalid base64");
  if (length === 0) return new Uint8Array(0);
  const padding =
    text.charCodeAt(length - 1) === PAD ? (text.charCodeAt(length - 2) === PAD ? 2 : 1) : 0;
  const out = new Uint8Array((length / 4) * 3 - padding);
  const lastGroup = length - 4;
  let o = 0;
  let bad = 0;
  for (let i = 0; i < lastGroup; i += 4) {
    const a = DECODE[text.charCodeAt(i)] ?? INVALID;
    const b = DECODE[text.charCodeAt(i + 1)] ?? INVALID;
    const c = DECODE[text.charCodeAt(i + 2)] ?? INVALID;
    const d = DECODE[text.charCodeAt(i + 3)] ?? INVALID;
    // Accumulate instead of branching per group; the error is located only if one occurred.
    bad |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = v >>> 16;
    out[o + 1] = v >>> 8;
    out[o + 2] = v;
    o += 3;
  }
  if (bad & INVALID || !decodeLastGroup(text, lastGroup, padding, out, o)) {
    throw new TypeError(describeBase64Error(text) ?? "Invalid base64");
  }
  return out;
}

/** Whether `text` is strict, padded standard base64 that {@link decodeBase64} accepts. */
export function isBase64(text: string): boolean {
  return typeof text === "string" && describeBase64Error(text) === undefined;
}

/**
 * The media type and the base64 text of `data:<type>[;params];base64,<data>`, not decoded;
 * `undefined` if it is not a base64 data URL (RFC 2397, parameters and spaces allowed).
 */
export function splitDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  if (typeof url !== "string" || url.slice(0, 5).toLowerCase() !== "data:") return undefined;
  const comma = url.indexOf(",", 5);
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  // RFC 2397: "data:" [mediatype] [";base64"] "," data — without ";base64" the data is percent-encoded text.
  if (!/;base64$/i.test(meta)) return undefined;
  const type = (meta.slice(0, -";base64".length).split(";")[0] ?? "").trim().toLowerCase();
  const mediaType = type === "" ? "text/plain" : type;
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(mediaType)) return undefined;
  return { mediaType, base64: url.slice(comma + 1) };
}

/** Decodes `data:<type>[;params];base64,<data>`; `undefined` if not a base64 data URL or the data is invalid. */
export function parseDataUrl(url: string): { mediaType: string; bytes: Uint8Array } | undefined {
  const split = splitDataUrl(url);
  if (!split) return undefined;
  try {
    // One decoding pass instead of validating first: data URLs can carry tens of megabytes.
    return { mediaType: split.mediaType, bytes: decodeBase64(split.base64) };
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Decodes the final group, which may hold padding; false if it is malformed or not canonical. */
function decodeLastGroup(
  text: string,
  i: number,
  padding: number,
  out: Uint8Array,
  o: number,
): boolean {
  const a = DECODE[text.charCodeAt(i)] ?? INVALID;
  const b = DECODE[text.charCodeAt(i + 1)] ?? INVALID;
  const c = padding === 2 ? 0 : (DECODE[text.charCodeAt(i + 2)] ?? INVALID);
  const d = padding >= 1 ? 0 : (DECODE[text.charCodeAt(i + 3)] ?? INVALID);
  if ((a | b | c | d) & INVALID) return false;
  const v = (a << 18) | (b << 12) | (c << 6) | d;
  // Strict: the bits that padding leaves unused must be zero, so each byte string has one encoding.
  if ((padding === 2 && (v & 0xffff) !== 0) || (padding === 1 && (v & 0xff) !== 0)) return false;
  out[o] = v >>> 16;
  if (padding < 2) out[o + 1] = v >>> 8;
  if (padding < 1) out[o + 2] = v;
  return true;
}

/** Explains the first problem in `text` as base64, or `undefined` if it is valid. */
function describeBase64Error(text: string): string | undefined {
  const length = text.length;
  if (length % 4 !== 0) return `Invalid base64: length ${length} is not a multiple of 4`;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === PAD) {
      // "=" may only end the text, once ("xxx=") or twice ("xx==").
      const fromEnd = length - i;
      if (fromEnd > 2 || (fromEnd === 2 && text.charCodeAt(length - 1) !== PAD)) {
        return `Invalid base64: misplaced padding "=" at index ${i}`;
      }
      continue;
    }
    if (((DECODE[code] ?? INVALID) & INVALID) !== 0) {
      return `Invalid base64: unexpected character ${JSON.stringify(text.charAt(i))} at index ${i}`;
    }
  }
  if (length > 0) {
    const padding =
      text.charCodeAt(length - 1) === PAD ? (text.charCodeAt(length - 2) === PAD ? 2 : 1) : 0;
    const last = DECODE[text.charCodeAt(length - 1 - padding)] ?? 0;
    const unused = padding === 2 ? last & 0x0f : padding === 1 ? last & 0x03 : 0;
    if (unused !== 0) return "Invalid base64: non-zero bits in the padding of the last group";
  }
  return undefined;
}
