import { readCappedBody } from "./read-capped-body";

/** A JSON body read under a byte cap, or why it could not be (each reader words its answer). */
export type CappedJson =
  | { ok: true; value: unknown; bytes: number }
  /**
   * `too_large` and `closed` as in {@link readCappedBody}; `empty`: no bytes; `not_json`: not
   * JSON; `too_many_values`: more JSON values than `maxValues`, refused before parsing.
   */
  | { ok: false; reason: "too_large" | "closed" | "empty" | "not_json" | "too_many_values" };

/**
 * Reads and parses a JSON body with a byte cap (see {@link readCappedBody}). With `maxValues`,
 * a body holding more objects, arrays and elements than that is refused before `JSON.parse`:
 * megabytes of `[{},{},…]` would build millions of objects (gigabytes of heap, seconds of
 * blocked event loop) before any schema could refuse them.
 */
export async function readCappedJson(
  request: Pick<Request, "headers" | "body">,
  maxBytes: number,
  maxValues = Number.POSITIVE_INFINITY,
): Promise<CappedJson> {
  const body = await readCappedBody(request, maxBytes);
  if (!body.ok) return body;
  if (body.bytes.byteLength === 0) return { ok: false, reason: "empty" };
  if (jsonValuesOver(body.bytes, maxValues)) return { ok: false, reason: "too_many_values" };
  try {
    return {
      ok: true,
      value: JSON.parse(new TextDecoder().decode(body.bytes)),
      bytes: body.bytes.byteLength,
    };
  } catch {
    return { ok: false, reason: "not_json" };
  }
}

/**
 * Whether `bytes` holds more than `max` containers and separators (`{`, `[`, `,`) outside
 * strings: one linear pass, which skips each string with a native search (a data URL of
 * megabytes costs one `indexOf`).
 */
function jsonValuesOver(bytes: Uint8Array, max: number): boolean {
  if (max === Number.POSITIVE_INFINITY) return false;
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x22) {
      // A string: its end is the next quote not escaped by an odd run of backslashes.
      for (;;) {
        const quote = bytes.indexOf(0x22, i + 1);
        if (quote < 0) return false; // Unterminated: JSON.parse refuses it.
        let slashes = 0;
        while (bytes[quote - 1 - slashes] === 0x5c) slashes++;
        i = quote;
        if (slashes % 2 === 0) break;
      }
    } else if (byte === 0x7b || byte === 0x5b || byte === 0x2c) {
      if (++count > max) return true;
    }
  }
  return false;
}
