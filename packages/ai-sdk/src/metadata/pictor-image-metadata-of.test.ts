import { readImageHeader } from "@pictor/contract";
import { generateImage } from "ai";
import { describe, expect, it } from "vitest";
import { usePictorTestServer } from "../__fixtures__/pictor-test-server";
import { pictorImageMetadataOf } from "./pictor-image-metadata-of";

const { gateway, provider } = usePictorTestServer();

describe("pictorImageMetadataOf", () => {
  it("reads each image's size, media type, revised prompt, cost share and request id", async () => {
    const result = await generateImage({
      model: provider().image("bytedance/seedream-4-5"),
      prompt: "A cozy cabin",
      n: 2,
      size: "2048x2048",
    });

    const { images } = result;
    const metadata = images.map((image) => pictorImageMetadataOf(image));
    const requestIds = gateway.calls.map((call) => call.requestId).sort();
    expect(metadata.map((entry) => entry?.requestId).sort()).toEqual(requestIds);
    for (const [index, entry] of metadata.entries()) {
      const header = readImageHeader(images[index]?.uint8Array ?? new Uint8Array());
      expect(entry).toEqual({
        mediaType: header?.mediaType,
        width: header?.width,
        height: header?.height,
        revisedPrompt: "A cozy cabin",
        cost: { usd: expect.any(Number), source: "gateway" },
        requestId: expect.any(String),
      });
    }
    // The whole result is not an image.
    expect(pictorImageMetadataOf(result)).toBeUndefined();
  });

  it("is undefined for metadata that is not Pictor's, and fills what is missing with null", () => {
    expect(pictorImageMetadataOf({})).toBeUndefined();
    expect(pictorImageMetadataOf({ providerMetadata: { openai: { width: 1 } } })).toBeUndefined();
    expect(
      pictorImageMetadataOf({ providerMetadata: { pictor: { mediaType: "image/png", width: 1 } } }),
    ).toBeUndefined();
    expect(
      pictorImageMetadataOf({
        providerMetadata: { pictor: { mediaType: "image/png", width: 2, height: 3 } },
      }),
    ).toEqual({
      mediaType: "image/png",
      width: 2,
      height: 3,
      revisedPrompt: null,
      cost: null,
      requestId: null,
    });
  });
});
