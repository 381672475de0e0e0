import { encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { bytesOf } from "../__fixtures__/image-bytes";
import { decodeBase64Bytes } from "./decode-base64-bytes";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe("decodeBase64Bytes", () => {
  it("decodes whole quartets into the output at an offset, reading only [start, end)", () => {
    const bytes = bytesOf(3 * 700);
    const text = ascii(`**${encodeBase64(bytes)}!!`);
    const out = new Uint8Array(bytes.length + 10).fill(0xee);
    expect(decodeBase64Bytes(text, 2, text.length - 2, out, 5)).toBe(bytes.length);
    expect(out.subarray(5, 5 + bytes.length)).toEqual(bytes);
    // Nothing written around it.
    expect([...out.subarray(0, 5), ...out.subarray(5 + bytes.length)]).toEqual(
      new Array(10).fill(0xee),
    );
  });

  it("decodes every character of the alphabet in every place of a quartet", () => {
    for (let shift = 0; shift < 4; shift++) {
      const text = ALPHABET.slice(shift) + ALPHABET.slice(0, shift);
      const out = new Uint8Array(48);
      expect(decodeBase64Bytes(ascii(text), 0, 64, out, 0)).toBe(48);
      expect(encodeBase64(out)).toBe(text);
    }
  });

  it("gives the same bytes however the text is cut into quartet-aligned pieces", () => {
    const bytes = bytesOf(3 * 1000, 7);
    const text = ascii(encodeBase64(bytes));
    const out = new Uint8Array(bytes.length);
    let written = 0;
    for (let at = 0; at < text.length; at += 4 * 37) {
      const end = Math.min(text.length, at + 4 * 37);
      written += decodeBase64Bytes(text, at, end, out, written);
    }
    expect(written).toBe(bytes.length);
    expect(out).toEqual(bytes);
  });

  it("returns 0 for an empty range", () => {
    expect(decodeBase64Bytes(ascii("QUJD"), 2, 2, new Uint8Array(0), 0)).toBe(0);
  });

  it("returns -1 for any byte outside the standard alphabet, in any place of a quartet", () => {
    const valid = new Set(ALPHABET);
    for (let byte = 0; byte < 256; byte++) {
      if (valid.has(String.fromCharCode(byte))) continue;
      for (let place = 0; place < 4; place++) {
        const text = ascii("QUJDQUJDQUJD");
        text[4 + place] = byte;
        expect(decodeBase64Bytes(text, 0, 12, new Uint8Array(9), 0), `byte ${byte}`).toBe(-1);
      }
    }
  });

  it("returns -1 for padding, which only the final quartet may hold", () => {
    expect(decodeBase64Bytes(ascii("QUI="), 0, 4, new Uint8Array(3), 0)).toBe(-1);
    expect(decodeBase64Bytes(ascii("QQ=="), 0, 4, new Uint8Array(3), 0)).toBe(-1);
  });

  it("returns -1 for a length that is not whole quartets", () => {
    expect(decodeBase64Bytes(ascii("QUJDQU"), 0, 6, new Uint8Array(6), 0)).toBe(-1);
  });
});
