import { decodeBase64, parseDataUrl, readImageHeader, splitDataUrl } from "@pictor/contract";

/** Base64 characters decoded first: enough for PNG, GIF and WebP headers and most JPEG metadata. */
const headerChars = 256 * 1024;

/**
 * Width and height of an image sent as a base64 data URL, read from its header; undefined for
 * any other URL or an unreadable image. Every data URL the gateway reads counts, parameters and
 * spaces included (`data: image/png;name=a.png;base64,`), read as the contract reads it: a form
 * measured less strictly than the gateway parses it would slip past `maxPixels` at the model's
 * default size.
 */
export function imageSizeOfDataUrl(url: string): { width: number; height: number } | undefined {
  const data = splitDataUrl(url)?.base64;
  if (data === undefined) return undefined;
  // Decoding only the start spares decoding megabytes of pixels to read a few header bytes.
  if (data.length > headerChars) {
    try {
      const header = readImageHeader(decodeBase64(data.slice(0, headerChars)));
      if (header) return { width: header.width, height: header.height };
    } catch {
      // Not strict base64 at the start: the full parse below decides.
    }
  }
  // A JPEG with large metadata before its frame header needs the whole image.
  const parsed = parseDataUrl(url);
  const header = parsed ? readImageHeader(parsed.bytes) : undefined;
  return header ? { width: header.width, height: header.height } : undefined;
}
