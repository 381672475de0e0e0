import { concatBytes } from "@pictor/contract";
import { type SecretRedactor, secretRedactor } from "./secret-redactor";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Both passes: as JSON would read the secret (raw or escaped, `\u0073k-…`, `\/`), then its raw bytes (in text that is not JSON, or inside an escape). */
function bothPasses(secret: string): SecretRedactor {
  const escaped = secretRedactor(secret, true);
  const raw = secretRedactor(secret, false);
  return {
    push: (chunk) => raw.push(escaped.push(chunk)),
    end: () => concatBytes([raw.push(escaped.end()), raw.end()]),
  };
}

/**
 * A pass-through that replaces every occurrence of `secret` in a byte stream, raw or
 * JSON-escaped, even one split across chunks. Only a tail that could begin the secret is held
 * back until the next chunk, so an SSE event is passed on whole and at once: streaming stays
 * incremental.
 */
export function redactSecret(secret: string): TransformStream<Uint8Array, Uint8Array> {
  const redactor = bothPasses(secret);
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

/** `text` with every occurrence of `secret` replaced, in the forms `redactSecret` finds. */
export function redactSecretInText(text: string, secret: string): string {
  const redactor = bothPasses(secret);
  return decoder.decode(concatBytes([redactor.push(encoder.encode(text)), redactor.end()]));
}
