import { encodeBase64, readCappedBody } from "@pictor/contract";
import { gatewayError } from "./gateway-error";
import type { BodyResult } from "./read-body";

/**
 * The gateway's multipart path of `/images/edits` (what OpenAI's SDKs send): it reads only the
 * first file of `image`, `image[]` or `file`, appends a `mask` file as a second input image (not
 * as a mask), takes `prompt`, `model`, `n`, `size`, `quality`, `moderation`, and ignores the rest.
 * The result is the JSON body the rest of the mock validates.
 */
export async function readMultipartEdit(request: Request, maxBytes: number): Promise<BodyResult> {
  // Counted while reading, as a JSON body is: msw hands over a FormData request without a
  // Content-Length, and a chunked upload has none either.
  const read = await readCappedBody(request, maxBytes);
  if (!read.ok) {
    return {
      ok: false,
      response:
        read.reason === "too_large"
          ? gatewayError(413, `Request body too large: the limit is ${maxBytes} bytes`)
          : gatewayError(499, "Client Closed Request"),
    };
  }
  let form: FormData;
  try {
    // A stream of the bytes read: a Uint8Array body does not type as BodyInit in every lib.
    const bytes = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(read.bytes);
        controller.close();
      },
    });
    form = await new Response(bytes, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    return { ok: false, response: gatewayError(400, "Invalid multipart/form-data body") };
  }
  const prompt = form.get("prompt");
  if (typeof prompt !== "string" || prompt === "")
    return { ok: false, response: gatewayError(400, "prompt is required") };
  const image = [form.get("image"), form.get("image[]"), form.get("file")].find(
    (value) => value instanceof Blob,
  );
  if (!(image instanceof Blob)) {
    return {
      ok: false,
      response: gatewayError(400, "image file is required for multipart/form-data requests"),
    };
  }
  const mask = form.get("mask");
  const files = mask instanceof Blob ? [image, mask] : [image];
  const images = await Promise.all(
    files.map(async (file) => ({
      image_url: `data:${file.type || "application/octet-stream"};base64,${encodeBase64(new Uint8Array(await file.arrayBuffer()))}`,
    })),
  );
  const body: Record<string, unknown> = { prompt, images };
  for (const field of ["model", "size", "quality", "moderation"]) {
    const value = form.get(field);
    if (typeof value === "string") body[field] = value;
  }
  const n = form.get("n");
  if (typeof n === "string") body.n = Number.parseInt(n, 10);
  return { ok: true, value: body, bytes: read.bytes.byteLength };
}
