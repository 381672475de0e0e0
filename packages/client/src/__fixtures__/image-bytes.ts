// Image bytes for tests: real PNGs from the mock's renderer, and JPEG/GIF/WebP headers built by hand.
import { renderPromptImage } from "@pictor/mock";

/** A real PNG of the given size (deterministic for the same arguments). */
export async function pngOf(
  width: number,
  height: number,
  prompt = "test input",
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await renderPromptImage({ prompt, model: "test", index: 0, width, height }),
  );
}

/** The first bytes of a baseline JPEG: SOI, a JFIF APP0 segment, then SOF0 with the size, then EOI. */
export function jpegOf(width: number, height: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    // SOI
    0xff,
    0xd8,
    // APP0 "JFIF\0", version 1.1, no density, no thumbnail (length 16)
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    // SOF0 (length 17): precision 8, height, width, 3 components
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
    // EOI
    0xff,
    0xd9,
  ]);
}

/** A GIF89a header with the logical screen size (little-endian) and a trailer. */
export function gifOf(width: number, height: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...new TextEncoder().encode("GIF89a"),
    width & 0xff,
    width >> 8,
    height & 0xff,
    height >> 8,
    0x00,
    0x00,
    0x00,
    0x3b,
  ]);
}

/** A lossless WebP (VP8L) header with the size. */
export function webpOf(width: number, height: number): Uint8Array<ArrayBuffer> {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  return new Uint8Array([
    ...new TextEncoder().encode("RIFF"),
    0x1a,
    0x00,
    0x00,
    0x00,
    ...new TextEncoder().encode("WEBPVP8L"),
    0x0d,
    0x00,
    0x00,
    0x00,
    0x2f,
    bits & 0xff,
    (bits >>> 8) & 0xff,
    (bits >>> 16) & 0xff,
    (bits >>> 24) & 0xff,
    0x00,
    0x00,
    0x00,
    0x00,
  ]);
}

/** Bytes that are no image at all. */
export const notAnImage: Uint8Array<ArrayBuffer> = new TextEncoder().encode(
  "Just some text, not an image.",
);

/** Scrambled bytes, so every 6-bit value (every base64 character and padding variant) shows up. */
export function bytesOf(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
