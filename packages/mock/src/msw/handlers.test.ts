import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createMockGateway } from "../index";
import { handlers } from "./handlers";

// A proxy that keeps the gateway's `/v1` under its own prefix, as OpenAI-style base URLs do.
const proxyBase = "https://proxy.example.com/llm-gateway/v1";
const gateway = createMockGateway();
const server = setupServer(...handlers(gateway, { baseURL: proxyBase }));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => gateway.reset());
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
