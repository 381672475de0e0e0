import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";
import { mulberry32 } from "./hash-seed";
import { encodePng, filterScanlinesUp, type RawImage } from "./png-encoder";

/** A smooth gradient with a little noise: realistic for the filter, and every pixel distinct enough to catch offsets. */
function testImage(width: number, height: number, channels: 3 | 4, seed = 1): RawImage {
  const random = mulberry32(seed);
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      pixels[o] = (x * 7 + y) & 0xff;
      pixels[o + 1] = (y * 5 + (x >> 3)) & 0xff;
      pixels[o + 2] = Math.floor(random() * 256);
      if (channels === 4) pixels[o + 3] = 255 - ((x + y) & 0xff);
    }
  }
  return { width, height, channels, pixels };
}

/** Byte-for-byte equality that stays fast on megabytes (deep `toEqual` on typed arrays does not) and names the first difference. */
function expectSameBytes(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      expect({ index: i, value: actual[i] }).toEqual({ index: i, value: expected[i] });
    }
  }
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

interface Chunk {
  type: string;
  data: Uint8Array;
  crc: number;
}

/** Splits a PNG into chunks independently of the encoder's code. */
function chunksOf(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  let p = 8;
  while (p < png.length) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    chunks.push({
      type,
      data: png.subarray(p + 8, p + 8 + length),
      crc: view.getUint32(p + 8 + length),
    });
    p += 12 + length;
  }
  expect(p).toBe(png.length);
  return chunks;
}

async function inflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("crc32", () => {
  it("matches the standard check values", () => {
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32(ascii("IEND"))).toBe(0xae426082);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("continues across pieces", () => {
    const bytes = testImage(50, 20, 3).pixels;
    expect(crc32(bytes.subarray(1000), crc32(bytes.subarray(0, 1000)))).toBe(crc32(bytes));
  });
});

describe("encodePng", () => {
  const cases: [number, number][] = [
    [1, 1],
    [7, 3],
    [3, 7],
    [1024, 1024],
    [1536, 1024],
  ];
  for (const [width, height] of cases) {
    for (const channels of [3, 4] as const) {
      it(`round-trips ${width}x${height} with ${channels} channels through fast-png`, async () => {
        const image = testImage(width, height, channels);
        const png = await encodePng(image);
        const decoded = decode(png, { checkCrc: true });
        expect(decoded.width).toBe(width);
        expect(decoded.height).toBe(height);
        expect(decoded.channels).toBe(channels);
        expect(decoded.depth).toBe(8);
        expect(decoded.data).toBeInstanceOf(Uint8Array);
        expectSameBytes(decoded.data, image.pixels);
      });
    }
  }

  it("writes signature, IHDR, IDAT and IEND with correct CRCs", async () => {
    const png = await encodePng(testImage(7, 3, 4));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = chunksOf(png);
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    for (const chunk of chunks) {
      const typed = new Uint8Array(4 + chunk.data.length);
      typed.set(ascii(chunk.type));
      typed.set(chunk.data, 4);
      expect(chunk.crc).toBe(crc32(typed));
    }
    const ihdr = chunks[0]?.data ?? new Uint8Array(0);
    // width 7, height 3, depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
    expect([...ihdr]).toEqual([0, 0, 0, 7, 0, 0, 0, 3, 8, 6, 0, 0, 0]);
    expect(chunks[2]?.data.length).toBe(0);
    expect(chunks[2]?.crc).toBe(0xae426082);
  });

  it("splits large compressed data over several IDAT chunks", async () => {
    const random = mulberry32(3);
    const pixels = Uint8Array.from({ length: 1000 * 800 * 3 }, () => random() * 256);
    const png = await encodePng({ width: 1000, height: 800, channels: 3, pixels });
    const chunks = chunksOf(png);
    const idats = chunks.filter((c) => c.type === "IDAT");
    expect(idats.length).toBeGreaterThan(2);
    expect(idats.every((c) => c.data.length <= 1 << 20)).toBe(true);
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", ...idats.map(() => "IDAT"), "IEND"]);
    expectSameBytes(decode(png, { checkCrc: true }).data, pixels);
  });

  it("uses filter type Up on every row", async () => {
    const image = testImage(33, 17, 3);
    const png = await encodePng(image);
    const idat = chunksOf(png).find((c) => c.type === "IDAT")?.data ?? new Uint8Array(0);
    const raw = await inflate(idat.slice());
    expect(raw.length).toBe(17 * (33 * 3 + 1));
    for (let y = 0; y < 17; y++) expect(raw[y * (33 * 3 + 1)]).toBe(2);
    expectSameBytes(raw, filterScanlinesUp(image, 0, 17));
    // Row 1, byte 0 is the difference to the byte above, modulo 256.
    expect(raw[33 * 3 + 2]).toBe(((image.pixels[33 * 3] ?? 0) - (image.pixels[0] ?? 0)) & 0xff);
  });

  it("streams rows wider than one compressor chunk", async () => {
    // 100,000 RGB pixels = 300 kB per row, more than the encoder's chunk target.
    const image = testImage(100_000, 3, 3);
    const decoded = decode(await encodePng(image));
    expect(decoded.width).toBe(100_000);
    expectSameBytes(decoded.data, image.pixels);
  });

  it("compresses smooth images well", async () => {
    const width = 1024;
    const height = 1024;
    const pixels = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 3;
        pixels[o] = x >> 2;
        pixels[o + 1] = y >> 2;
        pixels[o + 2] = (x + y) >> 3;
      }
    }
    const png = await encodePng({ width, height, channels: 3, pixels });
    expect(png.length).toBeLessThan(pixels.length / 50);
    expectSameBytes(decode(png).data, pixels);
  });

  it("is deterministic", async () => {
    const image = testImage(64, 48, 3);
    expectSameBytes(await encodePng(image), await encodePng(image));
  });

  it("rejects malformed input with a RangeError", async () => {
    const ok = testImage(4, 4, 3);
    await expect(encodePng({ ...ok, width: 0, pixels: new Uint8Array(0) })).rejects.toThrow(
      RangeError,
    );
    await expect(encodePng({ ...ok, width: 4.5 })).rejects.toThrow(RangeError);
    await expect(encodePng({ ...ok, height: -1 })).rejects.toThrow(RangeError);
    await expect(encodePng({ ...ok, pixels: ok.pixels.subarray(1) })).rejects.toThrow(/48 bytes/);
    await expect(encodePng({ ...ok, channels: 4 })).rejects.toThrow(RangeError);
  });
});
