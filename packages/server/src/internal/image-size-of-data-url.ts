import { decodeBase64, parseDataUrl, readImageHeader, splitDataUrl } from "@pictor/contract";
import { readServerOnlyImageSize } from "./read-server-only-image-size";

/** Base64 characters decoded first: enough for PNG, GIF and WebP headers and most JPEG metadata. */
const headerChars = 256 * 1024;

/**
 * Width and height of an image sent as a base64 data URL, read from its header; undefined for
 * any other URL or an unreadable image. Every data URL the gateway reads counts, parameters and
 * spaces included (`data: image/png;name=a.png;base64,`), read as the contract reads it: a form
 * measured less strictly than the gateway parses it would slip past `maxPixels` at the model's
 * default size. The bytes decide the format, not the URL's media type: BMP, TIFF, HEIC and AVIF
 * are read too.
 */
export function imageSizeOfDataUrl(url: string): { width: number; height: number } | undefined {
  const data = splitDataUrl(url)?.base64;
  if (data === undefined) return undefined;
  // Decoding only the start spares decoding megabytes of pixels to read a few header bytes.
  if (data.length > headerChars) {
    try {
      const size = sizeOf(decodeBase64(data.slice(0, headerChars)), false);
      if (size) return size;
    } catch {
      // Not strict base64 at the start: the full parse below decides.
    }
  }
  // A JPEG with large metadata before its frame header needs the whole image, as does a TIFF
  // whose directory comes after its pixels.
  const parsed = parseDataUrl(url);
  return parsed ? sizeOf(parsed.bytes, true) : undefined;
}

function sizeOf(bytes: Uint8Array, whole: boolean): { width: number; height: number } | undefined {
  const header = readImageHeader(bytes);
  if (header) return { width: header.width, height: header.height };
  return readServerOnlyImageSize(bytes, whole);
}
