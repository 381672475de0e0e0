/**
 * Width and height of a BMP, TIFF, HEIC or AVIF image from its header, for the policy's pixel
 * count only. The contract's `readImageHeader` (PNG, JPEG, WebP, GIF) ships in the browser's
 * bundle; these formats matter only where `maxPixels` measures an input, so they live here.
 */

/** Largest number of TIFF IFDs or ISOBMFF boxes walked: a crafted file cannot make the walk long. */
const maxSteps = 1024;

/**
 * The size a BMP, TIFF, HEIC or AVIF header claims; undefined for any other or a malformed
 * header. `whole` says `bytes` is the whole image: when it is only the start, a header that
 * points past it answers undefined (read more), never the part read so far. Never throws.
 */
export function readServerOnlyImageSize(
  bytes: Uint8Array,
  whole: boolean,
): { width: number; height: number } | undefined {
  if (hasAscii(bytes, 0, "BM")) return readBmp(bytes);
  if (hasAscii(bytes, 0, "II") || hasAscii(bytes, 0, "MM")) return readTiff(bytes, whole);
  if (hasAscii(bytes, 4, "ftyp")) return readIsobmff(bytes, whole);
  return undefined;
}

/**
 * BMP: the DIB header after the 14-byte file header. BITMAPCOREHEADER (12 bytes) has 16-bit
 * sizes; every later one (40, 52, 56, 64, 108, 124) signed 32-bit ones, a negative height
 * meaning a top-down image of that many rows.
 */
function readBmp(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 26) return undefined;
  const dib = u32(bytes, 14, true);
  if (dib === 12) return positive(u16(bytes, 18, true), u16(bytes, 20, true));
  if (![40, 52, 56, 64, 108, 124].includes(dib)) return undefined;
  const width = u32(bytes, 18, true) | 0;
  const height = u32(bytes, 22, true) | 0;
  return width > 0 ? positive(width, Math.abs(height)) : undefined;
}

/**
 * TIFF: "II*\0" (little-endian) or "MM\0*" (big-endian), then the chain of IFDs, each with
 * ImageWidth (256) and ImageLength (257) as SHORT or LONG. Decoders show the first IFD; the
 * largest of those read counts, so a small first page (a thumbnail) hides no larger one.
 */
function readTiff(
  bytes: Uint8Array,
  whole: boolean,
): { width: number; height: number } | undefined {
  if (bytes.length < 8) return undefined;
  const little = bytes[0] === 0x49;
  if (u16(bytes, 2, little) !== 42) return undefined;
  let largest: { width: number; height: number } | undefined;
  const seen = new Set<number>();
  for (let ifd = u32(bytes, 4, little), step = 0; ifd !== 0 && step < maxSteps; step++) {
    if (seen.has(ifd)) break;
    seen.add(ifd);
    const entries = ifd + 2 <= bytes.length ? u16(bytes, ifd, little) : 0;
    const end = ifd + 2 + entries * 12;
    // An IFD past the bytes at hand: more to read, or (in the whole image) the chain's end.
    if (ifd + 2 > bytes.length || end + 4 > bytes.length) {
      if (!whole) return undefined;
      if (end > bytes.length) break;
    }
    let width: number | undefined;
    let height: number | undefined;
    for (let entry = ifd + 2; entry < end; entry += 12) {
      const tag = u16(bytes, entry, little);
      if (tag !== 256 && tag !== 257) continue;
      const type = u16(bytes, entry + 2, little);
      const value =
        type === 3
          ? u16(bytes, entry + 8, little)
          : type === 4
            ? u32(bytes, entry + 8, little)
            : undefined;
      if (tag === 256) width = value;
      else height = value;
    }
    const size = width !== undefined && height !== undefined ? positive(width, height) : undefined;
    if (size && (!largest || size.width * size.height > largest.width * largest.height))
      largest = size;
    ifd = end + 4 <= bytes.length ? u32(bytes, end, little) : 0;
  }
  return largest;
}

/**
 * HEIC and AVIF (ISOBMFF): every `ispe` (image spatial extents) property in meta/iprp/ipco.
 * The largest counts: the primary item's, or a grid's canvas, is never smaller than a tile, a
 * thumbnail or an alpha plane, so a small first `ispe` hides no larger image.
 */
function readIsobmff(
  bytes: Uint8Array,
  whole: boolean,
): { width: number; height: number } | undefined {
  const meta = findBox(bytes, 0, bytes.length, "meta");
  // `meta` is a full box: 4 bytes of version and flags before its children.
  const iprp = meta && findBox(bytes, meta.start + 4, meta.end, "iprp");
  const ipco = iprp && findBox(bytes, iprp.start, iprp.end, "ipco");
  if (!ipco || (!whole && ipco.cut)) return undefined;
  let largest: { width: number; height: number } | undefined;
  let step = 0;
  for (const box of boxes(bytes, ipco.start, ipco.end)) {
    if (++step > maxSteps) break;
    // ispe: version and flags (4 bytes), then width and height as 32-bit big-endian.
    if (box.type !== "ispe" || box.start + 12 > box.end) continue;
    const size = positive(u32(bytes, box.start + 4, false), u32(bytes, box.start + 8, false));
    if (size && (!largest || size.width * size.height > largest.width * largest.height))
      largest = size;
  }
  return largest;
}

interface Box {
  type: string;
  /** Where the box's payload starts (after its header). */
  start: number;
  /** Where the box ends, within the bytes at hand. */
  end: number;
  /** Whether the box runs past the bytes at hand. */
  cut: boolean;
}

/** The first box of `type` among the boxes between `start` and `end`. */
function findBox(bytes: Uint8Array, start: number, end: number, type: string): Box | undefined {
  let step = 0;
  for (const box of boxes(bytes, start, end)) {
    if (++step > maxSteps) return undefined;
    if (box.type === type) return box;
  }
  return undefined;
}

/** The boxes between `start` and `end`; stops at the first malformed header. */
function* boxes(bytes: Uint8Array, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = u32(bytes, offset, false);
    let header = 8;
    if (size === 1) {
      // A 64-bit size: anything at or above 2^32 runs past the bytes at hand anyway.
      if (offset + 16 > end) return;
      size = u32(bytes, offset + 8, false) === 0 ? u32(bytes, offset + 12, false) : end - offset;
      header = 16;
    } else if (size === 0) size = end - offset;
    if (size < header) return;
    const type = String.fromCharCode(
      bytes[offset + 4] ?? 0,
      bytes[offset + 5] ?? 0,
      bytes[offset + 6] ?? 0,
      bytes[offset + 7] ?? 0,
    );
    yield {
      type,
      start: offset + header,
      end: Math.min(offset + size, end),
      cut: offset + size > bytes.length,
    };
    offset += size;
  }
}

function positive(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

// The readers below are called only after a bounds check; `?? 0` satisfies the type checker.

function hasAscii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (offset + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

function u16(bytes: Uint8Array, offset: number, little: boolean): number {
  const a = bytes[offset] ?? 0;
  const b = bytes[offset + 1] ?? 0;
  return little ? a | (b << 8) : (a << 8) | b;
}

function u32(bytes: Uint8Array, offset: number, little: boolean): number {
  const high = u16(bytes, little ? offset + 2 : offset, little);
  const low = u16(bytes, little ? offset : offset + 2, little);
  return high * 0x10000 + low;
}
