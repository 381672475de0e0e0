import { byteView } from "./byte-view";

/**
 * Reads the format and pixel size of an uploaded image from its first bytes, without decoding
 * it: enough for the mock to validate edit inputs and answer with a matching picture.
 */

/** The image formats Pictor recognizes from their bytes: PNG, JPEG, WebP and GIF (`GeneratedImage.mediaType`). */
export type ImageMediaType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

/** Format and size of an image, as read from its header. */
export interface ImageHeader {
  mediaType: ImageMediaType;
  width: number;
  height: number;
}

/** Returns the format and size of a PNG, JPEG, WebP or GIF; `undefined` for anything else or truncated data. Never throws. */
export function readImageHeader(view: Uint8Array): ImageHeader | undefined {
  // Callers may pass anything at run time (JSON input, a failed fetch): "never throws" includes that.
  // Not `instanceof Uint8Array`, which bytes of another realm fail (a vm context, an iframe,
  // Jest's sandbox, where a Buffer read from a file is one): the header is read by index only,
  // of the view's bytes (a Uint16Array or a DataView given by untyped code, too).
  if (!ArrayBuffer.isView(view)) return undefined;
  const bytes = byteView(view);
  const first = bytes[0];
  if (first === 0x89) return readPng(bytes);
  if (first === 0xff) return readJpeg(bytes);
  if (first === 0x52) return readWebp(bytes);
  if (first === 0x47) return readGif(bytes);
  return undefined;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** PNG: the signature, then IHDR (length 13), which must come first and holds width and height. */
function readPng(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 24) return undefined;
  for (let i = 0; i < PNG_SIGNATURE.length; i++)
    if (bytes[i] !== PNG_SIGNATURE[i]) return undefined;
  if (u32be(bytes, 8) !== 13 || !hasAscii(bytes, 12, "IHDR")) return undefined;
  const width = u32be(bytes, 16);
  const height = u32be(bytes, 20);
  // The spec limits both to 2^31 - 1.
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return undefined;
  return { mediaType: "image/png", width, height };
}

/**
 * JPEG: walk the marker segments after SOI until a start-of-frame (SOFn) segment. Segments are
 * skipped by their length field, never scanned byte by byte, so 0xFFC0 inside an APP1 (Exif
 * thumbnail) or ICC profile cannot be mistaken for the frame header.
 */
function readJpeg(bytes: Uint8Array): ImageHeader | undefined {
  const end = bytes.length;
  if (end < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let p = 2;
  while (p < end) {
    // Like libjpeg, tolerate stray bytes before a marker and any number of 0xFF fill bytes.
    while (p < end && bytes[p] !== 0xff) p++;
    while (p < end && bytes[p] === 0xff) p++;
    if (p >= end) return undefined;
    const marker = bytes[p] ?? 0;
    p++;
    // Standalone markers carry no length: TEM, RSTn, and a repeated SOI.
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    // 0x00 is a stuffed byte, valid only in entropy-coded data; EOI or SOS before any frame header
    // means there is no size to read.
    if (marker === 0x00 || marker === 0xd9 || marker === 0xda) return undefined;
    if (p + 2 > end) return undefined;
    const length = u16be(bytes, p);
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      // length(2) precision(1) height(2) width(2) components(1)
      if (length < 8 || p + 7 > end) return undefined;
      const height = u16be(bytes, p + 3);
      const width = u16be(bytes, p + 5);
      // Height 0 means "defined later by a DNL segment"; no size can be reported from the header.
      if (width === 0 || height === 0) return undefined;
      return { mediaType: "image/jpeg", width, height };
    }
    p += length;
  }
  return undefined;
}

/** SOF0..SOF15 are 0xC0..0xCF, except DHT (0xC4), JPG (0xC8) and DAC (0xCC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** WebP: a RIFF container whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function readWebp(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 16 || !hasAscii(bytes, 0, "RIFF") || !hasAscii(bytes, 8, "WEBP"))
    return undefined;
  if (hasAscii(bytes, 12, "VP8 ")) {
    // Frame tag (3 bytes, bit 0 clear for a key frame), start code 9D 01 2A, then 14-bit sizes.
    if (bytes.length < 30) return undefined;
    if (((bytes[20] ?? 1) & 1) !== 0) return undefined;
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    const width = u16le(bytes, 26) & 0x3fff;
    const height = u16le(bytes, 28) & 0x3fff;
    if (width === 0 || height === 0) return undefined;
    return { mediaType: "image/webp", width, height };
  }
  if (hasAscii(bytes, 12, "VP8L")) {
    // Signature 0x2F, then width-1 and height-1 in 14 bits each and a 3-bit version that must be 0.
    if (bytes.length < 25 || bytes[20] !== 0x2f) return undefined;
    const bits = u32le(bytes, 21);
    if (bits >>> 29 !== 0) return undefined;
    return {
      mediaType: "image/webp",
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
    };
  }
  if (hasAscii(bytes, 12, "VP8X")) {
    // Flags (1 byte), reserved (3), then canvas width-1 and height-1 as 24-bit little-endian.
    if (bytes.length < 30) return undefined;
    return { mediaType: "image/webp", width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  }
  return undefined;
}

/** GIF: "GIF87a" or "GIF89a", then the logical screen's width and height (16-bit little-endian). */
function readGif(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 10 || !(hasAscii(bytes, 0, "GIF87a") || hasAscii(bytes, 0, "GIF89a")))
    return undefined;
  const width = u16le(bytes, 6);
  const height = u16le(bytes, 8);
  if (width === 0 || height === 0) return undefined;
  return { mediaType: "image/gif", width, height };
}

// The readers below are called only after a bounds check; `?? 0` satisfies the type checker.

function hasAscii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (offset + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

function u16be(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

function u32be(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] ?? 0) << 24) |
      ((bytes[offset + 1] ?? 0) << 16) |
      ((bytes[offset + 2] ?? 0) << 8) |
      (bytes[offset + 3] ?? 0)) >>>
    0
  );
}

function u16le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

function u24le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16);
}

function u32le(bytes: Uint8Array, offset: number): number {
  return (u24le(bytes, offset) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0;
}
