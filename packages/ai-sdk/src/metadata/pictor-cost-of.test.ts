import { generateImage, generateText, NoImageGeneratedError, streamText } from "ai";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, usePictorTestServer } from "../__fixtures__/pictor-test-server";
import { pictorCostOf } from "./pictor-cost-of";

const { gateway, provider, server } = usePictorTestServer();

/** Serves `path` through the mock gateway, each `"cost":<number>` of its body made `cost`. */
function costAs(path: string, cost: unknown): void {
  server.use(
    http.post(`${baseURL}${path}`, async ({ request }) => {
      const answer = await gateway.fetch(request);
      const text = await answer.text();
      expect(text).toMatch(/"cost":[\d.]+/);
      const changed = text.replace(/"cost":[\d.]+/g, `"cost":${JSON.stringify(cost)}`);
      const headers = new Headers(answer.headers);
      headers.delete("content-length");
      return new HttpResponse(changed, { status: answer.status, headers });
    }),
  );
}

/** Two images of GPT Image 2, made in one call, through `generateImage`. */
function twoFoxes() {
  return generateImage({ model: provider().image("openai/gpt-image-2"), prompt: "A fox", n: 2 });
}

describe("pictorCostOf", () => {
  it("reads each image's share of its call's cost, which add up to what the gateway charged", async () => {
    // The gateway charges $0.50 for the call that makes both images.
    costAs("/images/generations", 0.5);
    const result = await twoFoxes();

    expect(result.images.map((image) => pictorCostOf(image))).toEqual([
      { usd: 0.25, source: "gateway" },
      { usd: 0.25, source: "gateway" },
    ]);
    // The call that made them carries the whole charge.
    expect(result.calls.map((call) => pictorCostOf(call))).toEqual([
      { usd: 0.5, source: "gateway" },
    ]);
    // The whole result: what its calls cost together.
    expect(pictorCostOf(result)).toEqual({ usd: 0.5, source: "gateway" });
  });

  it("adds up a whole generateImage result's calls; one estimated makes the sum an estimate", async () => {
    // Seedream makes one image per call: three calls, the second with no cost from the gateway.
    let call = 0;
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const answer = await gateway.fetch(request);
        const text = await answer.text();
        const headers = new Headers(answer.headers);
        headers.delete("content-length");
        const cost = ++call === 2 ? "" : '"cost":0.05,';
        return new HttpResponse(text.replace(/"cost":[\d.]+,?/, cost), { headers });
      }),
    );
    const result = await generateImage({
      model: provider().image("bytedance/seedream-4-5"),
      prompt: "A fox",
      n: 3,
    });

    const calls = result.calls.map((part) => pictorCostOf(part));
    expect(calls.map((cost) => cost?.source).sort()).toEqual(["estimate", "gateway", "gateway"]);
    const total = pictorCostOf(result);
    expect(total?.source).toBe("estimate");
    expect(total?.usd).toBeCloseTo(
      calls.reduce((sum, cost) => sum + (cost?.usd ?? 0), 0),
      10,
    );
    // A call without any Pictor cost (not Pictor's, or unpriced) leaves the total unknown.
    expect(pictorCostOf({ calls: [...result.calls, { providerMetadata: {} }] })).toBeUndefined();
  });

  it("reads a chat result's cost, and is undefined when a stream failed before the gateway priced it", async () => {
    const result = await generateText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "A lighthouse",
    });
    expect(pictorCostOf(result.finalStep)).toEqual({ usd: expect.any(Number), source: "gateway" });
    // The whole result: its steps' costs (its own providerMetadata is deprecated in ai@7).
    expect(pictorCostOf(result)).toEqual(pictorCostOf(result.finalStep));

    gateway.faults.enqueue({ type: "truncated_stream" });
    const failed = streamText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "A lighthouse",
      onError: () => {},
    });
    await failed.consumeStream();
    expect(pictorCostOf(await failed.finalStep)).toBeUndefined();
  });

  it("counts what a content-filtered call was charged (Gemini bills the prompt), in the total and in NoImageGeneratedError", async () => {
    // Every answer, the filtered one too, says it cost $0.02.
    costAs("/images/generations", 0.02);
    gateway.faults.enqueue({ type: "content_filter" });
    const result = await generateImage({
      model: provider().image("gemini-3-pro-image"),
      prompt: "A fox",
      n: 2,
    });
    expect(result.images).toHaveLength(1);
    expect(result.calls.map((call) => pictorCostOf(call))).toEqual([
      { usd: 0.02, source: "gateway" },
      { usd: 0.02, source: "gateway" },
    ]);
    expect(pictorCostOf(result)).toEqual({ usd: 0.04, source: "gateway" });

    gateway.faults.enqueue({ type: "content_filter" });
    const error = await caught(() =>
      generateImage({ model: provider().image("gemini-3-pro-image"), prompt: "A fox" }),
    );
    expect(NoImageGeneratedError.isInstance(error)).toBe(true);
    if (!NoImageGeneratedError.isInstance(error)) return;
    expect(pictorCostOf(error)).toEqual({ usd: 0.02, source: "gateway" });
  });

  it("is undefined for metadata that is not Pictor's", () => {
    expect(pictorCostOf({})).toBeUndefined();
    expect(pictorCostOf({ providerMetadata: { openai: { cost: 1 } } })).toBeUndefined();
    expect(pictorCostOf({ providerMetadata: { pictor: { cost: { usd: "1" } } } })).toBeUndefined();
  });
});

describe("pictorCostOf when the gateway sends usage.cost as an object (llmgateway-ai-sdk-provider#15)", () => {
  const withTotal = { total_cost: 0.5, input_cost: 0.01, image_output_cost: 0.49 };
  const withoutTotal = { input_cost: 0.01, image_output_cost: 0.49 };

  it("generateImage reports the object's total_cost, shared between the images", async () => {
    costAs("/images/generations", withTotal);
    const { images } = await twoFoxes();
    expect(images.map((image) => pictorCostOf(image))).toEqual([
      { usd: 0.25, source: "gateway" },
      { usd: 0.25, source: "gateway" },
    ]);
  });

  it("generateImage with an object without a total returns the images with an estimated cost", async () => {
    costAs("/images/generations", withoutTotal);
    const { images } = await twoFoxes();
    expect(images).toHaveLength(2);
    for (const image of images)
      expect(pictorCostOf(image)).toEqual({ usd: expect.any(Number), source: "estimate" });
  });

  it("generateText reports the object's total_cost and keeps the usage as sent", async () => {
    costAs("/chat/completions", withTotal);
    const result = await generateText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "A lighthouse",
    });
    expect(result.files).toHaveLength(1);
    expect(pictorCostOf(result.finalStep)).toEqual({ usd: 0.5, source: "gateway" });
    expect(result.finalStep.providerMetadata?.pictor?.usage).toMatchObject({ cost: withTotal });
  });

  it("streamText reports the total_cost of the last chunk's usage, else an estimate", async () => {
    /** The files and the cost of one streamed answer. */
    const streamed = async () => {
      const result = streamText({
        model: provider().chat("gemini-3.1-flash-image"),
        prompt: "A lighthouse",
      });
      await result.consumeStream();
      return {
        files: (await result.files).length,
        cost: pictorCostOf(await result.finalStep),
      };
    };
    costAs("/chat/completions", withTotal);
    expect(await streamed()).toEqual({ files: 1, cost: { usd: 0.5, source: "gateway" } });
    costAs("/chat/completions", withoutTotal);
    expect(await streamed()).toEqual({
      files: 1,
      cost: { usd: expect.any(Number), source: "estimate" },
    });
  });
});
