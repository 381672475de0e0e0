/*
 * Why this exists: where neither Node's `Buffer` nor `Uint8Array.prototype.setFromBase64` is
 * available, the streaming image reader used to turn every chunk into a string (TextDecoder),
 * decode that into a fresh array and copy it into the output: two short-lived copies of each
 * chunk, and twice the time of this loop, which reads the ASCII bytes as they came off the wire
 * and writes straight into the output.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * The 6-bit value of each byte, already shifted to its place in a quartet's 24 bits (one table
 * per place, so a quartet is four lookups and three ORs). Bytes outside the alphabet map to -1:
 * its sign bit survives the ORs, so one test per call finds any of them.
 */
const FIRST = new Int32Array(256).fill(-1);
const SECOND = new Int32Array(256).fill(-1);
const THIRD = new Int32Array(256).fill(-1);
const FOURTH = new Int32Array(256).fill(-1);
for (let value = 0; value < ALPHABET.length; value++) {
  const code = ALPHABET.charCodeAt(value);
  FIRST[code] = value << 18;
  SECOND[code] = value << 12;
  THIRD[code] = value << 6;
  FOURTH[code] = value;
}

/**
 * Decodes the ASCII base64 bytes `source[start, end)` (whole quartets of the standard alphabet,
 * no padding, no whitespace) into `out` at `offset`. Returns the byte count written
 * (`(end - start) / 4 * 3`), or -1 when a byte is outside the alphabet or the length is not a
 * multiple of 4; then `out` may hold partial output, which the caller discards.
 * The caller makes sure `out` has room.
 */
export function decodeBase64Bytes(
  source: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  offset: number,
): number {
  if ((end - start) % 4 !== 0) return -1;
  let o = offset;
  // Accumulated instead of branching per quartet: invalid input is rare and only needs finding.
  let bad = 0;
  for (let i = start; i < end; i += 4) {
    const value =
      (FIRST[source[i] ?? 0] ?? -1) |
      (SECOND[source[i + 1] ?? 0] ?? -1) |
      (THIRD[source[i + 2] ?? 0] ?? -1) |
      (FOURTH[source[i + 3] ?? 0] ?? -1);
    bad |= value;
    out[o] = value >> 16;
    out[o + 1] = value >> 8;
    out[o + 2] = value;
    o += 3;
  }
  return bad < 0 ? -1 : o - offset;
}
