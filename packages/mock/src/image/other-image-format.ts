/**
 * Image formats the gateway passes on that the mock recognizes but does not size: BMP, TIFF,
 * and HEIC or AVIF (ISOBMFF). The contract's `readImageHeader` reads PNG, JPEG, WebP and GIF.
 */
export type OtherImageFormat = "bmp" | "tiff" | "heic" | "avif";

/** ISOBMFF major brands of HEIF images (HEIC and its sequences, and generic HEIF) and of AVIF. */
const heifBrands = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);
const avifBrands = new Set(["avif", "avis"]);

/** Which of BMP, TIFF, HEIC or AVIF the bytes start as, by their signature; undefined for any other. */
export function otherImageFormatOf(bytes: Uint8Array): OtherImageFormat | undefined {
  const ascii = (start: number, length: number) =>
    String.fromCharCode(...bytes.subarray(start, start + length));
  if (bytes.length >= 14 && ascii(0, 2) === "BM") return "bmp";
  const tiff = ascii(0, 4);
  if (tiff === "II*\0" || tiff === "MM\0*") return "tiff";
  if (bytes.length >= 12 && ascii(4, 4) === "ftyp") {
    const brand = ascii(8, 4);
    if (avifBrands.has(brand)) return "avif";
    if (heifBrands.has(brand)) return "heic";
  }
  return undefined;
}
