import { gatewayErrorResponse } from "./gateway-error-response";

/** The parsed body, or the error response that refuses it. */
export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a JSON body with a byte cap. A declared `Content-Length` over the cap is refused before
 * reading, and the bytes are counted while reading anyway: a header can lie, and a chunked body
 * has none. Reading stops at the first byte over the cap.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBodyResult> {
  const tooLarge = (): JsonBodyResult => ({
    ok: false,
    response: gatewayErrorResponse(413, `Request body too large: the limit is ${maxBytes} bytes`),
  });
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    // Not awaited: a body with an unread clone (msw, some frameworks) may never settle its cancel.
    request.body?.cancel().catch(() => undefined);
    return tooLarge();
  }
  if (!request.body) return invalidJson("the body is empty");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The browser went away mid-body: nobody is waiting for the answer.
      return {
        ok: false,
        response: gatewayErrorResponse(499, "Client Closed Request: the request body broke off"),
      };
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(chunk.value);
  }
  if (total === 0) return invalidJson("the body is empty");
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return invalidJson("the body is not valid JSON");
  }
}

function invalidJson(reason: string): JsonBodyResult {
  return {
    ok: false,
    response: gatewayErrorResponse(400, `Invalid JSON in request body: ${reason}`),
  };
}

/** Whether a Content-Type names JSON (`application/json`, `application/problem+json`, any charset). */
export function isJsonContentType(value: string | null): boolean {
  const type = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
