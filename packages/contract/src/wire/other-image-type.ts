import { byteView } from "./byte-view";

/**
 * Media types of input images the gateway passes on to providers besides PNG, JPEG, WebP and GIF
 * (which `readImageHeader` reads and sizes): an iPhone photo is HEIC, a scan often TIFF or BMP.
 * Which of them a provider then takes is the provider's to say (Gemini takes HEIC and HEIF,
 * Qwen BMP and TIFF).
 */
export type OtherImageMediaType =
  | "image/bmp"
  | "image/tiff"
  | "image/heic"
  | "image/heif"
  | "image/avif";

/** The image formats the gateway takes as inputs, as messages name them. */
export const inputImageFormats = "PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF";

/** ISOBMFF major brands of HEIC (and its sequences), of generic HEIF and of AVIF. */
const heicBrands = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx"]);
const heifBrands = new Set(["mif1", "msf1"]);
const avifBrands = new Set(["avif", "avis"]);

/** Which of BMP, TIFF, HEIC, HEIF or AVIF the bytes start as, by their signature; undefined for any other. Never throws. */
export function otherImageMediaType(view: Uint8Array): OtherImageMediaType | undefined {
  // Not `instanceof Uint8Array`, which bytes of another realm fail (a vm context, an iframe,
  // Jest's sandbox): any view, read by its bytes (a Uint16Array's elements are not bytes).
  if (!ArrayBuffer.isView(view)) return undefined;
  const bytes = byteView(view);
  const ascii = (start: number, length: number) =>
    String.fromCharCode(...bytes.subarray(start, start + length));
  // "BM", the file size, then two reserved fields that are zero: not any text that starts "BM".
  if (bytes.length >= 14 && ascii(0, 2) === "BM" && ascii(6, 4) === "\0\0\0\0") return "image/bmp";
  const tiff = ascii(0, 4);
  if (tiff === "II*\0" || tiff === "MM\0*") return "image/tiff";
  if (bytes.length >= 12 && ascii(4, 4) === "ftyp") {
    const brand = ascii(8, 4);
    if (avifBrands.has(brand)) return "image/avif";
    if (heicBrands.has(brand)) return "image/heic";
    if (!heifBrands.has(brand)) return undefined;
    // A generic major brand: an AVIF lists "avif" among its compatible brands (after the
    // 4-byte minor version), within the ftyp box whose size the first 4 bytes give.
    const size =
      (bytes[0] ?? 0) * 2 ** 24 +
      (((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0));
    const end = Math.min(bytes.length, size);
    for (let at = 16; at + 4 <= end; at += 4) if (avifBrands.has(ascii(at, 4))) return "image/avif";
    return "image/heif";
  }
  return undefined;
}
