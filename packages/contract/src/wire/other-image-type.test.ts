import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { otherImageMediaType } from "./other-image-type";

/** The first bytes of a file: `head` as Latin-1 text, then zeros up to 64 bytes. */
function fileStart(head: string): Uint8Array {
  const bytes = new Uint8Array(64);
  for (let index = 0; index < head.length; index++) bytes[index] = head.charCodeAt(index);
  return bytes;
}

/** An ISOBMFF `ftyp` box: its size, the major brand, a minor version, the compatible brands. */
function ftyp(major: string, compatible: string[]): string {
  const size = 16 + 4 * compatible.length;
  return `\0\0\0${String.fromCharCode(size)}ftyp${major}\0\0\0\0${compatible.join("")}`;
}

describe("otherImageMediaType", () => {
  it.each([
    ["an iPhone photo", ftyp("heic", ["mif1", "heic"]), "image/heic"],
    ["a HEIF image with the generic brand", ftyp("mif1", ["mif1", "heic"]), "image/heif"],
    ["an AVIF", ftyp("avif", ["mif1", "avif"]), "image/avif"],
    ["an AVIF with the generic major brand", ftyp("mif1", ["mif1", "miaf", "avif"]), "image/avif"],
    [
      "a HEIF whose next box holds the letters avif",
      `${ftyp("mif1", ["mif1"])}\0\0\0\x10metaavif`,
      "image/heif",
    ],
    ["a BMP", "BM6\0\0\0\0\0\0\x006\0\0\0", "image/bmp"],
    ["a TIFF (Intel)", "II*\0\b\0\0\0", "image/tiff"],
    ["a TIFF (Motorola)", "MM\0*\0\0\0\b", "image/tiff"],
  ])("tells %s by its first bytes", (_, head, type) => {
    expect(otherImageMediaType(fileStart(head))).toBe(type);
  });

  it.each([
    ["text that starts as a BMP does", "BMW 3 series"],
    ["an MP4 video (ISOBMFF too)", ftyp("isom", ["isom", "avc1"])],
    ["nothing", ""],
  ])("is undefined for %s", (_, head) => {
    expect(otherImageMediaType(fileStart(head))).toBeUndefined();
  });

  it("reads bytes made in another realm (a vm context, an iframe, Jest's sandbox)", () => {
    const bytes = vm.runInContext("new Uint8Array(64)", vm.createContext({}));
    bytes.set(fileStart(ftyp("heic", ["mif1", "heic"])));
    expect(bytes instanceof Uint8Array).toBe(false);
    expect(otherImageMediaType(bytes)).toBe("image/heic");
  });

  it("reads the bytes of any view, not its elements: a Uint16Array or a DataView at an offset", () => {
    const buffer = new ArrayBuffer(8 + 64);
    new Uint8Array(buffer, 8).set(fileStart(ftyp("avif", ["mif1", "avif"])));
    expect(otherImageMediaType(new Uint16Array(buffer, 8, 32) as unknown as Uint8Array)).toBe(
      "image/avif",
    );
    expect(otherImageMediaType(new DataView(buffer, 8) as unknown as Uint8Array)).toBe(
      "image/avif",
    );
  });
});
