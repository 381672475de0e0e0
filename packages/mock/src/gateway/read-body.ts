import { gatewayError } from "./gateway-error";

/** The parsed JSON body, or the error response the gateway gives for it. */
export type BodyResult =
  | { ok: true; value: unknown; bytes: number }
  | { ok: false; response: Response };

/**
 * Reads a JSON body with a byte cap: a declared `Content-Length` over the cap is refused
 * before reading, and a body without one stops being read as soon as it passes the cap.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const tooLarge = () => ({
    ok: false as const,
    response: gatewayError(413, `Request body too large: the limit is ${maxBytes} bytes`),
  });
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    // Not awaited: a cloned body (msw clones requests) may never settle its cancel.
    request.body?.cancel().catch(() => undefined);
    return tooLarge();
  }
  if (!request.body) return invalidJson();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client hung up mid-body: nobody is waiting for an answer.
      return { ok: false, response: gatewayError(499, "Client Closed Request") };
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)), bytes: total };
  } catch {
    return invalidJson();
  }
}

function invalidJson(): BodyResult {
  return { ok: false, response: gatewayError(400, "Invalid JSON in request body") };
}
