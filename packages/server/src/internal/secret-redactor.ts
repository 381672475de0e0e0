import { concatBytes, redacted } from "@pictor/contract";

const encoder = new TextEncoder();
const backslash = 0x5c;
const percentSign = 0x25;
/** What a redactor holds when it holds nothing (never written to). */
const noBytes = new Uint8Array(0);

/**
 * One pass of redaction over a byte stream: each chunk in, the bytes that are safe to pass on
 * out. A tail that may begin a match is held back until the next chunk (or the end) tells.
 */
export interface SecretRedactor {
  /** The bytes that can be passed on once `chunk` has arrived. */
  push(chunk: Uint8Array): Uint8Array;
  /** What was held back, once the stream has ended. */
  end(): Uint8Array;
}

/**
 * How a redactor reads the bytes before it compares them with the secret: as they are (text that
 * is not JSON); as `JSON.parse` reads a string (`\u0073`, `\/`); as an app that parses JSON
 * quoted in a JSON string reads it (an error that quotes the provider's answer or the request:
 * `\\u0073`, `\\\/`); and that, then URL-decoded (a URL with the key in its query: `%2F`, `%2d`).
 */
export type SecretReading = "bytes" | "json" | "json-twice" | "json-twice-url";

/** An encoding that a reading undoes. */
type Layer = "json" | "percent";

/** How a reading decodes: its layers, the one undone first (the writer's last) first. */
interface Decoding {
  readonly layers: readonly Layer[];
  /** By depth, by byte: whether the byte may begin an escape of one of the first `depth` layers. */
  readonly startsEscape: readonly Uint8Array[];
}

/** The byte each layer's escapes begin with. */
const escapeStart: Readonly<Record<Layer, number>> = { json: backslash, percent: percentSign };

function decodingOf(layers: readonly Layer[]): Decoding {
  const startsEscape = [new Uint8Array(256)];
  for (const layer of layers) {
    const table = (startsEscape.at(-1) ?? new Uint8Array(256)).slice();
    table[escapeStart[layer]] = 1;
    startsEscape.push(table);
  }
  return { layers, startsEscape };
}

const decodings: Readonly<Record<SecretReading, Decoding>> = {
  bytes: decodingOf([]),
  json: decodingOf(["json"]),
  "json-twice": decodingOf(["json", "json"]),
  "json-twice-url": decodingOf(["json", "json", "percent"]),
};

/** What a two-character JSON escape stands for, by the character after the backslash (-1: none). */
const shortEscapes = new Int32Array(256).fill(-1);
shortEscapes[0x22] = 0x22; // \"
shortEscapes[0x5c] = 0x5c; // \\
shortEscapes[0x2f] = 0x2f; // \/ (PHP and others escape every slash)
shortEscapes[0x62] = 0x08; // \b
shortEscapes[0x66] = 0x0c; // \f
shortEscapes[0x6e] = 0x0a; // \n
shortEscapes[0x72] = 0x0d; // \r
shortEscapes[0x74] = 0x09; // \t

/**
 * A character read from the bytes is one number, what it stands for times `unit` plus its length
 * in bytes (a body of backslashes must not allocate an object per byte). The longest, a `%` and
 * two hex digits each written as JSON escapes escaped again, is 3 × 36 bytes: below `unit`.
 */
const lengthBits = 7;
const unit = 1 << lengthBits;
const lengthMask = unit - 1;
/** A character the data ends before: the next chunk completes it. */
const cut = -1;
/** Hex digits that are not all hex digits. */
const notHex = -2;

/**
 * Replaces every occurrence of `secret`, even one split across chunks. Read as `"bytes"`, it looks
 * for the secret's own bytes. Read otherwise, for every run of bytes that the reading's decoders
 * would turn into the secret: any mix of its characters and their escapes, as an encoder or a
 * proxy that echoes the key may write them (`"json"`: `\"`, `\\`, `\/`, `\u0073` in either case;
 * `"json-twice"`: those escaped again; `"json-twice-url"`: also `%73`, `%2F` in either case). The bytes are read from the
 * start, as a parser does; an escape that is not one (`\x`, `%zz`) counts as its first character.
 * The key is visible ASCII (the client refuses any other), so a byte of a multi-byte character
 * never matches one of its characters.
 *
 * Linear: each byte is read a bounded number of times (Knuth–Morris–Pratt over characters of at
 * most `unit` bytes), and only an unfinished match or a cut escape is held back, so an SSE event
 * (which ends in a newline, never part of a key) is passed on whole and at once.
 */
export function secretRedactor(secret: string, reading: SecretReading): SecretRedactor {
  const decoding = decodings[reading];
  const depth = decoding.layers.length;
  const needle =
    depth > 0
      ? Array.from({ length: secret.length }, (_, i) => secret.charCodeAt(i))
      : Array.from(encoder.encode(secret));
  const length = needle.length;
  const fallback = failureTable(needle);
  const replacement = encoder.encode(redacted);
  /** By byte: whether an escape of the reading starts there (a character of more than one byte). */
  const startsEscape = decoding.startsEscape[depth] ?? new Uint8Array(256);
  /** By byte: whether a match may start there (the first character, or any escape). */
  const startsMatch = startsEscape.slice();
  const first = needle[0];
  if (first !== undefined && first < 256) startsMatch[first] = 1;
  /** Bytes not passed on yet; `held[0]` is byte `heldAt` of the stream. */
  let held: Uint8Array = noBytes;
  let heldAt = 0;
  /** Stream offset up to which characters have been read (a cut escape begins there). */
  let readTo = 0;
  /** Characters of the needle matched by the latest ones read. */
  let matched = 0;
  /** Stream offsets where the latest `length` characters began, by character count modulo `length`. */
  const starts = new Array<number>(length).fill(0);
  let count = 0;

  return {
    push(chunk) {
      if (length === 0) return chunk;
      // Most text holds no byte a match can start with (an error's short strings, a pass's empty
      // end): it goes on as it is, without a copy. Nothing held means no match or escape is open.
      const from = held.length === 0 ? nextStart(chunk, 0, startsMatch) : readTo - heldAt;
      if (held.length === 0 && from === chunk.length) {
        heldAt += chunk.length;
        readTo = heldAt;
        return chunk;
      }
      const data = held.length === 0 ? chunk : concatBytes([held, chunk]);
      const parts: Uint8Array[] = [];
      let passedTo = heldAt;
      let at = from;
      while (at < data.length) {
        // Outside a match only the needle's first character or an escape can start one.
        if (matched === 0) {
          at = nextStart(data, at, startsMatch);
          if (at >= data.length) break;
        }
        let value = data[at] ?? 0;
        let size = 1;
        if (startsEscape[value] === 1) {
          const character = readEscape(data, at, decoding, depth);
          if (character === cut) break; // the next chunk completes it
          value = character >> lengthBits;
          size = character & lengthMask;
        }
        while (matched > 0 && needle[matched] !== value) matched = fallback[matched - 1] ?? 0;
        if (needle[matched] === value) matched++;
        starts[count % length] = heldAt + at;
        count++;
        at += size;
        if (matched === length) {
          const start = starts[(count - length) % length] ?? 0;
          parts.push(data.subarray(passedTo - heldAt, start - heldAt), replacement);
          passedTo = heldAt + at;
          matched = 0;
        }
      }
      readTo = heldAt + Math.min(at, data.length);
      const keepFrom = matched > 0 ? (starts[(count - matched) % length] ?? 0) : readTo;
      const [passed, keep] = [passedTo - heldAt, keepFrom - heldAt];
      held = keep === data.length ? noBytes : data.slice(keep);
      heldAt = keepFrom;
      // Nothing redacted or held back: the data goes on whole, without a view or a copy.
      if (passed === 0 && keep === data.length) return data;
      parts.push(data.subarray(passed, keep));
      return concatBytes(parts);
    },
    end() {
      // An unfinished match or escape at the very end is no match: it goes out as it is.
      if (held.length === 0) return held;
      const rest = held;
      heldAt += held.length;
      readTo = heldAt;
      held = noBytes;
      matched = 0;
      return rest;
    },
  };
}

/**
 * The character at `data[at]` as the first `depth` layers read it (the bytes as they are at
 * depth 0), packed by `unit`; `cut` when the data ends before it does.
 */
function readCharacter(data: Uint8Array, at: number, decoding: Decoding, depth: number): number {
  if (at >= data.length) return cut;
  const byte = data[at] ?? 0;
  // A byte that begins no escape of these layers is itself (most bytes, at every depth).
  return decoding.startsEscape[depth]?.[byte] === 1
    ? readEscape(data, at, decoding, depth)
    : byte * unit + 1;
}

/**
 * `readCharacter` where `data[at]` may begin an escape of the first `depth` layers: what the
 * escape stands for, or its first character when it is none (`\x`, `\u00zz`, `%zz`).
 */
function readEscape(data: Uint8Array, at: number, decoding: Decoding, depth: number): number {
  const below = depth - 1;
  const first = readCharacter(data, at, decoding, below);
  if (first === cut) return cut;
  const value = first >> lengthBits;
  const next = at + (first & lengthMask);
  let rest: number;
  if (decoding.layers[below] === "json") {
    if (value !== backslash) return first;
    const kind = readCharacter(data, next, decoding, below);
    if (kind === cut) return cut;
    const short = shortEscapes[kind >> lengthBits] ?? -1;
    if (short >= 0) return short * unit + (next - at) + (kind & lengthMask);
    if (kind >> lengthBits !== 0x75) return first; // not an escape: `\x`
    rest = hexDigits(data, next + (kind & lengthMask), 4, decoding, below);
    if (rest >= 0) rest += kind & lengthMask;
  } else {
    if (value !== percentSign) return first;
    rest = hexDigits(data, next, 2, decoding, below);
  }
  if (rest === cut) return cut;
  if (rest === notHex) return first;
  return rest + (next - at);
}

/** `count` hex digits from `data[at]`, each read at `depth`: their number packed by `unit`, `notHex` or `cut`. */
function hexDigits(
  data: Uint8Array,
  at: number,
  count: number,
  decoding: Decoding,
  depth: number,
): number {
  let end = at;
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = readCharacter(data, end, decoding, depth);
    if (digit === cut) return cut;
    const hex = hexDigit(digit >> lengthBits);
    if (hex < 0) return notHex;
    value = value * 16 + hex;
    end += digit & lengthMask;
  }
  return value * unit + (end - at);
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** The first offset from `at` whose byte may start a match (the data's length if none). */
function nextStart(data: Uint8Array, at: number, startsMatch: Uint8Array): number {
  const end = data.length;
  let i = at;
  while (i < end && startsMatch[data[i] ?? 0] === 0) i++;
  return i;
}

/** Knuth–Morris–Pratt: for each prefix, the length of its longest proper prefix that is also its suffix. */
function failureTable(needle: readonly number[]): number[] {
  const table = new Array<number>(needle.length).fill(0);
  let k = 0;
  for (let i = 1; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = table[k - 1] ?? 0;
    if (needle[i] === needle[k]) k++;
    table[i] = k;
  }
  return table;
}
