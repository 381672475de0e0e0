import { encodeBase64 } from "@pictor/contract";
import { gatewayError } from "./gateway-error";
import type { BodyResult } from "./read-body";

/**
 * The gateway's multipart path of `/images/edits` (what OpenAI's SDKs send): it reads only the
 * first file of `image`, `image[]` or `file`, appends a `mask` file as a second input image (not
 * as a mask), takes `prompt`, `model`, `n`, `size`, `quality`, `moderation`, and ignores the rest.
 * The result is the JSON body the rest of the mock validates.
 */
export async function readMultipartEdit(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes)
    return {
      ok: false,
      response: gatewayError(413, `Request body too large: the limit is ${maxBytes} bytes`),
    };
  let form: FormData;
  try {
    form = await request.formData();
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
  return { ok: true, value: body, bytes: Number.isFinite(declared) ? declared : 0 };
}
