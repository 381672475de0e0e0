import { concatBytes, redacted } from "@pictor/contract";

const encoder = new TextEncoder();
const backslash = 0x5c;

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

/** `readEscape`'s answer for a backslash that starts no escape: itself, one byte. */
const loneBackslash = backslash * 8 + 1;

/**
 * Replaces every occurrence of `secret`, even one split across chunks. Raw, it looks for the
 * secret's own bytes. With `jsonEscapes`, for every run of bytes a JSON parser would read as
 * the secret: any mix of its characters and their escapes (`\"`, `\\`, `\/`, `\u0073` in
 * either case), as an encoder or a proxy that echoes the key may write them. The bytes are then
 * read as JSON string characters from the start, as a parser does; a backslash that starts no
 * escape counts as itself. The key is visible ASCII (the client refuses any other), so a byte
 * of a multi-byte character never matches one of its characters.
 *
 * Linear: each byte is read once (Knuth–Morris–Pratt), and only an unfinished match or a cut
 * escape is held back, so an SSE event (which ends in a newline, never part of a key) is passed
 * on whole and at once.
 */
export function secretRedactor(secret: string, jsonEscapes: boolean): SecretRedactor {
  const needle = jsonEscapes
    ? Array.from({ length: secret.length }, (_, i) => secret.charCodeAt(i))
    : Array.from(encoder.encode(secret));
  const length = needle.length;
  const fallback = failureTable(needle);
  const replacement = encoder.encode(redacted);
  /** By byte: whether a match may start there (the first character, or any escape). */
  const startsMatch = new Uint8Array(256);
  if (jsonEscapes) startsMatch[backslash] = 1;
  const first = needle[0];
  if (first !== undefined && first < 256) startsMatch[first] = 1;
  /** Bytes not passed on yet; `held[0]` is byte `heldAt` of the stream. */
  let held: Uint8Array = new Uint8Array(0);
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
      const data = held.length === 0 ? chunk : concatBytes([held, chunk]);
      const parts: Uint8Array[] = [];
      let passedTo = heldAt;
      let at = readTo - heldAt;
      while (at < data.length) {
        // Outside a match only the needle's first character or an escape can start one.
        if (matched === 0) {
          at = nextStart(data, at, startsMatch);
          if (at >= data.length) break;
        }
        let value = data[at] ?? 0;
        let size = 1;
        if (jsonEscapes && value === backslash) {
          const decoded = readEscape(data, at);
          if (decoded < 0) break; // cut: the next chunk completes it
          value = decoded >> 3;
          size = decoded & 7;
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
      parts.push(data.subarray(passedTo - heldAt, keepFrom - heldAt));
      held = data.slice(keepFrom - heldAt);
      heldAt = keepFrom;
      return concatBytes(parts);
    },
    end() {
      // An unfinished match or escape at the very end is no match: it goes out as it is.
      const rest = held;
      heldAt += held.length;
      readTo = heldAt;
      held = new Uint8Array(0);
      matched = 0;
      return rest;
    },
  };
}

/**
 * The escape at `data[at]` (a backslash) as what it stands for times 8 plus its length in bytes
 * (a number, not an object: a body of backslashes must not allocate one per byte): a lone
 * backslash when it starts no valid escape, -1 when the data ends before it does.
 */
function readEscape(data: Uint8Array, at: number): number {
  if (at + 1 >= data.length) return -1;
  const kind = data[at + 1] ?? 0;
  const short = shortEscapes[kind] ?? -1;
  if (short >= 0) return short * 8 + 2;
  if (kind !== 0x75) return loneBackslash; // not an escape: `\x`
  let value = 0;
  for (let i = at + 2; i < at + 6; i++) {
    if (i >= data.length) return -1;
    const digit = hexDigit(data[i] ?? 0);
    if (digit < 0) return loneBackslash;
    value = value * 16 + digit;
  }
  return value * 8 + 6;
}

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
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
