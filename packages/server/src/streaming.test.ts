import { createMockGateway } from "@pictor/mock";
import { listen, type MockServer } from "@pictor/mock/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type GatedGateway, gateGateway } from "./__fixtures__/gated-gateway";
import { browserPost, errorOf, mountURL, serverKey } from "./__fixtures__/handler-fixtures";
import { createPictorHandler, type PictorHandler } from "./index";

// The gateway runs over real HTTP here (no msw), so what the handler streams is what a socket carries.
let upstream: MockServer<GatedGateway> | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

const streamingChat = {
  model: "gemini-3.1-flash-image",
  stream: true,
  messages: [{ role: "user", content: "a fox in the snow" }],
};

async function start(options: { latencyMs?: number; timeout?: number } = {}) {
  const { timeout, ...gatewayOptions } = options;
  const gateway = createMockGateway({ apiKeys: [serverKey], ...gatewayOptions });
  const gated = gateGateway(gateway);
  upstream = await listen({ port: 0, gateway: gated });
  const handler: PictorHandler = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstream.url,
    policy: {},
    timeout,
  });
  return { gateway, gated, handler };
}

describe("SSE pass-through", () => {
  it("delivers the first event before the gateway's stream has ended", async () => {
    const { gated, handler } = await start();

    const response = await handler(browserPost("/chat/completions", streamingChat));
    const reader = response.body?.getReader();
    const first = await reader?.read();

    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(new TextDecoder().decode(first?.value)).toMatch(/^data: .*"role":"assistant"/);
    expect(gated.finished).toBe(false);

    gated.open();
    let rest = "";
    const decoder = new TextDecoder();
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read())
      rest += decoder.decode(next.value, { stream: true });
    expect(rest).toContain('"images":[{"type":"image_url"');
    expect(rest.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(gated.finished).toBe(true);
  });

  it("the timeout bounds the wait for the gateway's answer, not a stream that is still flowing", async () => {
    const { gated, handler } = await start({ timeout: 300 });

    const response = await handler(browserPost("/chat/completions", streamingChat));
    const reader = response.body?.getReader();
    await reader?.read();
    // The gateway goes on well after the timeout: the stream must still end whole.
    setTimeout(() => gated.open(), 600);
    let rest = "";
    const decoder = new TextDecoder();
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read())
      rest += decoder.decode(next.value, { stream: true });

    expect(response.status).toBe(200);
    expect(rest.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(gated.finished).toBe(true);
  });

  it("cancels the gateway's stream when the browser stops reading", async () => {
    const { gated, handler } = await start();

    const response = await handler(browserPost("/chat/completions", streamingChat));
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel(new Error("tab closed"));

    // Resolves only if the cancel crossed the handler and the HTTP connection to the gateway.
    await gated.cancelled;
    expect(gated.finished).toBe(false);
  });

  it("cancels the gateway's stream when the route's request is aborted mid-stream, though nothing cancels the body", async () => {
    const { gated, handler } = await start();
    const platform = new AbortController();

    const response = await handler(
      new Request(`${mountURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(streamingChat),
        signal: platform.signal,
      }),
    );
    const reader = response.body?.getReader();
    await reader?.read();
    platform.abort();

    // Resolves only if the abort crossed the handler and the HTTP connection to the gateway.
    await gated.cancelled;
    expect(gated.finished).toBe(false);
    // No one is meant to read on: the body ends as the connection would, not with a gateway error.
    await expect(reader?.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborts the gateway call when the browser goes away before the answer", async () => {
    const { gateway, handler } = await start({ latencyMs: 60_000 });
    const browser = new AbortController();
    const request = new Request(`${mountURL}/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "slow" }),
      signal: browser.signal,
    });

    const pending = handler(request);
    await vi.waitFor(() => expect(gateway.calls).toHaveLength(1));
    browser.abort();
    const response = await pending;

    expect(response.status).toBe(499);
    // The mock answers 499 once its request signal fires: the abort reached the gateway.
    await vi.waitFor(() => expect(gateway.calls[0]?.status).toBe(499));
  });

  it("never retries a call the browser abandoned", async () => {
    const gateway = createMockGateway({ apiKeys: [serverKey], latencyMs: 60_000 });
    upstream = await listen({ port: 0, gateway: gateGateway(gateway) });
    const fetches = vi.fn(globalThis.fetch);
    const handler = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstream.url,
      policy: {},
      fetch: fetches,
      maxRetries: 3,
    });
    const browser = new AbortController();

    const pending = handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "slow" }),
        signal: browser.signal,
      }),
    );
    await vi.waitFor(() => expect(gateway.calls).toHaveLength(1));
    browser.abort();

    expect((await pending).status).toBe(499);
    expect(fetches).toHaveBeenCalledOnce();
  });

  it("passes a mid-stream error event through", async () => {
    const { gateway, gated, handler } = await start();
    gated.open();
    gateway.faults.enqueue({ type: "stream_error", message: "provider hung up" });

    const response = await handler(browserPost("/chat/completions", streamingChat));
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toMatch(/event: error\ndata: \{"error":\{"message":"provider hung up"/);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("passes a 429 before the stream through with Retry-After", async () => {
    const { gateway, handler } = await start();
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 4 });

    const response = await handler(browserPost("/chat/completions", streamingChat));

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("4");
    expect(response.headers.get("ratelimit-remaining")).not.toBeNull();
    expect(await errorOf(response)).toMatchObject({ code: "rate_limit_exceeded" });
  });
});
