import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockGateway } from "../index";
import { handlers } from "./handlers";

// A proxy that keeps the gateway's `/v1` under its own prefix, as OpenAI-style base URLs do.
const proxyBase = "https://proxy.example.com/llm-gateway/v1";
const gateway = createMockGateway();
const server = setupServer(...handlers(gateway, { baseURL: proxyBase }));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  gateway.reset();
});
afterAll(() => server.close());

it("answers under a base URL whose path ends in /v1 below a prefix", async () => {
  const response = await fetch(`${proxyBase}/images/generations`, {
    method: "POST",
    headers: { authorization: "Bearer test", "content-type": "application/json" },
    body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a red dot", size: "0.5K" }),
  });

  expect(response.status).toBe(200);
  expect(gateway.calls).toMatchObject([{ operation: "generateImages", status: 200 }]);
});

it("answers GET /models under that base URL too", async () => {
  const response = await fetch(`${proxyBase}/models`);
  expect(response.status).toBe(200);
});

it("answers under a bare origin as base URL", async () => {
  const root = createMockGateway();
  server.use(...handlers(root, { baseURL: "https://root.example.com/" }));
  const response = await fetch("https://root.example.com/models");
  expect(response.status).toBe(200);
  expect(root.calls).toMatchObject([{ path: "/v1/models", operation: "listModels" }]);
});

it("lets a page read its own object URLs (blob:) under onUnhandledRequest: error", async () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const url = URL.createObjectURL(new Blob([bytes]));

  const response = await fetch(url);

  expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  expect(gateway.calls).toEqual([]);
  URL.revokeObjectURL(url);
});

it("still refuses an unhandled request under onUnhandledRequest: error", async () => {
  await expect(fetch("https://elsewhere.example.com/a.png")).rejects.toThrow();
});

it("answers 413 request_too_large to a multipart edit over maxBodyBytes (fetch sends FormData without a Content-Length)", async () => {
  const small = createMockGateway({ maxBodyBytes: 64 * 1024 });
  server.use(...handlers(small, { baseURL: "https://small.example.com/v1" }));
  const form = new FormData();
  form.set("prompt", "make it blue");
  form.set("model", "gemini-3.1-flash-image");
  form.set("image", new Blob([new Uint8Array(256 * 1024)], { type: "image/png" }), "big.png");

  const response = await fetch("https://small.example.com/v1/images/edits", {
    method: "POST",
    headers: { authorization: "Bearer test" },
    body: form,
  });

  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({
    error: { type: "invalid_request_error", code: "request_too_large" },
  });
});

describe("with apiKey, standing in for a server route that holds the key", () => {
  // The page's client talks to its own route with no key, as @pictor/server wants it.
  const routeBase = "https://app.example.com/api/pictor";
  const generate = (headers: Record<string, string> = {}) =>
    fetch(`${routeBase}/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a red dot", size: "0.5K" }),
    });

  it("answers a page's request that carries no key (without it: the gateway's 401)", async () => {
    const route = createMockGateway({ apiKeys: ["sk-server"] });
    server.use(...handlers(route, { baseURL: routeBase, apiKey: "sk-server" }));

    const response = await generate();

    expect(response.status).toBe(200);
    expect(route.calls).toMatchObject([
      { path: "/v1/images/generations", operation: "generateImages", status: 200 },
    ]);
  });

  it("sends the route's key, not the one the page sent, as the route does", async () => {
    const route = createMockGateway({ apiKeys: ["sk-server"] });
    server.use(...handlers(route, { baseURL: routeBase, apiKey: "sk-server" }));

    const bearer = await generate({ authorization: "Bearer sk-leaked-in-the-page" });
    const header = await generate({ "x-api-key": "sk-leaked-in-the-page" });

    expect([bearer.status, header.status]).toEqual([200, 200]);
  });

  it("answers under the gateway's own URL too", async () => {
    const route = createMockGateway();
    server.use(...handlers(route, { apiKey: "test" }));

    const response = await fetch("https://api.llmgateway.io/v1/images/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a red dot", size: "0.5K" }),
    });

    expect(response.status).toBe(200);
  });
});
