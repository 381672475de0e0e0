import { Readable } from "node:stream";
import { decodeBase64, encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { gifOf, jpegOf, notAnImage, pngOf, webpOf } from "../__fixtures__/image-bytes";
import { GeneratedImage } from "./generated-image";
import { maxInputImageBytes, type NormalizedImage, normalizeImageInput } from "./image-input";

const png = await pngOf(32, 24);
const pngURL = `data:image/png;base64,${encodeBase64(png)}`;
/** The refusal of text that is no input Pictor reads: it says what is. */
const notAUrlWeRead =
  "is not an https, data: or blob: URL or base64 image data: pass one of those, its bytes or Blob; a file on Node: imageFromFile(path) from @pictor/client/node";

function urlOf(result: NormalizedImage): string {
  if (!result.ok) throw new Error(`expected an accepted input, got: ${result.issue.message}`);
  return result.url;
}

describe("normalizeImageInput", () => {
  it("passes an https URL through unchanged", async () => {
    const url = "https://cdn.example.test/photos/cat.png?size=large&v=2";
    expect(await normalizeImageInput(url, "images.0")).toEqual({ ok: true, url });
  });

  it("accepts schemes in any case (they are case-insensitive) and sends them lower-cased, the rest untouched", async () => {
    const signed = "HTTPS://CDN.example.test/Photos/Cat.png?X-Amz-Signature=AbC%2Fd";
    expect(urlOf(await normalizeImageInput(signed, "images.0"))).toBe(
      "https://CDN.example.test/Photos/Cat.png?X-Amz-Signature=AbC%2Fd",
    );
    expect(
      urlOf(await normalizeImageInput(`DATA:IMAGE/PNG;BASE64,${encodeBase64(png)}`, "images.0")),
    ).toBe(pngURL);
    expect(await normalizeImageInput("HTTP://cdn.example.test/cat.png", "images.0")).toMatchObject({
      ok: false,
      issue: { message: expect.stringContaining("only https") },
    });
  });

  it("turns every byte form into the same PNG data URL", async () => {
    const inputs = [
      png,
      png.slice().buffer,
      new Blob([png]),
      new File([png], "cat.png"),
      encodeBase64(png),
      pngURL,
      new GeneratedImage(png),
    ];
    const urls = await Promise.all(
      inputs.map(async (input) => urlOf(await normalizeImageInput(input, "images.0"))),
    );

    expect(urls).toEqual(inputs.map(() => pngURL));
  });

  it.each([
    ["PNG", () => png, "image/png"],
    ["JPEG", () => jpegOf(640, 480), "image/jpeg"],
    ["GIF", () => gifOf(10, 20), "image/gif"],
    ["WebP", () => webpOf(300, 200), "image/webp"],
  ] as const)("sniffs %s bytes and labels the data URL %s", async (_, bytes, mediaType) => {
    const url = urlOf(await normalizeImageInput(bytes(), "images.0"));

    expect(url).toBe(`data:${mediaType};base64,${encodeBase64(bytes())}`);
    expect(decodeBase64(url.slice(url.indexOf(",") + 1))).toEqual(bytes());
  });

  it("relabels a data URL by its bytes when its declared type is wrong", async () => {
    const jpeg = jpegOf(8, 8);
    const url = urlOf(
      await normalizeImageInput(`data:image/webp;base64,${encodeBase64(jpeg)}`, "images.0"),
    );

    expect(url).toBe(`data:image/jpeg;base64,${encodeBase64(jpeg)}`);
  });

  it("accepts base64 wrapped over several lines (MIME style)", async () => {
    const wrapped = (encodeBase64(png).match(/.{1,76}/g) ?? []).join("\r\n");
    expect(wrapped).toContain("\r\n");

    expect(urlOf(await normalizeImageInput(wrapped, "images.0"))).toBe(pngURL);
  });

  it("encodes only the bytes a Uint8Array view covers, not its whole buffer", async () => {
    const buffer = new Uint8Array(png.length + 20).fill(0xee);
    buffer.set(png, 10);
    const view = buffer.subarray(10, 10 + png.length);

    expect(urlOf(await normalizeImageInput(view, "images.0"))).toBe(pngURL);
  });

  it.each([
    [
      "an http URL",
      "http://cdn.example.test/cat.png",
      "the gateway fetches only https URLs; use https or pass the bytes",
    ],
    [
      "a malformed https URL",
      "https://exa mple.test:99999/cat.png",
      '"https://exa mple.test:99999/cat.png" is not a valid URL',
    ],
    [
      "a data URL without ;base64",
      "data:image/png,iVBORw0KGgo=",
      "is a data URL but not a valid base64 one (data:image/png;base64,...)",
    ],
    [
      "a data URL with broken base64",
      "data:image/png;base64,iVBOR*w0KGgo=",
      "is a data URL but not a valid base64 one (data:image/png;base64,...)",
    ],
    [
      "a text/plain data URL",
      "data:text/plain;base64,aGVsbG8=",
      "is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)",
    ],
    ["text that is no base64", "a photo of my cat", notAUrlWeRead],
    ["an empty string", "", notAUrlWeRead],
    // A scheme Pictor does not read, or a path of the page's own site.
    ["a file: URL", "file:///home/ada/cat.png", notAUrlWeRead],
    ["a relative URL", "/images/cat.png", notAUrlWeRead],
    [
      "base64 of text",
      encodeBase64(notAnImage),
      "is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)",
    ],
    ...(["<svg xmlns=", "<?xml version"] as const).map((head): [string, string, string] => [
      `an SVG file (${JSON.stringify(head)})`,
      encodeBase64(fileStart(head)),
      "is an SVG image, which the gateway does not take: convert it to PNG, JPEG or WebP first",
    ]),
    [
      "text that starts as a BMP does, without its reserved zeros",
      encodeBase64(fileStart("BMW 3 series")),
      "is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)",
    ],
  ])("rejects %s with a message saying why", async (_, input, message) => {
    expect(await normalizeImageInput(input, "images.3")).toEqual({
      ok: false,
      issue: { path: "images.3", message },
    });
  });

  it.each([
    ["an iPhone photo (HEIC)", "\0\0\0\x18ftypheic", "image/heic"],
    ["a HEIF image", "\0\0\0\x18ftypmif1", "image/heif"],
    ["an AVIF image", "\0\0\0\x1cftypavif", "image/avif"],
    ["a BMP", "BM6\0\0\0\0\0\0\x006\0\0\0", "image/bmp"],
    ["a TIFF (Intel)", "II*\0\b\0", "image/tiff"],
    ["a TIFF (Motorola)", "MM\0*\0\0", "image/tiff"],
  ])("sends %s, which the gateway passes on, with its own media type", async (_, head, type) => {
    const bytes = fileStart(head);
    const url = `data:${type};base64,${encodeBase64(bytes)}`;
    for (const input of [bytes, new Blob([bytes]), encodeBase64(bytes), url])
      expect(await normalizeImageInput(input, "images.0")).toEqual({ ok: true, url });
  });

  it("rejects bytes, ArrayBuffers and Blobs that are not an image", async () => {
    const results = await Promise.all(
      [notAnImage, notAnImage.slice().buffer, new Blob([notAnImage])].map((input) =>
        normalizeImageInput(input, "images.1"),
      ),
    );

    expect(results.map((result) => result.ok)).toEqual([false, false, false]);
  });

  it("accepts exactly 20 MiB and rejects one byte more", async () => {
    expect(maxInputImageBytes).toBe(20 * 1024 * 1024);
    const atLimit = new Uint8Array(maxInputImageBytes);
    atLimit.set(png);
    const overLimit = new Uint8Array(maxInputImageBytes + 1);
    overLimit.set(png);

    const accepted = await normalizeImageInput(atLimit, "images.0");
    const rejected = await normalizeImageInput(overLimit, "images.0");
    const rejectedBlob = await normalizeImageInput(new Blob([overLimit]), "images.0");

    expect(accepted.ok && accepted.url.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
    expect(rejected).toEqual({
      ok: false,
      issue: { path: "images.0", message: "is 20.1 MiB; input images may be at most 20 MiB" },
    });
    expect(rejectedBlob).toEqual(rejected);
  });

  it("rejects an over-size image given as base64 text", async () => {
    const overLimit = new Uint8Array(maxInputImageBytes + 3);
    overLimit.set(png);

    const result = await normalizeImageInput(encodeBase64(overLimit), "images.0");

    expect(result).toEqual({
      ok: false,
      issue: { path: "images.0", message: "is 20.1 MiB; input images may be at most 20 MiB" },
    });
  });

  it("refuses over-size base64 text for its size, told from its length before it is decoded", async () => {
    // Over 20 MiB of zero bytes, cut off mid-group as a truncated paste is: only a decode
    // would find that out.
    const cut = `iVBORw0KGgo${"A".repeat(Math.ceil((maxInputImageBytes + 3) / 3) * 4 - 12)}`;
    const wrapped = withLineBreaks(cut);
    const tooLarge = {
      ok: false,
      issue: { path: "images.0", message: "is 20.1 MiB; input images may be at most 20 MiB" },
    };

    expect(await normalizeImageInput(cut, "images.0")).toEqual(tooLarge);
    expect(await normalizeImageInput(wrapped, "images.0")).toEqual(tooLarge);
    expect(await normalizeImageInput(`data:image/png;base64,${wrapped}`, "images.0")).toEqual(
      tooLarge,
    );
  });

  it("does not count whitespace as base64: a small image padded past 20 MiB of text is accepted", async () => {
    const spaces = " ".repeat(maxInputImageBytes * 2);
    const padded = `${encodeBase64(png)}\n${spaces}`;

    expect(urlOf(await normalizeImageInput(padded, "images.0"))).toBe(pngURL);
    expect(urlOf(await normalizeImageInput(`data:image/png;base64,${padded}`, "images.0"))).toBe(
      pngURL,
    );
  });

  it("sends a well-formed image data URL unchanged", async () => {
    const large = new Uint8Array(8 * 1024 * 1024);
    large.set(png);
    const url = `data:image/png;base64,${encodeBase64(large)}`;

    expect(urlOf(await normalizeImageInput(url, "images.0"))).toBe(url);
    // Upper-case scheme and type: only the head is rewritten.
    const upper = `DATA:IMAGE/PNG;BASE64,${encodeBase64(png)}`;
    expect(urlOf(await normalizeImageInput(upper, "images.0"))).toBe(pngURL);
  });

  it("still refuses a data URL whose base64 breaks off late, or that is over 20 MiB", async () => {
    const broken = `${pngURL.slice(0, -4)}A=A=`;
    const overLimit = new Uint8Array(maxInputImageBytes + 3);
    overLimit.set(png);

    expect((await normalizeImageInput(broken, "images.0")).ok).toBe(false);
    expect(
      await normalizeImageInput(`data:image/png;base64,${encodeBase64(overLimit)}`, "images.0"),
    ).toEqual({
      ok: false,
      issue: { path: "images.0", message: "is 20.1 MiB; input images may be at most 20 MiB" },
    });
  });

  it.each([
    ["a Node stream (openai-node's fs.createReadStream)", () => Readable.from([png])],
    ["a ReadableStream", () => new Blob([png]).stream()],
    ["a fetch Response", () => new Response(png)],
  ])("rejects %s saying how to pass its bytes", async (_, make) => {
    // @ts-expect-error a stream is not an ImageInput
    const result = await normalizeImageInput(make(), "images.0");

    expect(result).toEqual({
      ok: false,
      issue: {
        path: "images.0",
        message:
          "is a stream or Response, which is not read for you: pass await new Response(stream).blob() (or response.blob()); a file on Node: imageFromFile(path) from @pictor/client/node",
      },
    });
  });

  it("rejects a value of another type at run time", async () => {
    // @ts-expect-error a number is not an ImageInput
    const result = await normalizeImageInput(42, "images.0");

    expect(result).toEqual({
      ok: false,
      issue: {
        path: "images.0",
        message:
          "must be a URL, data URL, base64 string, Uint8Array, ArrayBuffer, Blob or GeneratedImage",
      },
    });
  });
});

/** `base64` with a line break every 4 MiB and at its end, as a file of wrapped base64 has. */
function withLineBreaks(base64: string): string {
  const lines: string[] = [];
  for (let start = 0; start < base64.length; start += 4 * 1024 * 1024)
    lines.push(base64.slice(start, start + 4 * 1024 * 1024));
  return `${lines.join("\r\n")}\n`;
}

/** The first 32 bytes of a file: `head` as Latin-1 text, then zeros. */
function fileStart(head: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(32);
  for (let index = 0; index < head.length; index++) bytes[index] = head.charCodeAt(index);
  return bytes;
}
