import { generateImage, generateText, streamText } from "ai";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, usePictorTestServer } from "../__fixtures__/pictor-test-server";
import { pictorCostOf } from "./pictor-cost-of";

const { gateway, provider, server } = usePictorTestServer();

describe("pictorCostOf", () => {
  it("reads each image's share of its call's cost, which add up to what the gateway charged", async () => {
    // The gateway charges $0.50 for the call that makes both images.
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const answer = await gateway.fetch(request);
        const body = (await answer.json()) as { usage: Record<string, unknown> };
        return HttpResponse.json({ ...body, usage: { ...body.usage, cost: 0.5 } });
      }),
    );
    const { images, providerMetadata } = await generateImage({
      model: provider().image("openai/gpt-image-2"),
      prompt: "A fox",
      n: 2,
    });

    expect(images.map((image) => pictorCostOf(image))).toEqual([
      { usd: 0.25, source: "gateway" },
      { usd: 0.25, source: "gateway" },
    ]);
    // The whole result's metadata is not an image's: no cost of its own there.
    expect(pictorCostOf({ providerMetadata })).toBeUndefined();
  });

  it("reads a chat result's cost, and is undefined when a stream failed before the gateway priced it", async () => {
    const result = await generateText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "A lighthouse",
    });
    expect(pictorCostOf(result)).toEqual({ usd: expect.any(Number), source: "gateway" });

    gateway.faults.enqueue({ type: "truncated_stream" });
    const failed = streamText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "A lighthouse",
      onError: () => {},
    });
    await failed.consumeStream();
    expect(pictorCostOf({ providerMetadata: await failed.providerMetadata })).toBeUndefined();
  });

  it("is undefined for metadata that is not Pictor's", () => {
    expect(pictorCostOf({})).toBeUndefined();
    expect(pictorCostOf({ providerMetadata: { openai: { cost: 1 } } })).toBeUndefined();
    expect(pictorCostOf({ providerMetadata: { pictor: { cost: { usd: "1" } } } })).toBeUndefined();
  });
});
