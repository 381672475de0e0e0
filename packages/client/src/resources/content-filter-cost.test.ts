import { usageCostUsd } from "@pictor/contract";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import {
  APIUserAbortError,
  ContentFilterError,
  IncompleteResultError,
  InternalServerError,
} from "../core/errors";

const { gateway, server, client } = useClientTestServer();

/**
 * Passes every gateway call through and records the cost each answer reported, in order: what
 * a filtered call was charged is the gateway's to say, and the client must pass it on as it was.
 */
function recordCosts(): (number | undefined)[] {
  const costs: (number | undefined)[] = [];
  server.use(
    http.post(`${baseURL}/*`, async ({ request }) => {
      const answer = await gateway.fetch(request);
      const text = await answer.text();
      if (request.headers.get("accept") !== "text/event-stream") {
        const usage = (JSON.parse(text) as { usage?: { cost?: number | null } }).usage;
        costs.push(usageCostUsd(usage?.cost));
      }
      return new HttpResponse(text, { status: answer.status, headers: answer.headers });
    }),
  );
  return costs;
}

// Gemini bills the prompt's tokens: a filtered request is not free there.
const gemini = { model: "gemini-3-pro-image-preview", prompt: "A fox in the snow" } as const;

describe("what a content-filtered request cost", () => {
  it("ContentFilterError carries the cost the gateway reported for the filtered call", async () => {
    const costs = recordCosts();
    gateway.faults.enqueue({ type: "content_filter" });

    const error = await caught(() => client().images.generate(gemini));

    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(costs).toHaveLength(1);
    expect(costs[0]).toBeGreaterThan(0);
    expect(error).toMatchObject({ cost: { usd: costs[0], source: "gateway" } });
  });

  it("so does one routed through chat completions (a seed)", async () => {
    // Qwen prices by image, so the mock bills a filtered call nothing: here the gateway bills it.
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const answer = (await (await gateway.fetch(request)).json()) as { usage: object };
        return HttpResponse.json({ ...answer, usage: { ...answer.usage, cost: 0.0031 } });
      }),
    );
    gateway.faults.enqueue({ type: "content_filter" });

    const error = await caught(() =>
      client().images.generate({ model: "alibaba/qwen-image-3.0", prompt: gemini.prompt, seed: 7 }),
    );

    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(error).toMatchObject({
      name: "ContentFilterError",
      cost: { usd: 0.0031, source: "gateway" },
    });
  });

  it("a fan-out's cost counts the filtered call too, which result.errors holds with its own", async () => {
    const costs = recordCosts();
    gateway.faults.enqueue({ type: "content_filter" });

    const result = await client().images.generate(
      { ...gemini, n: 2 },
      { partialResults: "return", maxConcurrency: 1 },
    );

    expect(result.images).toHaveLength(1);
    expect(costs).toHaveLength(2);
    const [filtered = 0, made = 0] = costs.map((cost) => cost ?? 0);
    expect(filtered).toBeGreaterThan(0);
    expect(result.cost?.usd).toBeCloseTo(filtered + made, 8);
    expect(result.errors).toMatchObject([
      { name: "ContentFilterError", cost: { usd: filtered, source: "gateway" } },
    ]);
    // Both calls were paid for: the image's first, then the filtered one's.
    const [filteredCall, madeCall] = gateway.calls;
    expect(result.requestIds).toEqual([madeCall?.requestId, filteredCall?.requestId]);
    expect(result.requestId).toBe(madeCall?.requestId);
  });

  it("when every call of a fan-out is filtered, the error's cost is what all of them cost", async () => {
    const costs = recordCosts();
    gateway.faults.enqueue({ type: "content_filter" }, { type: "content_filter" });

    // Both in flight at once (the first failure stops only calls not yet started).
    const error = await caught(() => client().images.generate({ ...gemini, n: 2 }));

    expect(costs).toHaveLength(2);
    const [first = 0, second = 0] = costs.map((cost) => cost ?? 0);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    if (!ContentFilterError.isInstance(error)) throw error;
    expect(error.cost?.source).toBe("gateway");
    expect(error.cost?.usd).toBeCloseTo(first + second, 8);
    // Each call billed is one to quote to support, not the first alone.
    const ids = gateway.calls.map((call) => call.requestId);
    expect([...error.requestIds].sort()).toEqual([...ids].sort());
    expect(ids).toContain(error.requestId);
    expect(error.requestIds[0]).toBe(error.requestId);
  });

  it("a single filtered call's error has its one request id in requestIds", async () => {
    gateway.faults.enqueue({ type: "content_filter" });

    const error = await caught(() => client().images.generate(gemini));

    if (!ContentFilterError.isInstance(error)) throw error;
    expect(error.requestId).toBe(gateway.calls[0]?.requestId);
    expect(error.requestIds).toEqual([error.requestId]);
  });

  it.each([
    ["filtered first", [{ type: "content_filter" }, { type: "server_error", status: 500 }]],
    ["failed first", [{ type: "server_error", status: 500 }, { type: "content_filter" }]],
  ] as const)(
    "when one call of a fan-out is filtered and billed and the other fails (%s), the IncompleteResultError keeps what the filtered call cost",
    async (_, faults) => {
      const costs = recordCosts();
      gateway.faults.enqueue(...faults);

      // Both in flight at once, in the order the faults were queued.
      const error = await caught(() =>
        client().images.generate({ ...gemini, n: 2 }, { maxRetries: 0 }),
      );

      if (!IncompleteResultError.isInstance(error)) throw error;
      const filtered = costs.find((cost) => cost !== undefined) ?? 0;
      expect(filtered).toBeGreaterThan(0);
      expect(error.partialResult.images).toEqual([]);
      expect(error.partialResult.cost).toEqual({ usd: filtered, source: "gateway" });
      // The call that cost it is the one to quote to support.
      const billed = gateway.calls.find((call) => call.fault === "content_filter")?.requestId;
      expect(billed).toBeDefined();
      expect(error.partialResult.requestIds).toEqual([billed]);
      expect(error.partialResult.requestId).toBe(billed);
      expect(error.errors).toHaveLength(2);
      expect(error.errors.some(ContentFilterError.isInstance)).toBe(true);
      expect(error.errors.some(InternalServerError.isInstance)).toBe(true);
    },
  );

  it("a fan-out whose calls all fail unbilled throws the first failure itself", async () => {
    gateway.faults.enqueue(
      { type: "server_error", status: 500 },
      { type: "server_error", status: 500 },
    );

    const error = await caught(() =>
      client().images.generate({ ...gemini, n: 2 }, { maxRetries: 0 }),
    );

    expect(InternalServerError.isInstance(error)).toBe(true);
  });

  it("an abort after a filtered, billed call (and no image) keeps that cost on partialResult", async () => {
    const costs = recordCosts();
    // The first call is filtered at once; the second hangs until the caller gives up.
    gateway.faults.enqueue({ type: "content_filter" }, { type: "latency", ms: 20_000 });
    const controller = new AbortController();
    let answers = 0;
    const abortAfterFirst = () => {
      if (++answers === 1) setTimeout(() => controller.abort(), 300);
    };

    const error = await caught(() =>
      client().images.generate(
        { ...gemini, n: 2 },
        {
          maxConcurrency: 1,
          partialResults: "return",
          signal: controller.signal,
          onResponse: abortAfterFirst,
        },
      ),
    );

    if (!APIUserAbortError.isInstance(error)) throw error;
    const [filtered = 0] = costs.map((cost) => cost ?? 0);
    expect(filtered).toBeGreaterThan(0);
    expect(error.partialResult?.images).toEqual([]);
    expect(error.partialResult?.cost).toEqual({ usd: filtered, source: "gateway" });
    expect(error.partialResult?.errors.some(ContentFilterError.isInstance)).toBe(true);
    const [billed] = gateway.calls;
    expect(billed?.fault).toBe("content_filter");
    expect(error.partialResult?.requestIds).toEqual([billed?.requestId]);
    expect(error.partialResult?.requestId).toBe(billed?.requestId);
  });

  it("a stream's finalMessage() says what the filtered turn cost", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const stream = await client().chat.completions.create({
      model: gemini.model,
      messages: [{ role: "user", content: gemini.prompt }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usageCost: number | undefined;
    for await (const chunk of stream) if (chunk.usage) usageCost = usageCostUsd(chunk.usage.cost);

    const error = await caught(() => stream.finalMessage());

    expect(usageCost).toBeGreaterThan(0);
    expect(error).toMatchObject({
      name: "ContentFilterError",
      cost: { usd: usageCost, source: "gateway" },
    });
  });

  it("so does chat.completions.imagesOf() of a filtered completion", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const pictor = client();
    const completion = await pictor.chat.completions.create({
      model: gemini.model,
      messages: [{ role: "user", content: gemini.prompt }],
    });

    const error = await caught(() => pictor.chat.completions.imagesOf(completion));

    const usd = usageCostUsd(completion.usage?.cost);
    expect(usd).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: "ContentFilterError", cost: { usd, source: "gateway" } });
  });

  it("is undefined when the gateway sent no cost, not a made-up zero", async () => {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json({ created: 1_760_000_000, data: [] }),
      ),
    );

    const error = await caught(() => client().images.generate(gemini));

    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ cost: undefined });
  });
});
