import { describe, expect, it } from "vitest";
import { caught } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { useMockGateway } from "../__fixtures__/mock-gateway";
import { RequestValidationError } from "../core/errors";

const { gateway, client } = useMockGateway();

describe("images.generate", () => {
  it("returns decoded PNGs with sniffed media type, size, usage and the gateway's cost", async () => {
    const result = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cozy cabin",
      size: "2048x2048",
    });
    expect(result.images).toHaveLength(1);
    const [image] = result.images;
    expect(image?.mediaType).toBe("image/png");
    expect([image?.width, image?.height]).toEqual([2048, 2048]);
    expect((await image?.bytes())?.subarray(0, 4)).toEqual(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    );
    expect(result.cost).toEqual({ usd: 0.045, source: "gateway" });
    expect(result.requestId).toBe(gateway.calls[0]?.requestId);
    expect(result.warnings).toEqual([]);
  });

  it("fans out to make exactly n images when the model makes one per call", async () => {
    const result = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cozy cabin",
      n: 3,
      size: "1920x1920",
    });
    expect(result.images).toHaveLength(3);
    expect(gateway.calls.filter((call) => call.path.endsWith("/images/generations"))).toHaveLength(
      3,
    );
    expect(result.cost).toEqual({ usd: 0.135, source: "gateway" });
    expect(result.warnings.map((warning) => warning.type)).toEqual(["fan-out"]);
  });

  it("routes a seed through chat completions for a model that honours it only there", async () => {
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 42,
      n: 2,
    });
    expect(result.images).toHaveLength(2);
    expect(gateway.calls[0]?.path).toBe("/v1/chat/completions");
    expect(gateway.calls[0]?.body).toMatchObject({ image_config: { seed: 42, n: 2 } });
    expect(result.warnings.map((warning) => warning.type)).toContain("routed-through-chat");
  });

  it("takes service_tier along to chat, and refuses an option chat's image_config has no place for", async () => {
    await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 42,
      service_tier: "flex",
    });
    expect(gateway.calls[0]?.body).toMatchObject({
      service_tier: "flex",
      image_config: { seed: 42 },
    });

    const error = await caught(() =>
      client().images.generate({
        model: "alibaba/qwen-image-3.0",
        prompt: "A fox",
        seed: 42,
        style: "vivid",
      }),
    );
    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "style",
        message: expect.stringContaining("cannot go with seed on alibaba/qwen-image-3.0"),
      },
    ]);
    expect(gateway.calls).toHaveLength(1);
  });
});

describe("images of one response each own their bytes", () => {
  it("handing one image's buffer on (a transfer to a worker) leaves the others whole", async () => {
    // CogView makes n = 2 in one response, decoded while it streams in.
    const { images } = await client().images.generate({
      model: "zai/cogview-4",
      prompt: "Two foxes",
      n: 2,
      size: "512x512",
    });
    const [first, second] = await Promise.all(images.map((image) => image.bytes()));
    if (!first || !second || !images[1]) throw new Error("expected two images");
    expect(first.buffer).not.toBe(second.buffer);
    expect(first.buffer.byteLength).toBe(first.byteLength);
    const secondBytes = second.slice();

    structuredClone(first.buffer, { transfer: [first.buffer] });

    expect(await images[1].bytes()).toEqual(secondBytes);
    expect((await images[1].blob()).size).toBe(secondBytes.byteLength);
  });

  it("an image whose buffer was transferred away is refused as an input, and nothing is sent", async () => {
    const { images } = await client().images.generate({
      model: "zai/cogview-4",
      prompt: "A fox",
      size: "512x512",
    });
    const [image] = images;
    if (!image) throw new Error("expected an image");
    const bytes = await image.bytes();
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    const sent = gateway.calls.length;

    const error = await caught(() =>
      client().images.edit({ model: "openai/gpt-image-2", prompt: "Blue", images: [image] }),
    );

    if (!RequestValidationError.isInstance(error)) throw error;
    expect(error.issues).toEqual([
      {
        path: "images.0",
        message: expect.stringContaining("bytes are gone (its buffer was transferred)"),
      },
    ]);
    expect(gateway.calls).toHaveLength(sent);
  });
});

describe("images.edit output_format", () => {
  it("warns ignored-option when the images come back in another format", async () => {
    const result = await client().images.edit({
      model: "gemini-3-pro-image-preview",
      prompt: "watercolor",
      images: [await pngOf(8, 8, "edit input")],
      output_format: "jpeg",
    });
    expect(result.images[0]?.mediaType).toBe("image/png");
    expect(result.warnings).toContainEqual({
      type: "ignored-option",
      message: expect.stringContaining(
        'output_format "jpeg" was asked for, but gemini-3-pro-image-preview returned image/png',
      ),
    });
  });
});
