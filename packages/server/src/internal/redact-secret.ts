import { redacted } from "@pictor/contract";

const encoder = new TextEncoder();

/**
 * A pass-through that replaces every occurrence of `secret` in a byte stream, even one split
 * across chunks. Only the tail of a chunk that could begin the secret is held back until the
 * next chunk, so an SSE event (which ends in a newline, never part of a key) is passed on whole
 * and at once: streaming stays incremental.
 */
export function redactSecret(secret: string): TransformStream<Uint8Array, Uint8Array> {
  const needle = encoder.encode(secret);
  const replacement = encoder.encode(redacted);
  let carry: Uint8Array = new Uint8Array(0);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const data = carry.length === 0 ? chunk : concat([carry, chunk]);
      const { output, held } = redactBytes(data, needle, replacement);
      carry = held;
      if (output.length > 0) controller.enqueue(output);
    },
    flush(controller) {
      if (carry.length > 0) controller.enqueue(carry);
    },
  });
}

/** The bytes with every match replaced, and the tail that may start a match in the next chunk. */
function redactBytes(
  data: Uint8Array,
  needle: Uint8Array,
  replacement: Uint8Array,
): { output: Uint8Array; held: Uint8Array } {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let at = indexOf(data, needle, 0); at >= 0; at = indexOf(data, needle, start)) {
    parts.push(data.subarray(start, at), replacement);
    start = at + needle.length;
  }
  const keep = partialMatchAtEnd(data, needle, start);
  parts.push(data.subarray(start, data.length - keep));
  return { output: concat(parts), held: data.slice(data.length - keep) };
}

/** Length of the longest tail of `data` (from `from` on) that is a proper prefix of `needle`. */
function partialMatchAtEnd(data: Uint8Array, needle: Uint8Array, from: number): number {
  for (let length = Math.min(needle.length - 1, data.length - from); length > 0; length--) {
    let matches = true;
    for (let i = 0; i < length && matches; i++)
      matches = data[data.length - length + i] === needle[i];
    if (matches) return length;
  }
  return 0;
}

function indexOf(data: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  if (first === undefined) return -1;
  // The native single-byte search skips ahead fast; only candidates are compared in full.
  for (let at = data.indexOf(first, from); at >= 0; at = data.indexOf(first, at + 1)) {
    if (at + needle.length > data.length) return -1;
    let i = 1;
    while (i < needle.length && data[at + i] === needle[i]) i++;
    if (i === needle.length) return at;
  }
  return -1;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
