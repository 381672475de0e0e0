import { encodeBase64 } from "@pictor/mock";

/** A base64 data URL of `bytes` with the given media type. */
export function dataUrl(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${encodeBase64(bytes)}`;
}

/** A BMP's file header and DIB header (`dib` bytes: 12 is BITMAPCOREHEADER, 40 BITMAPINFOHEADER…); no pixels. */
export function bmpHeader(width: number, height: number, dib: 12 | 40 | 124 = 40): Uint8Array {
  const bytes = new Uint8Array(14 + dib);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, bytes.length, true);
  view.setUint32(14, dib, true);
  if (dib === 12) {
    view.setUint16(18, width, true);
    view.setUint16(20, height, true);
  } else {
    view.setInt32(18, width, true);
    view.setInt32(22, height, true);
  }
  return bytes;
}

/** One TIFF directory: its width and height, and whether they are SHORT (3) or LONG (4). */
export interface TiffPage {
  width: number;
  height: number;
  type?: 3 | 4;
}

/**
 * A TIFF with one IFD per page (chained in order) and no pixels; `before` zero bytes come
 * between the header and the first IFD, as pixels do in files that write their directory last.
 */
export function tiffHeader(
  pages: readonly TiffPage[],
  options: { littleEndian?: boolean; before?: number } = {},
): Uint8Array {
  const little = options.littleEndian ?? true;
  const start = 8 + (options.before ?? 0);
  const ifdBytes = 2 + 2 * 12 + 4;
  const bytes = new Uint8Array(start + pages.length * ifdBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, little);
  view.setUint32(4, start, little);
  pages.forEach((page, index) => {
    const ifd = start + index * ifdBytes;
    const type = page.type ?? 3;
    view.setUint16(ifd, 2, little);
    [
      [256, page.width],
      [257, page.height],
    ].forEach(([tag = 0, value = 0], entry) => {
      const at = ifd + 2 + entry * 12;
      view.setUint16(at, tag, little);
      view.setUint16(at + 2, type, little);
      view.setUint32(at + 4, 1, little);
      if (type === 3) view.setUint16(at + 8, value, little);
      else view.setUint32(at + 8, value, little);
    });
    const next = index + 1 < pages.length ? ifd + ifdBytes : 0;
    view.setUint32(ifd + 2 + 2 * 12, next, little);
  });
  return bytes;
}

/** An ISOBMFF box of `type` around `payload`. */
function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(size);
  new DataView(bytes.buffer).setUint32(0, size);
  for (let i = 0; i < 4; i++) bytes[4 + i] = type.charCodeAt(i);
  let offset = 8;
  for (const part of payload) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/**
 * A HEIF (HEIC, AVIF) file's boxes up to its item properties: ftyp with `brand`, then
 * meta/iprp/ipco holding one `ispe` per size, in order; no image data.
 */
export function heifHeader(
  brand: "heic" | "avif",
  sizes: readonly { width: number; height: number }[],
): Uint8Array {
  const ispes = sizes.map(({ width, height }) => {
    const payload = new Uint8Array(12);
    const view = new DataView(payload.buffer);
    view.setUint32(4, width);
    view.setUint32(8, height);
    return box("ispe", payload);
  });
  const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
  const ftyp = box("ftyp", ascii(brand), new Uint8Array(4), ascii("mif1"), ascii(brand));
  const hdlr = box("hdlr", new Uint8Array(8), ascii("pict"), new Uint8Array(13));
  const meta = box("meta", new Uint8Array(4), hdlr, box("iprp", box("ipco", ...ispes)));
  const out = new Uint8Array(ftyp.length + meta.length);
  out.set(ftyp);
  out.set(meta, ftyp.length);
  return out;
}
