import { encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { jpegOf, notAnImage, pngOf } from "../__fixtures__/image-bytes";
import { APIUserAbortError, RequestValidationError, type ValidationIssue } from "../core/errors";
import { maxInputImageBytes } from "../core/image-input";

// Object URLs made as a page makes them (`URL.createObjectURL`, what @pictor/react's
// `images[i].url` is): Node 20+ reads them with its global fetch, as browsers do.
const { gateway, client } = useClientTestServer();
const model = "gemini-3-pro-image-preview";
const png = await pngOf(24, 16);

/** An object URL of `bytes`, as `URL.createObjectURL` makes it for a page. */
function objectUrlOf(bytes: Uint8Array<ArrayBuffer>, type = ""): string {
  return URL.createObjectURL(new Blob([bytes], { type }));
}

/** An object URL that no longer names anything: made, then revoked. */
function revokedObjectUrl(): string {
  const url = objectUrlOf(png);
  URL.revokeObjectURL(url);
  return url;
}

function sentImageURLs(): unknown[] {
  const body = gateway.calls[0]?.body as { images?: { image_url: unknown }[] } | undefined;
  return (body?.images ?? []).map((image) => image.image_url);
}

function issuesOf(error: unknown): readonly ValidationIssue[] {
  if (!RequestValidationError.isInstance(error)) throw error;
  return error.issues;
}

/** What the refusal of an object URL that cannot be read says. */
const unreadable = expect.stringMatching(
  /object URL \(blob:\) that could not be read: it was revoked .* or belongs to another document; pass the image itself: shown\.image in @pictor\/react, a GeneratedImage, or its bytes/,
);

describe("images.edit: an object URL (blob:) as an input", () => {
  it("reads it and sends its bytes as a data URL, as for the Blob it names", async () => {
    const url = objectUrlOf(png, "image/png");

    await client().images.edit({ model, prompt: "x", images: [url] });

    expect(sentImageURLs()).toEqual([`data:image/png;base64,${encodeBase64(png)}`]);
    URL.revokeObjectURL(url);
  });

  it("sniffs the media type from the bytes, not the Blob's type, and takes a URL object too", async () => {
    const jpeg = jpegOf(20, 10);
    const url = objectUrlOf(jpeg, "image/png");

    await client().images.edit({ model, prompt: "x", images: [new URL(url)] });

    expect(sentImageURLs()).toEqual([`data:image/jpeg;base64,${encodeBase64(jpeg)}`]);
    URL.revokeObjectURL(url);
  });

  it("reads it with the global fetch, never the client's (a proxy's, or one that adds a key)", async () => {
    const asked: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      asked.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    };
    const url = objectUrlOf(png);

    await client({ fetch }).images.edit({ model, prompt: "x", images: [url] });

    expect(asked.some((seen) => seen.startsWith("blob:"))).toBe(false);
    expect(gateway.calls).toHaveLength(1);
    URL.revokeObjectURL(url);
  });

  it.each([
    ["revoked", revokedObjectUrl],
    // Made by another page (another document): this one cannot read it.
    [
      "of another document",
      () => "blob:http://localhost:3000/5b8f0c9e-7d4c-4c1e-9f51-2a0f3b7e9d11",
    ],
  ])("one %s is a RequestValidationError naming the input, and nothing is sent", async (_, url) => {
    const error = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [png, url()] }),
    );

    expect(issuesOf(error)).toEqual([{ path: "images.1", message: unreadable }]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("rejects with APIUserAbortError when the call's signal has aborted, not as an unreadable URL", async () => {
    const url = objectUrlOf(png);
    const controller = new AbortController();
    controller.abort();

    const error = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [url] }, { signal: controller.signal }),
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
    URL.revokeObjectURL(url);
  });

  it("refuses one of bytes that are no image, naming the input", async () => {
    const url = objectUrlOf(notAnImage, "image/png");

    const error = await caught(() => client().images.edit({ model, prompt: "x", images: [url] }));

    expect(issuesOf(error)).toEqual([
      {
        path: "images.0",
        message:
          "is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
    URL.revokeObjectURL(url);
  });

  it("refuses one over the input size limit, as a Blob that large is", async () => {
    const large = new Uint8Array(maxInputImageBytes + 1024 * 1024);
    large.set(png);
    const url = objectUrlOf(large);

    const error = await caught(() => client().images.edit({ model, prompt: "x", images: [url] }));

    expect(issuesOf(error)).toEqual([
      { path: "images.0", message: "is 21.0 MiB; input images may be at most 20 MiB" },
    ]);
    expect(gateway.calls).toHaveLength(0);
    URL.revokeObjectURL(url);
  });
});

describe("chat: an object URL (blob:) in an image_url part", () => {
  const ask = (url: string) =>
    client().chat.completions.create({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url } },
            { type: "text", text: "as a watercolor" },
          ],
        },
      ],
    });

  it("is read and sent as a data URL", async () => {
    const url = objectUrlOf(png);

    await ask(url);

    expect(gateway.calls[0]?.body).toMatchObject({
      messages: [
        {
          content: [
            { image_url: { url: `data:image/png;base64,${encodeBase64(png)}` } },
            { type: "text" },
          ],
        },
      ],
    });
    URL.revokeObjectURL(url);
  });

  it("is refused by its path once revoked, and nothing is sent", async () => {
    const error = await caught(() => ask(revokedObjectUrl()));

    expect(issuesOf(error)).toEqual([
      { path: "messages.0.content.0.image_url.url", message: unreadable },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });
});
