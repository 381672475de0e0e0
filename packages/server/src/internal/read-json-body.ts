import { readCappedBody } from "@pictor/contract";
import { gatewayErrorResponse } from "./gateway-error-response";

/** The parsed body, or the error response that refuses it. */
export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Most objects, arrays and elements a body may hold. JSON.parse of 32 MiB of `[{},{},…]` builds
 * eleven million objects (~750 MB of heap, seconds of blocked event loop) before the schema can
 * refuse it, while a real request holds a few per message and image: ten thousand turns fit.
 */
export const maxJsonValues = 100_000;

/** Reads a JSON body with a byte cap (see `readCappedBody`), refusing as the gateway would. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBodyResult> {
  const body = await readCappedBody(request, maxBytes);
  if (!body.ok)
    return {
      ok: false,
      response:
        body.reason === "too_large"
          ? gatewayErrorResponse(413, `Request body too large: the limit is ${maxBytes} bytes`)
          : // The browser went away mid-body: nobody is waiting for the answer.
            gatewayErrorResponse(499, "Client Closed Request: the request body broke off"),
    };
  if (body.bytes.byteLength === 0) return invalidJson("the body is empty");
  if (jsonValuesOver(body.bytes, maxJsonValues))
    return {
      ok: false,
      response: gatewayErrorResponse(
        413,
        `Request body too large: it holds more than ${maxJsonValues} JSON values`,
      ),
    };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(body.bytes)) };
  } catch {
    return invalidJson("the body is not valid JSON");
  }
}

function invalidJson(why: string): JsonBodyResult {
  return {
    ok: false,
    response: gatewayErrorResponse(400, `Invalid JSON in request body: ${why}`),
  };
}

/**
 * Whether `bytes` holds more than `max` containers and separators (`{`, `[`, `,`) outside
 * strings: one linear pass, which skips each string with a native search (a data URL of
 * megabytes costs one `indexOf`).
 */
function jsonValuesOver(bytes: Uint8Array, max: number): boolean {
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

/** Whether a Content-Type names JSON (`application/json`, `application/problem+json`, any charset). */
export function isJsonContentType(value: string | null): boolean {
  const type = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
