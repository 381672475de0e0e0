import { describe, expect, it } from "vitest";
import {
  browserPost,
  errorOf,
  serverKey,
  upstreamURL,
  useUpstreamGateway,
} from "./__fixtures__/handler-fixtures";
import { bmpHeader, dataUrl, heifHeader, tiffHeader } from "./__fixtures__/image-headers";
import { createPictorHandler, type PictorCall } from "./index";

const { gateway } = useUpstreamGateway();

/** An edit of `url` with Qwen Image 3.0, which makes an edit without size at its input's size (up to 4,194,304 pixels). */
const editOf = (url: string) =>
  browserPost("/images/edits", {
    model: "alibaba/qwen-image-3.0",
    prompt: "bluer",
    images: [{ image_url: url }],
  });

describe("maxPixels reads the size of BMP, TIFF, HEIC and AVIF inputs", () => {
  const handler = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstreamURL,
    policy: { maxPixels: 1024 * 1024 },
  });

  it.each([
    ["a BMP (BITMAPINFOHEADER)", dataUrl("image/bmp", bmpHeader(2000, 1500))],
    ["a top-down BMP (negative height)", dataUrl("image/bmp", bmpHeader(2000, -1500))],
    ["a BMP with a BITMAPV5HEADER", dataUrl("image/bmp", bmpHeader(2000, 1500, 124))],
    ["an OS/2 BMP (BITMAPCOREHEADER)", dataUrl("image/bmp", bmpHeader(2000, 1500, 12))],
    [
      "a little-endian TIFF (SHORT)",
      dataUrl("image/tiff", tiffHeader([{ width: 2000, height: 1500 }])),
    ],
    [
      "a big-endian TIFF (LONG)",
      dataUrl(
        "image/tiff",
        tiffHeader([{ width: 2000, height: 1500, type: 4 }], { littleEndian: false }),
      ),
    ],
    [
      "a TIFF whose directory comes after 300 kB of pixels",
      dataUrl("image/tiff", tiffHeader([{ width: 2000, height: 1500 }], { before: 300_000 })),
    ],
    [
      "a TIFF whose first page is a 100x75 thumbnail",
      dataUrl(
        "image/tiff",
        tiffHeader([
          { width: 100, height: 75 },
          { width: 2000, height: 1500 },
        ]),
      ),
    ],
    ["a HEIC", dataUrl("image/heic", heifHeader("heic", [{ width: 2000, height: 1500 }]))],
    [
      "a HEIC whose first ispe is a 64x64 thumbnail",
      dataUrl(
        "image/heic",
        heifHeader("heic", [
          { width: 64, height: 64 },
          { width: 2000, height: 1500 },
        ]),
      ),
    ],
    ["an AVIF", dataUrl("image/avif", heifHeader("avif", [{ width: 2000, height: 1500 }]))],
  ])("counts %s at its own size, not the model's default", async (_name, url) => {
    const response = await handler(editOf(url));

    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`${2000 * 1500} pixels`),
      code: "max_pixels_exceeded",
    });
    expect(gateway.calls).toEqual([]);
  });

  it.each([
    ["a BMP cut inside its header", dataUrl("image/bmp", bmpHeader(2000, 1500).slice(0, 20))],
    [
      "a TIFF whose directory points past its end",
      dataUrl("image/tiff", tiffHeader([{ width: 2000, height: 1500 }]).slice(0, 12)),
    ],
    ["a HEIC without ispe", dataUrl("image/heic", heifHeader("heic", []))],
  ])("counts %s at the model's default size, as any unreadable input", async (_name, url) => {
    const counted: (number | undefined)[] = [];
    const observed = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {
        rateLimit: (_request, call: PictorCall) => {
          counted.push(call.pixels);
          return { retryAfterSeconds: 1 };
        },
      },
    });

    const response = await observed(editOf(url));

    expect(response.status).toBe(429);
    expect(counted).toEqual([1024 * 1024]);
  });
});
