import { inputImageFormats, otherImageMediaType } from "@pictor/contract";
import { parseDataUrl, readImageHeader } from "../image";

/** An input image the mock could read the size of. */
export interface InputImage {
  width: number;
  height: number;
}

/** Fetches an https image for edits; the default resolver knows none (the mock never goes online). */
export type ImageUrlResolver = (url: string) => Promise<Uint8Array | undefined>;

/** The size the mock assumes for an https image it cannot fetch, or an image it cannot size. */
const unresolvedSize: InputImage = { width: 1024, height: 1024 };

/** The input image, or the reason the gateway would give for rejecting it. */
export type InputImageResult = { ok: true; image: InputImage } | { ok: false; reason: string };

/**
 * Reads an input image's size from an https URL (through `resolve`) or a base64 data URL,
 * decoding the PNG, JPEG, WebP or GIF header as the gateway's providers would. A BMP, TIFF,
 * HEIC or AVIF image, which the gateway passes on as any other, is taken at the size assumed
 * for an image the mock cannot see.
 */
export async function readInputImage(
  url: string,
  resolve: ImageUrlResolver,
): Promise<InputImageResult> {
  if (url.startsWith("https://")) {
    const bytes = await resolve(url).catch(() => undefined);
    if (!bytes) return { ok: true, image: unresolvedSize };
    return decoded(bytes);
  }
  if (url.startsWith("data:")) {
    const parsed = parseDataUrl(url);
    if (!parsed) return { ok: false, reason: "not a valid base64 data URL" };
    if (!parsed.mediaType.startsWith("image/")) {
      return { ok: false, reason: `the data URL is ${parsed.mediaType}, not an image` };
    }
    return decoded(parsed.bytes);
  }
  return { ok: false, reason: "it must be an https URL or a base64 data URL" };
}

function decoded(bytes: Uint8Array): InputImageResult {
  const header = readImageHeader(bytes);
  if (header) return { ok: true, image: { width: header.width, height: header.height } };
  if (otherImageMediaType(bytes)) return { ok: true, image: unresolvedSize };
  return {
    ok: false,
    reason: `the bytes are not a ${inputImageFormats} image`,
  };
}
