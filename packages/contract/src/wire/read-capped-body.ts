import { concatBytes } from "./concat-bytes";
/** A request or response body read under a byte cap, or why it could not be. */
export type CappedBody =
  | { ok: true; bytes: Uint8Array }
  /** `too_large`: over the cap (declared or counted); `closed`: the sender hung up mid-body. */
  | { ok: false; reason: "too_large" | "closed" };

/**
 * Reads a request (or response) body with a byte cap, for the mock gateway, the server route and
 * the client's image downloads alike. A
 * declared `Content-Length` over the cap is refused before reading, and the bytes are counted
 * while reading anyway (a header can lie, a chunked body has none): reading stops at the first
 * byte over the cap. No body reads as zero bytes. Once `signal` aborts, the body is cancelled
 * and the read ends as `closed`.
 */
export async function readCappedBody(
  request: Pick<Request, "headers" | "body">,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<CappedBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    // Not awaited: a body with an unread clone (msw, some frameworks) may never settle its cancel.
    request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too_large" };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  if (signal?.aborted) cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    return await readChunks(reader, maxBytes, signal);
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
}

async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<CappedBody> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      return { ok: false, reason: "closed" };
    }
    // A cancelled body ends like a finished one: only the signal tells them apart.
    if (chunk.done) {
      if (signal?.aborted) return { ok: false, reason: "closed" };
      break;
    }
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(chunk.value);
  }
  return { ok: true, bytes: concatBytes(chunks) };
}
