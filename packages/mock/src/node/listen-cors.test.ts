import { afterAll, beforeAll, expect, it } from "vitest";
import type { MockGateway } from "../index";
import { listen, type MockServer } from "./listen";

// A browser app served from another origin (a Vite dev server) calling `pictor-mock` directly.
const origin = "http://localhost:5173";
let server: MockServer<MockGateway>;
beforeAll(async () => {
  server = await listen({ port: 0 });
});
afterAll(() => server.close());

it("answers a CORS preflight for POST with authorization and content-type", async () => {
  const response = await fetch(`${server.url}/images/generations`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type",
    },
  });
  expect(response.status).toBeLessThan(300);
  expect(response.headers.get("access-control-allow-origin")).toMatch(
    /^(\*|http:\/\/localhost:5173)$/,
  );
  expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
    "authorization",
  );
  expect(server.gateway.calls).toEqual([]);
});

it("lets the page read answers and errors, with the headers a client needs", async () => {
  server.gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 2 });
  const response = await fetch(`${server.url}/images/generations`, {
    method: "POST",
    headers: { origin, authorization: "Bearer any", "content-type": "application/json" },
    body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a red dot", size: "0.5K" }),
  });
  await response.arrayBuffer();
  expect(response.status).toBe(429);
  expect(response.headers.get("access-control-allow-origin")).toMatch(
    /^(\*|http:\/\/localhost:5173)$/,
  );
  const exposed = response.headers.get("access-control-expose-headers")?.toLowerCase() ?? "";
  const names = exposed.split(/,\s*/);
  for (const name of ["x-request-id", "retry-after", "ratelimit-limit", "ratelimit-remaining"])
    expect(names).toContain(name);
  // Every rate-limit header the answer carries is one the page can read.
  const sent = [...response.headers.keys()].filter((name) => /^(x-)?ratelimit(-|$)/.test(name));
  expect(sent.length).toBeGreaterThanOrEqual(8);
  for (const name of sent) expect(names).toContain(name);
});
