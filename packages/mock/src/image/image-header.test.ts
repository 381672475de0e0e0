import { readImageHeader } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "./hash-seed";
import { encodePng } from "./png-encoder";
import { renderPromptImage } from "./prompt-image";

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const u16be = (v: number): number[] => [v >> 8, v & 0xff];
const u16le = (v: number): number[] => [v & 0xff, v >> 8];
const u24le = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, v >> 16];
const u32le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
/** A JPEG marker segment: FF, marker, big-endian length that counts itself, payload. */
const segment = (marker: number, payload: number[]): number[] => [
  0xff,
  marker,
  ...u16be(payload.length + 2),
  ...payload,
];
const sof = (marker: number, width: number, height: number): number[] =>
  segment(marker, [8, ...u16be(height), ...u16be(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);

const SOI = [0xff, 0xd8];
const APP0 = segment(0xe0, [...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
// An Exif APP1 whose payload contains what looks like an SOF0 for 1x1: must be skipped by length.
const APP1_WITH_FAKE_SOF = segment(0xe1, [
  ...ascii("Exif"),
  0,
  0,
  0xff,
  0xc0,
  0,
  17,
  8,
  0,
  1,
  0,
  1,
  3,
]);
const DQT = segment(0xdb, [0, ...new Array<number>(64).fill(1)]);
// DHT (C4), JPG (C8) and DAC (CC) sit in the SOF range; read as SOF they would give 0x0102 x 0x0304.
const fakeSofPayload = [8, 3, 4, 1, 2, 1, 1, 0x11, 0];
const SOS = segment(0xda, [1, 1, 0, 0, 63, 0]);
const EOI = [0xff, 0xd9];

function jpeg(...parts: number[][]): Uint8Array {
  return Uint8Array.from(parts.flat());
}

function webp(fourcc: string, payload: number[]): Uint8Array {
  const chunk = [...ascii(fourcc), ...u32le(payload.length), ...payload];
  return Uint8Array.from([
    ...ascii("RIFF"),
    ...u32le(4 + chunk.length),
    ...ascii("WEBP"),
    ...chunk,
  ]);
}

/** A lossy WebP: key-frame tag, start code, 14-bit sizes with the 2 scale bits set to check masking. */
function vp8(width: number, height: number, frameTag = 0x10): Uint8Array {
  return webp("VP8 ", [
    frameTag,
    0x02,
    0x00,
    0x9d,
    0x01,
    0x2a,
    ...u16le(width | 0xc000),
    ...u16le(height | 0x4000),
    0,
    0,
  ]);
}

/** A lossless WebP: signature 0x2F, then (width-1) | (height-1) << 14 | alpha << 28 | version << 29. */
function vp8l(width: number, height: number, version = 0): Uint8Array {
  const bits = ((width - 1) | ((height - 1) << 14) | (1 << 28) | (version << 29)) >>> 0;
  return webp("VP8L", [0x2f, ...u32le(bits), 0, 0, 0]);
}

/** An extended WebP: flags, 3 reserved bytes, then canvas width-1 and height-1 in 24 bits each. */
function vp8x(width: number, height: number): Uint8Array {
  return webp("VP8X", [0x10, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]);
}

function gif(version: "87a" | "89a", width: number, height: number): Uint8Array {
  return Uint8Array.from([
    ...ascii(`GIF${version}`),
    ...u16le(width),
    ...u16le(height),
    0xf7,
    0,
    0,
    0,
    0,
    0,
  ]);
}

describe("readImageHeader", () => {
  it("reads the PNGs this package makes", async () => {
    for (const [width, height] of [
      [1, 1],
      [7, 3],
      [1536, 1024],
    ] as const) {
      const png = await renderPromptImage({ prompt: "p", model: "m", index: 0, width, height });
      expect(readImageHeader(png)).toEqual({ mediaType: "image/png", width, height });
    }
    const rgba = await encodePng({
      width: 5,
      height: 9,
      channels: 4,
      pixels: new Uint8Array(5 * 9 * 4),
    });
    expect(readImageHeader(rgba)).toEqual({ mediaType: "image/png", width: 5, height: 9 });
  });

  it("reads the first 24 bytes of a PNG and nothing less", async () => {
    const png = await encodePng({
      width: 300,
      height: 70000,
      channels: 3,
      pixels: new Uint8Array(300 * 70000 * 3),
    });
    expect(readImageHeader(png.subarray(0, 24))).toEqual({
      mediaType: "image/png",
      width: 300,
      height: 70000,
    });
    for (let n = 0; n < 24; n++) expect(readImageHeader(png.subarray(0, n))).toBeUndefined();
    // A subarray with an offset into a larger buffer.
    const shifted = new Uint8Array(png.length + 5);
    shifted.set(png, 5);
    expect(readImageHeader(shifted.subarray(5))?.width).toBe(300);
  });

  it("reads the bytes of any view, not its elements: a Uint16Array, a Float32Array or a DataView at an offset", async () => {
    const png = await encodePng({
      width: 300,
      height: 7,
      channels: 3,
      pixels: new Uint8Array(6300),
    });
    // The PNG 8 bytes into a larger buffer, viewed 2 or 4 bytes an element (padded to fit).
    const buffer = new ArrayBuffer(8 + png.length + 4);
    new Uint8Array(buffer, 8).set(png);
    const expected = { mediaType: "image/png", width: 300, height: 7 };

    expect(readImageHeader(new Uint16Array(buffer, 8, 12) as unknown as Uint8Array)).toEqual(
      expected,
    );
    expect(readImageHeader(new Float32Array(buffer, 8, 6) as unknown as Uint8Array)).toEqual(
      expected,
    );
    expect(readImageHeader(new DataView(buffer, 8, 24) as unknown as Uint8Array)).toEqual(expected);
    // Too short a view is still nothing, and a view of a detached buffer never throws.
    expect(readImageHeader(new Uint16Array(buffer, 8, 11) as unknown as Uint8Array)).toBe(
      undefined,
    );
    const detached = new Uint16Array(png.length);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(readImageHeader(detached as unknown as Uint8Array)).toBeUndefined();
  });

  it("rejects PNGs whose first chunk is not a valid IHDR", async () => {
    const png = await encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(12) });
    const badType = png.slice();
    badType[12] = 0x69; // "iHDR"
    expect(readImageHeader(badType)).toBeUndefined();
    const zeroWidth = png.slice();
    zeroWidth.fill(0, 16, 20);
    expect(readImageHeader(zeroWidth)).toBeUndefined();
    const badSignature = png.slice();
    badSignature[7] = 0;
    expect(readImageHeader(badSignature)).toBeUndefined();
  });

  it("reads JPEG SOF0 after APP0", () => {
    expect(readImageHeader(jpeg(SOI, APP0, DQT, sof(0xc0, 640, 480), SOS, EOI))).toEqual({
      mediaType: "image/jpeg",
      width: 640,
      height: 480,
    });
    // The smallest possible: SOI then SOF0.
    expect(readImageHeader(jpeg(SOI, sof(0xc0, 1, 1)))).toEqual({
      mediaType: "image/jpeg",
      width: 1,
      height: 1,
    });
  });

  it("reads every SOFn marker: baseline, extended, progressive, lossless, arithmetic", () => {
    for (const marker of [
      0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
    ]) {
      expect(
        readImageHeader(jpeg(SOI, APP0, sof(marker, 4032, 3024), EOI)),
        marker.toString(16),
      ).toEqual({
        mediaType: "image/jpeg",
        width: 4032,
        height: 3024,
      });
    }
  });

  it("skips segments by length, including DHT, JPG and DAC and SOF look-alikes inside APP1", () => {
    const bytes = jpeg(
      SOI,
      APP0,
      APP1_WITH_FAKE_SOF,
      segment(0xc4, fakeSofPayload),
      segment(0xc8, fakeSofPayload),
      segment(0xcc, fakeSofPayload),
      segment(0xfe, ascii("a comment")),
      DQT,
      sof(0xc2, 1920, 1080),
      SOS,
      EOI,
    );
    expect(readImageHeader(bytes)).toEqual({ mediaType: "image/jpeg", width: 1920, height: 1080 });
  });

  it("accepts fill bytes and standalone markers between segments", () => {
    const bytes = jpeg(SOI, [0xff, 0xff, 0xff], APP0, [0xff, 0xd0, 0xff, 0x01], sof(0xc0, 33, 44));
    expect(readImageHeader(bytes)).toEqual({ mediaType: "image/jpeg", width: 33, height: 44 });
  });

  it("gives up on JPEGs without a readable frame header", () => {
    expect(readImageHeader(jpeg(SOI, APP0, SOS, sof(0xc0, 10, 10)))).toBeUndefined();
    expect(readImageHeader(jpeg(SOI, APP0, EOI))).toBeUndefined();
    expect(readImageHeader(jpeg(SOI, sof(0xc0, 10, 0)))).toBeUndefined(); // height from DNL
    expect(readImageHeader(jpeg(SOI, [0xff, 0xe0, 0x00, 0x01]))).toBeUndefined(); // length < 2
    expect(readImageHeader(jpeg(SOI, [0xff, 0x00]))).toBeUndefined();
    expect(readImageHeader(jpeg(SOI, segment(0xc0, [8, 0, 10])))).toBeUndefined(); // SOF too short
  });

  it("returns undefined for every truncation of a JPEG that cuts the frame header", () => {
    const bytes = jpeg(SOI, APP0, APP1_WITH_FAKE_SOF, DQT, sof(0xc0, 640, 480), SOS, EOI);
    const sofStart = SOI.length + APP0.length + APP1_WITH_FAKE_SOF.length + DQT.length;
    for (let n = 0; n < sofStart + 9; n++)
      expect(readImageHeader(bytes.subarray(0, n)), `${n} bytes`).toBeUndefined();
    expect(readImageHeader(bytes.subarray(0, sofStart + 9))?.width).toBe(640);
  });

  it("reads lossy (VP8), lossless (VP8L) and extended (VP8X) WebP", () => {
    expect(readImageHeader(vp8(1024, 768))).toEqual({
      mediaType: "image/webp",
      width: 1024,
      height: 768,
    });
    expect(readImageHeader(vp8(16383, 1))).toEqual({
      mediaType: "image/webp",
      width: 16383,
      height: 1,
    });
    expect(readImageHeader(vp8l(400, 301))).toEqual({
      mediaType: "image/webp",
      width: 400,
      height: 301,
    });
    expect(readImageHeader(vp8l(16384, 16384))).toEqual({
      mediaType: "image/webp",
      width: 16384,
      height: 16384,
    });
    expect(readImageHeader(vp8l(1, 1))).toEqual({ mediaType: "image/webp", width: 1, height: 1 });
    expect(readImageHeader(vp8x(5000, 3000))).toEqual({
      mediaType: "image/webp",
      width: 5000,
      height: 3000,
    });
    expect(readImageHeader(vp8x(2 ** 24, 1))).toEqual({
      mediaType: "image/webp",
      width: 2 ** 24,
      height: 1,
    });
  });

  it("rejects malformed WebP", () => {
    expect(readImageHeader(vp8(100, 100, 0x11))).toBeUndefined(); // inter frame
    const badStart = vp8(100, 100);
    badStart[23] = 0;
    expect(readImageHeader(badStart)).toBeUndefined();
    expect(readImageHeader(vp8(0, 100))).toBeUndefined();
    expect(readImageHeader(vp8l(10, 10, 1))).toBeUndefined(); // unknown version
    const badSignature = vp8l(10, 10);
    badSignature[20] = 0x2e;
    expect(readImageHeader(badSignature)).toBeUndefined();
    expect(readImageHeader(webp("ALPH", new Array<number>(20).fill(0)))).toBeUndefined();
    const notWebp = vp8x(10, 10);
    notWebp.set(ascii("WAVE"), 8);
    expect(readImageHeader(notWebp)).toBeUndefined();
    for (const image of [vp8(640, 480), vp8l(640, 480), vp8x(640, 480)]) {
      const needed = image[15] === 0x20 ? 30 : image[15] === 0x4c ? 25 : 30;
      for (let n = 0; n < needed; n++)
        expect(readImageHeader(image.subarray(0, n))).toBeUndefined();
      expect(readImageHeader(image.subarray(0, needed))?.width).toBe(640);
    }
  });

  it("reads GIF87a and GIF89a", () => {
    expect(readImageHeader(gif("87a", 320, 200))).toEqual({
      mediaType: "image/gif",
      width: 320,
      height: 200,
    });
    expect(readImageHeader(gif("89a", 65535, 1))).toEqual({
      mediaType: "image/gif",
      width: 65535,
      height: 1,
    });
    expect(readImageHeader(gif("89a", 0, 1))).toBeUndefined();
    expect(readImageHeader(Uint8Array.from([...ascii("GIF88a"), 1, 0, 1, 0]))).toBeUndefined();
    for (let n = 0; n < 10; n++)
      expect(readImageHeader(gif("89a", 5, 5).subarray(0, n))).toBeUndefined();
  });

  it("returns undefined for other formats and garbage, and never throws", async () => {
    expect(readImageHeader(new Uint8Array(0))).toBeUndefined();
    expect(readImageHeader(Uint8Array.from(ascii("%PDF-1.7\n")))).toBeUndefined();
    expect(
      readImageHeader(Uint8Array.from(ascii("<svg xmlns='http://www.w3.org/2000/svg'/>"))),
    ).toBeUndefined();
    expect(
      readImageHeader(Uint8Array.from([0x42, 0x4d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    ).toBeUndefined(); // BMP

    // Valid headers with random corruption, and random bytes behind each format's magic.
    const png = await encodePng({ width: 3, height: 2, channels: 3, pixels: new Uint8Array(18) });
    const seeds = [
      png,
      jpeg(SOI, APP0, APP1_WITH_FAKE_SOF, DQT, sof(0xc0, 640, 480), SOS, EOI),
      vp8(9, 9),
      vp8l(9, 9),
      vp8x(9, 9),
      gif("89a", 9, 9),
    ];
    const random = mulberry32(2024);
    const byte = () => Math.floor(random() * 256);
    for (let round = 0; round < 20000; round++) {
      const template = seeds[round % seeds.length] ?? png;
      const bytes = template.slice(0, Math.floor(random() * (template.length + 8)));
      for (let k = Math.floor(random() * 4); k > 0; k--)
        bytes[Math.floor(random() * bytes.length)] = byte();
      if (round % 7 === 0) for (let i = 1; i < bytes.length; i++) bytes[i] = byte();
      const header = readImageHeader(bytes);
      if (header) {
        expect(Number.isInteger(header.width) && header.width > 0).toBe(true);
        expect(Number.isInteger(header.height) && header.height > 0).toBe(true);
      }
    }
  });
});
