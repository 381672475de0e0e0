import { concatBytes } from "@pictor/contract";
import { type SecretReading, type SecretRedactor, secretRedactor } from "./secret-redactor";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Keys shorter than this are placeholders (`test`, `dev`: the mock gateway takes any key), never
 * one a gateway issues. Redacting one would rewrite every word and image that merely holds it:
 * "fastest" in the model list, "A test of…" in a revised prompt, and about one image in a hundred
 * whose base64 holds "test" (which then no longer decodes). At 8 characters a random match in a
 * 20 MB base64 image is a one-in-ten-million chance.
 */
const minSecretLength = 8;

/**
 * One pass per reading, each fed what the one before let out: JSON quoted in JSON then
 * URL-decoded (`\\/`, `%2F`), as JSON reads it once (`\u0073k-…`, `\/`), then its raw bytes (in
 * text that is not JSON, or inside an escape). The first alone would miss a key with a backslash
 * that the other two find, and one whose `%` it would decode (a key with `%` gets a pass of JSON
 * quoted in JSON without it).
 */
function everyReading(secret: string): SecretRedactor {
  const readings: SecretReading[] =
    secret.length < minSecretLength ? [] : ["json-twice-url", "json", "bytes"];
  if (readings.length > 0 && secret.includes("%")) readings.push("json-twice");
  const passes = readings.map((reading) => secretRedactor(secret, reading));
  /** `bytes` through the passes after the `from`-th. */
  const onwardFrom = (from: number, bytes: Uint8Array) =>
    passes.slice(from + 1).reduce((output, pass) => pass.push(output), bytes);
  return {
    push: (chunk) => onwardFrom(-1, chunk),
    // What a pass held back still goes through the passes after it, before they end.
    end: () => concatBytes(passes.map((pass, index) => onwardFrom(index, pass.end()))),
  };
}

/**
 * A pass-through that replaces every occurrence of `secret` (of 8 characters or more) in a byte
 * stream, raw, JSON-escaped (once or twice) or URL-encoded, even one split across chunks. Only a tail that could begin the
 * secret is held back until the next chunk, so an SSE event is passed on whole and at once:
 * streaming stays incremental.
 */
export function redactSecret(secret: string): TransformStream<Uint8Array, Uint8Array> {
  const redactor = everyReading(secret);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const output = redactor.push(chunk);
      if (output.length > 0) controller.enqueue(output);
    },
    flush(controller) {
      const output = redactor.end();
      if (output.length > 0) controller.enqueue(output);
    },
  });
}

/**
 * Redacts every one of `secrets` from each run of bytes it is given, in the forms `redactSecret`
 * finds. Its redactors are built once (each ends clean after a run, ready for the next), so the
 * thousands of strings of one large error, or the events of a stream, cost their length, not a
 * build each.
 */
export function bytesRedactor(secrets: readonly string[]): (bytes: Uint8Array) => Uint8Array {
  // A placeholder key has no passes (see `everyReading`).
  const redactors = secrets
    .filter((secret) => secret.length >= minSecretLength)
    .map((secret) => ({ length: secret.length, redactor: everyReading(secret) }));
  return (bytes) => {
    let output = bytes;
    // Each character of a match takes a byte at least.
    for (const { length, redactor } of redactors) {
      if (output.length < length) continue;
      output = redactor.push(output);
      const rest = redactor.end();
      if (rest.length > 0) output = concatBytes([output, rest]);
    }
    return output;
  };
}

/** Redacts every one of `secrets` from each text it is given, as `bytesRedactor` does bytes. */
export function textRedactor(secrets: readonly string[]): (text: string) => string {
  const redact = bytesRedactor(secrets);
  const kept = secrets.filter((secret) => secret.length >= minSecretLength);
  const shortest = Math.min(...kept.map((secret) => secret.length));
  return (text) => {
    // A UTF-16 unit is 3 bytes at most: a text too short to hold a secret (most of an error's
    // strings) is not even encoded.
    if (text.length * 3 < shortest) return text;
    // Every escape a reading undoes begins with `\` or `%`: without either, a secret can only be
    // there as it is. Most strings of an error (per-item messages) are told apart at the cost of
    // `includes`, not of encoding them and running every pass.
    if (!/[\\%]/.test(text) && !kept.some((secret) => text.includes(secret))) return text;
    return decoder.decode(redact(encoder.encode(text)));
  };
}
