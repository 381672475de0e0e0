import { decodeBase64, parseDataUrl, readImageHeader } from "@pictor/contract";

/** Base64 characters decoded first: enough for PNG, GIF and WebP headers and most JPEG metadata. */
const headerChars = 256 * 1024;

/**
 * Width and height of an image sent as a `data:image/...;base64,` URL, read from its header;
 * undefined for any other URL or an unreadable image.
 */
export function imageSizeOfDataUrl(url: string): { width: number; height: number } | undefined {
  if (!/^data:image\/[a-z0-9.+-]+;base64,/i.test(url)) return undefined;
  const data = url.slice(url.indexOf(",") + 1);
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
