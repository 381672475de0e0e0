import { inspect } from "node:util";
import vm from "node:vm";
import { decodeBase64, encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { gifOf, jpegOf, notAnImage, pngOf, webpOf } from "../__fixtures__/image-bytes";
import { GeneratedImage } from "./generated-image";

const png = await pngOf(120, 80, "generated image");

describe("GeneratedImage", () => {
  it("reads media type and pixel size from the bytes", () => {
    const image = new GeneratedImage(png, { revisedPrompt: "A cabin at dusk" });

    expect(image.mediaType).toBe("image/png");
    expect([image.width, image.height]).toEqual([120, 80]);
    expect(image.revisedPrompt).toBe("A cabin at dusk");
    expect(new GeneratedImage(png).revisedPrompt).toBeUndefined();
  });

  it.each([
    ["JPEG", () => jpegOf(640, 360), "image/jpeg", [640, 360]],
    ["GIF", () => gifOf(7, 9), "image/gif", [7, 9]],
    ["WebP", () => webpOf(1000, 1), "image/webp", [1000, 1]],
  ] as const)("sniffs %s", (_, bytes, mediaType, size) => {
    const image = new GeneratedImage(bytes());

    expect(image.mediaType).toBe(mediaType);
    expect([image.width, image.height]).toEqual(size);
    expect(image.dataURL.startsWith(`data:${mediaType};base64,`)).toBe(true);
  });

  it("round-trips its bytes through base64", () => {
    const image = new GeneratedImage(png);

    expect(image.base64).toBe(encodeBase64(png));
    expect(decodeBase64(image.base64)).toEqual(png);
    expect(image.base64).toBe(image.base64);
  });

  it("makes a data URL with its media type", () => {
    const image = new GeneratedImage(png);

    expect(image.dataURL).toBe(`data:image/png;base64,${encodeBase64(png)}`);
    expect(image.dataURL.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
  });

  it("gives a Blob of its media type and size holding its bytes", async () => {
    const blob = await new GeneratedImage(png).blob();

    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe("image/png");
    expect(blob.size).toBe(png.byteLength);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
  });

  it("gives its bytes (the same buffer each time)", async () => {
    const image = new GeneratedImage(png);
    const bytes = await image.bytes();

    expect(bytes).toEqual(png);
    expect(await image.bytes()).toBe(bytes);
  });

  it("gives bytes that Response and crypto.subtle take, even when built from shared memory", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(png.byteLength));
    shared.set(png);
    const bytes = await new GeneratedImage(shared).bytes();

    expect(Object.prototype.toString.call(bytes.buffer)).toBe("[object ArrayBuffer]");
    expect(new Uint8Array(await new Response(bytes).arrayBuffer())).toEqual(png);
    expect((await crypto.subtle.digest("SHA-256", bytes)).byteLength).toBe(32);
  });

  it("keeps bytes of an ArrayBuffer as they are, without a copy", async () => {
    expect(await new GeneratedImage(png).bytes()).toBe(png);
  });

  // A node:vm context, an iframe or Jest's sandbox has a Uint8Array of its own: a Buffer read
  // from a file in a Jest test is not `instanceof` the Uint8Array of the code under test.
  it("takes bytes made in another realm, which fail instanceof here", async () => {
    const bytes = vm.runInContext(`new Uint8Array(${png.length})`, vm.createContext({}));
    bytes.set(png);
    expect(bytes instanceof Uint8Array).toBe(false);

    const image = new GeneratedImage(bytes);

    expect([image.mediaType, image.width, image.height]).toEqual(["image/png", 120, 80]);
    expect(image.base64).toBe(encodeBase64(png));
    expect(new Uint8Array(await (await image.blob()).arrayBuffer())).toEqual(png);
  });

  // Untyped code (or a cast) may hand in another view of the bytes: read byte by byte, a
  // Uint16Array's elements would be a refused or misread image.
  it("takes the bytes of a Uint16Array or a DataView at an offset into a larger buffer", async () => {
    const buffer = new ArrayBuffer(8 + png.length + 1);
    const inBuffer = new Uint8Array(buffer, 8, png.length);
    inBuffer.set(png);
    const views = [
      new DataView(buffer, 8, png.length),
      // A whole number of 2-byte elements: one byte after the PNG's end, which a PNG reader ignores.
      new Uint16Array(buffer, 8, Math.ceil(png.length / 2)),
    ];

    for (const view of views) {
      const image = new GeneratedImage(view as unknown as Uint8Array);
      const viewed = new Uint8Array(buffer, 8, view.byteLength);

      expect([image.mediaType, image.width, image.height]).toEqual(["image/png", 120, 80]);
      expect(await image.bytes()).toEqual(viewed);
      expect(image.base64).toBe(encodeBase64(viewed));
      expect(new Uint8Array(await (await image.blob()).arrayBuffer())).toEqual(viewed);
      expect(image.toJSON().bytes).toBe(view.byteLength);
    }
  });

  it("never puts the base64 into JSON or inspect output", () => {
    const image = new GeneratedImage(png, { revisedPrompt: "A cabin" });
    const base64 = image.base64; // computed and cached: still not serialised
    const fragment = base64.slice(100, 140);

    expect(image.toJSON()).toEqual({
      mediaType: "image/png",
      width: 120,
      height: 80,
      bytes: png.byteLength,
    });
    const json = JSON.stringify({ image });
    expect(JSON.parse(json)).toEqual({
      image: { mediaType: "image/png", width: 120, height: 80, bytes: png.byteLength },
    });
    expect(json).not.toContain(fragment);
    expect(inspect(image, { depth: 5 })).not.toContain(fragment);
  });

  it("refuses bytes that are not an image", () => {
    expect(() => new GeneratedImage(notAnImage)).toThrow(
      new TypeError("the bytes are not a PNG, JPEG, WebP or GIF image"),
    );
    expect(() => new GeneratedImage(new Uint8Array(0))).toThrow(TypeError);
    // A PNG cut inside its header has no size to read.
    expect(() => new GeneratedImage(png.subarray(0, 20))).toThrow(TypeError);
  });
});
