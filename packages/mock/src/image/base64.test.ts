import {
  decodeBase64,
  encodeBase64,
  isBase64,
  parseDataUrl,
  readImageHeader,
} from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "./hash-seed";
import { renderPromptImage } from "./prompt-image";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function randomBytes(length: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random() * 256;
  return bytes;
}

/** `btoa` over a binary string, byte by byte: slow but obviously right, as a reference for small inputs. */
function referenceBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

describe("encodeBase64 / decodeBase64", () => {
  it("matches the RFC 4648 test vectors", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(text(plain))).toBe(encoded);
      expect(decodeBase64(encoded)).toEqual(text(plain));
      expect(isBase64(encoded)).toBe(true);
    }
  });

  it("uses the standard alphabet for every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const encoded = encodeBase64(all);
    expect(encoded).toBe(referenceBase64(all));
    expect(encoded).toContain("+");
    expect(encoded).toContain("/");
    expect(decodeBase64(encoded)).toEqual(all);
  });

  it("round-trips random bytes of every small length", () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = randomBytes(length, length);
      const encoded = encodeBase64(bytes);
      expect(encoded).toBe(referenceBase64(bytes));
      expect(encoded.length).toBe(Math.ceil(length / 3) * 4);
      expect(decodeBase64(encoded)).toEqual(bytes);
    }
  });

  it("round-trips 3 MB in each padding case", () => {
    for (const length of [3 * 1024 * 1024, 3 * 1024 * 1024 + 1, 3 * 1024 * 1024 + 2]) {
      const bytes = randomBytes(length, length);
      const encoded = encodeBase64(bytes);
      expect(encoded.length).toBe(Math.ceil(length / 3) * 4);
      expect(encoded.slice(0, 4000)).toBe(referenceBase64(bytes.subarray(0, 3000)));
      expect(sameBytes(decodeBase64(encoded), bytes)).toBe(true);
    }
  });

  // 16 MiB: a hundred times what spreading the bytes into one call (String.fromCharCode(...bytes))
  // takes to overflow the stack, and light enough to stay fast on a busy CI machine.
  it("handles 16 MiB without overflowing the stack", () => {
    const bytes = new Uint8Array(16 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4099) bytes[i] = i & 0xff;
    const encoded = encodeBase64(bytes);
    expect(encoded.length).toBe(Math.ceil(bytes.length / 3) * 4);
    expect(encoded.endsWith("=")).toBe(true);
    expect(sameBytes(decodeBase64(encoded), bytes)).toBe(true);
  });

  it("handles subarray views", () => {
    const bytes = randomBytes(100, 5);
    expect(encodeBase64(bytes.subarray(10, 20))).toBe(referenceBase64(bytes.slice(10, 20)));
  });

  it("rejects invalid base64 with a TypeError that says what is wrong", () => {
    const cases: [string, RegExp][] = [
      ["Zg=", /length 3 is not a multiple of 4/],
      ["Zm9vY", /length 5/],
      ["Zm9v!A==", /unexpected character "!" at index 4/],
      ["Zm9v YQ=", /unexpected character " " at index 4/],
      ["Zm9v\nYmFy", /length 9/],
      ["Zm9v\nYmF", /unexpected character "\\n" at index 4/],
      ["Zm9-", /unexpected character "-" at index 3/], // base64url is a different alphabet
      ["Zm9_", /unexpected character "_"/],
      ["Zm9é", /unexpected character "é"/],
      ["Zm9\u0141", /unexpected character/], // low byte would be "A"
      ["====", /misplaced padding/],
      ["Z===", /misplaced padding "=" at index 1/],
      ["Zg=a", /misplaced padding "=" at index 2/],
      ["Zg==Zg==", /misplaced padding "=" at index 2/],
      ["Zh==", /non-zero bits/], // "Zg==" is the canonical form
      ["Zm9=", /non-zero bits/],
    ];
    for (const [input, message] of cases) {
      expect(isBase64(input), input).toBe(false);
      expect(() => decodeBase64(input), input).toThrow(TypeError);
      expect(() => decodeBase64(input), input).toThrow(message);
    }
  });

  it("reports an error in the middle of a large input", () => {
    const encoded = encodeBase64(randomBytes(300_000, 1));
    const broken = `${encoded.slice(0, 123_456)}*${encoded.slice(123_457)}`;
    expect(() => decodeBase64(broken)).toThrow(/unexpected character "\*" at index 123456/);
    expect(isBase64(broken)).toBe(false);
  });

  it("accepts exactly what it decodes", () => {
    expect(isBase64("")).toBe(true);
    expect(isBase64("AAAA")).toBe(true);
    expect(isBase64("+/+/")).toBe(true);
    expect(decodeBase64("")).toEqual(new Uint8Array(0));
  });
});

describe("parseDataUrl", () => {
  it("decodes a base64 image data URL", async () => {
    const png = await renderPromptImage({
      prompt: "p",
      model: "m",
      index: 0,
      width: 20,
      height: 10,
    });
    const parsed = parseDataUrl(`data:image/png;base64,${encodeBase64(png)}`);
    expect(parsed?.mediaType).toBe("image/png");
    expect(parsed && sameBytes(parsed.bytes, png)).toBe(true);
    expect(parsed && readImageHeader(parsed.bytes)).toEqual({
      mediaType: "image/png",
      width: 20,
      height: 10,
    });
  });

  it("normalizes case and drops parameters", () => {
    expect(parseDataUrl("DATA:Image/JPEG;BASE64,/9j/")).toEqual({
      mediaType: "image/jpeg",
      bytes: Uint8Array.of(0xff, 0xd8, 0xff),
    });
    expect(parseDataUrl("data:image/svg+xml;charset=utf-8;base64,PHN2Zy8+")).toEqual({
      mediaType: "image/svg+xml",
      bytes: text("<svg/>"),
    });
  });

  it("parses non-image data URLs too, leaving the media type to the caller", () => {
    const parsed = parseDataUrl("data:text/plain;base64,aGVsbG8=");
    expect(parsed).toEqual({ mediaType: "text/plain", bytes: text("hello") });
    expect(parsed && readImageHeader(parsed.bytes)).toBeUndefined();
    expect(parseDataUrl("data:application/octet-stream;base64,")).toEqual({
      mediaType: "application/octet-stream",
      bytes: new Uint8Array(0),
    });
    // RFC 2397: an omitted media type means text/plain.
    expect(parseDataUrl("data:;base64,aGk=")?.mediaType).toBe("text/plain");
  });

  it("returns undefined for anything that is not a valid base64 data URL", () => {
    const cases = [
      "data:image/png,iVBORw0KGgo=", // percent-encoded form, not base64
      "data:text/plain,hello",
      "data:image/png;base64", // no comma
      "data:image/png;base64,iVBOR w0KGgo=", // invalid base64
      "data:image/png;base64,Zg=",
      "data:base64,aGk=", // "base64" would be the media type
      "data:image/png;base64x,aGk=",
      "data:image;base64,aGk=", // not type/subtype
      "data:image/png;base64;foo=bar,aGk=",
      "https://example.com/a.png",
      "iVBORw0KGgo=",
      "",
    ];
    for (const url of cases) expect(parseDataUrl(url), url).toBeUndefined();
  });
});
