import { readCappedBody } from "./read-capped-body";

/** A JSON body read under a byte cap, or why it could not be (each reader words its answer). */
export type CappedJson =
  | { ok: true; value: unknown; bytes: number }
  /** `too_large` and `closed` as in {@link readCappedBody}; `empty`: no bytes; `not_json`: not JSON. */
  | { ok: false; reason: "too_large" | "closed" | "empty" | "not_json" };

/** Reads and parses a JSON body with a byte cap (see {@link readCappedBody}). */
export async function readCappedJson(
  request: Pick<Request, "headers" | "body">,
  maxBytes: number,
): Promise<CappedJson> {
  const body = await readCappedBody(request, maxBytes);
  if (!body.ok) return body;
  if (body.bytes.byteLength === 0) return { ok: false, reason: "empty" };
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
