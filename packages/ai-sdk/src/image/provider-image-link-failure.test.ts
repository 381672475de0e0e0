// generateImage through chat against a gateway that answers with a provider's https image link
// (Qwen with a seed), the link failing to download: the call was made and paid for.
import { generateImage, NoImageGeneratedError } from "ai";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, usePictorTestServer } from "../__fixtures__/pictor-test-server";
import { pictorCostOf } from "../metadata/pictor-cost-of";

const { gateway, provider, server } = usePictorTestServer({ providerImageUrls: true });

/** The provider's links answer 404 from now on, as an expired one does. */
function expireLinks(): void {
  server.use(
    http.get(`${new URL(baseURL).origin}/provider-images/*`, () =>
      HttpResponse.text("expired", { status: 404 }),
    ),
  );
}

describe("generateImage whose provider image link cannot be downloaded", () => {
  it("is NoImageGeneratedError after one call, its call keeping the cost, the request id and the link", async () => {
    expireLinks();
    const error = await caught(() =>
      generateImage({
        model: provider().image("alibaba/qwen-image-3.0"),
        prompt: "A fox",
        seed: 7,
      }),
    );
    // Generating again would pay again: not retried.
    expect(gateway.calls.map((call) => [call.path, call.status])).toEqual([
      ["/v1/chat/completions", 200],
    ]);
    if (!NoImageGeneratedError.isInstance(error)) throw error;
    const call = error.calls?.[0];
    expect(call?.providerMetadata?.pictor).toMatchObject({
      images: [],
      contentFilter: false,
      cost: { usd: expect.any(Number), source: expect.any(String) },
      requestId: gateway.calls[0]?.requestId,
    });
    expect(pictorCostOf(error)?.usd).toBeGreaterThan(0);
    // The link, to fetch while it lasts, and why it failed.
    expect(call?.warnings).toEqual([
      {
        type: "other",
        message: expect.stringMatching(/https:\/\/gateway\.test\/provider-images\/\S+.*404/),
      },
    ]);
  });

  it("keeps the images of the generateImage's other calls, and counts the failed call's cost", async () => {
    let downloads = 0;
    server.use(
      // The first link fails; the second call's is served by the gateway.
      http.get(`${new URL(baseURL).origin}/provider-images/*`, async ({ request }) =>
        ++downloads === 1
          ? HttpResponse.text("expired", { status: 404 })
          : await gateway.fetch(request),
      ),
    );
    const result = await generateImage({
      model: provider().image("alibaba/qwen-image-3.0"),
      prompt: "A fox",
      seed: 7,
      n: 2,
      maxImagesPerCall: 1,
    });
    expect(result.images).toHaveLength(1);
    expect(gateway.calls.map((call) => call.path)).toEqual([
      "/v1/chat/completions",
      "/v1/chat/completions",
    ]);
    // Both calls were paid for: each has its cost, so the result's total counts the failed one.
    const costs = result.calls.map((call) => pictorCostOf(call)?.usd ?? 0);
    expect(costs).toHaveLength(2);
    for (const usd of costs) expect(usd).toBeGreaterThan(0);
    expect(result.calls.map((call) => call.providerMetadata?.pictor)).toContainEqual(
      expect.objectContaining({ images: [], contentFilter: false }),
    );
    expect(pictorCostOf(result)?.usd).toBeGreaterThan(0);
  });
});
