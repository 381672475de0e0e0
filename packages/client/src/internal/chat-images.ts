import { parseDataUrl } from "@pictor/contract";
import { APIConnectionError, ResponseValidationError } from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import type { RequestOptions } from "../core/request-options";

/**
 * Turns a chat `image_url` into a `GeneratedImage`: a data URL is decoded; a provider https
 * URL (Z.AI, Alibaba, ByteDance, xAI) is downloaded at once, because those links expire.
 */
export async function imageFromUrl(
  url: string,
  fetch: typeof globalThis.fetch,
  options: RequestOptions | undefined,
  requestId: string | null,
): Promise<GeneratedImage> {
  if (url.startsWith("data:")) {
    const parsed = parseDataUrl(url);
    if (!parsed)
      throw new ResponseValidationError(
        "The gateway returned an image data URL that is not valid base64",
        url.slice(0, 100),
        requestId,
      );
    return imageOf(parsed.bytes, url, requestId);
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: options?.signal ?? null });
  } catch (error) {
    throw new APIConnectionError(
      `Could not download the generated image from ${new URL(url).host}`,
      { cause: error },
    );
  }
  if (!response.ok)
    throw new APIConnectionError(
      `Downloading the generated image from ${new URL(url).host} failed with HTTP ${response.status}`,
    );
  return imageOf(new Uint8Array(await response.arrayBuffer()), url, requestId);
}

function imageOf(bytes: Uint8Array, source: string, requestId: string | null): GeneratedImage {
  try {
    return new GeneratedImage(bytes);
  } catch (error) {
    throw new ResponseValidationError(
      "The gateway returned an image that is not a PNG, JPEG, WebP or GIF",
      source.slice(0, 100),
      requestId,
      { cause: error },
    );
  }
}
