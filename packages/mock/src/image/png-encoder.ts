/**
 * A minimal PNG encoder for 8-bit RGB/RGBA images that runs on Web APIs only
 * (`CompressionStream`), so the mock works unchanged in Node, browsers and edge runtimes.
 */

import { crc32 } from "./crc32";

/** A raw, tightly packed 8-bit image: `pixels` holds `width * height * channels` bytes, row by row. */
export interface RawImage {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: Uint8Array;
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** PNG filter type "Up": each byte minus the byte above; smooth images turn into runs of small values. */
const FILTER_UP = 2;
/** How much filtered data is handed to the compressor at once: big enough to amortize the stream overhead, small enough to keep only a few copies alive. */
const CHUNK_TARGET_BYTES = 256 * 1024;
/** The PNG spec caps a chunk's length at 2^31 - 1 bytes (and so width and height). */
const MAX_CHUNK_LENGTH = 0x7fffffff;
/** Compressed data is split into IDAT chunks of at most 1 MiB, as common encoders do, so decoders that buffer a whole chunk stay small; it costs 12 bytes per MiB. */
const MAX_IDAT_LENGTH = 1 << 20;
const COLOR_TYPE_RGB = 2;
const COLOR_TYPE_RGBA = 6;

/** Encodes an 8-bit RGB or RGBA image as PNG bytes (Up filter on every row, zlib via CompressionStream). */
export async function encodePng(image: RawImage): Promise<Uint8Array> {
  assertRawImage(image);
  const { pieces, length: idatLength } = await deflateScanlines(image);

  const idatChunkCount = Math.max(1, Math.ceil(idatLength / MAX_IDAT_LENGTH));
  const total = PNG_SIGNATURE.length + (12 + 13) + idatChunkCount * 12 + idatLength + 12;
  const out = new Uint8Array(total);
  out.set(PNG_SIGNATURE, 0);
  let offset = PNG_SIGNATURE.length;

  const ihdr = new Uint8Array(13);
  const ihdrView = new DataView(ihdr.buffer);
  ihdrView.setUint32(0, image.width);
  ihdrView.setUint32(4, image.height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = image.channels === 4 ? COLOR_TYPE_RGBA : COLOR_TYPE_RGB;
  // bytes 10..12 stay 0: deflate compression, adaptive filtering, no interlace
  offset = writeChunk(out, offset, "IHDR", [ihdr], 13);

  // The IDAT chunks together hold one zlib stream; where it is split does not matter to decoders.
  let pieceIndex = 0;
  let pieceOffset = 0;
  let remaining = idatLength;
  for (let chunk = 0; chunk < idatChunkCount; chunk++) {
    const chunkLength = Math.min(remaining, MAX_IDAT_LENGTH);
    const parts: Uint8Array[] = [];
    let need = chunkLength;
    while (need > 0) {
      const piece = pieces[pieceIndex];
      if (!piece) throw new Error("encodePng: compressed data ended early");
      const take = Math.min(need, piece.length - pieceOffset);
      parts.push(piece.subarray(pieceOffset, pieceOffset + take));
      need -= take;
      pieceOffset += take;
      if (pieceOffset === piece.length) {
        pieceIndex++;
        pieceOffset = 0;
      }
    }
    offset = writeChunk(out, offset, "IDAT", parts, chunkLength);
    remaining -= chunkLength;
  }

  writeChunk(out, offset, "IEND", [], 0);
  return out;
}

/** Returns rows `[startRow, endRow)` of `image` as PNG scanlines, each prefixed with filter type Up. */
export function filterScanlinesUp(
  image: RawImage,
  startRow: number,
  endRow: number,
): Uint8Array<ArrayBuffer> {
  const { pixels } = image;
  const stride = image.width * image.channels;
  const out = new Uint8Array((endRow - startRow) * (stride + 1));
  let o = 0;
  for (let y = startRow; y < endRow; y++) {
    out[o++] = FILTER_UP;
    const row = y * stride;
    if (y === 0) {
      // The row above the first is defined as zeros, so Up leaves it unchanged.
      out.set(pixels.subarray(0, stride), o);
    } else {
      const above = row - stride;
      // Uint8Array stores modulo 256, which is exactly the filter's arithmetic.
      for (let i = 0; i < stride; i++)
        out[o + i] = (pixels[row + i] ?? 0) - (pixels[above + i] ?? 0);
    }
    o += stride;
  }
  return out;
}

/** Streams filtered rows through a zlib compressor and collects its output pieces. */
async function deflateScanlines(
  image: RawImage,
): Promise<{ pieces: Uint8Array[]; length: number }> {
  if (typeof CompressionStream !== "function") {
    throw new Error("encodePng: CompressionStream is not available in this runtime");
  }
  const rowsPerChunk = Math.max(
    1,
    Math.floor(CHUNK_TARGET_BYTES / (image.width * image.channels + 1)),
  );
  let nextRow = 0;
  // A pull source filters a chunk only when the compressor asks for one, so at most a few
  // chunks of filtered data exist at any time instead of a full filtered copy of the image.
  const scanlines = new ReadableStream<BufferSource>({
    pull(controller) {
      if (nextRow >= image.height) {
        controller.close();
        return;
      }
      const endRow = Math.min(image.height, nextRow + rowsPerChunk);
      controller.enqueue(filterScanlinesUp(image, nextRow, endRow));
      nextRow = endRow;
    },
  });
  const reader = scanlines.pipeThrough(new CompressionStream("deflate")).getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pieces.push(value);
    length += value.length;
  }
  return { pieces, length };
}

/** Writes one PNG chunk (length, type, data pieces, CRC over type + data) and returns the next offset. */
function writeChunk(
  out: Uint8Array,
  offset: number,
  type: string,
  data: readonly Uint8Array[],
  dataLength: number,
): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(offset, dataLength);
  const typeStart = offset + 4;
  for (let i = 0; i < 4; i++) out[typeStart + i] = type.charCodeAt(i);
  let crc = crc32(out.subarray(typeStart, typeStart + 4));
  let o = typeStart + 4;
  for (const part of data) {
    out.set(part, o);
    crc = crc32(part, crc);
    o += part.length;
  }
  view.setUint32(o, crc);
  return o + 4;
}

/** Rejects malformed input up front: a wrong buffer length would otherwise produce a corrupt PNG. */
function assertRawImage(image: RawImage): void {
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || width < 1 || width > MAX_CHUNK_LENGTH) {
    throw new RangeError(`encodePng: width must be an integer from 1 to 2^31-1, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1 || height > MAX_CHUNK_LENGTH) {
    throw new RangeError(`encodePng: height must be an integer from 1 to 2^31-1, got ${height}`);
  }
  if (channels !== 3 && channels !== 4) {
    throw new RangeError(`encodePng: channels must be 3 or 4, got ${String(channels)}`);
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new RangeError(
      `encodePng: pixels must be a Uint8Array of ${width}x${height}x${channels} = ${width * height * channels} bytes`,
    );
  }
}
