// Test setup like ./mock-gateway.ts, plus the msw server itself, so a test can add a handler
// override (`server.use`) or listen to `server.events`; both are undone after each test.
import { createMockGateway, type MockGateway, type MockGatewayOptions } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { HttpResponse, http } from "msw";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ClientOptions } from "../client-options";
import { Pictor } from "../pictor";
import { apiKey, baseURL } from "./mock-gateway";

export { apiKey, baseURL };

/** The host of the tests' https input images; see `remoteImages`. */
export const imageHost = "https://images.example.test";

/**
 * Starts msw with a fresh mock gateway; overrides, event listeners and gateway state are reset
 * after each test. `remoteImages` (URL → bytes) are served by {@link imageHost} to the client
 * (which asks each https input for its first bytes) and to the mock gateway (which reads their
 * size, as providers do); any other path of that host answers 404.
 */
export function useClientTestServer(
  options: MockGatewayOptions & { remoteImages?: ReadonlyMap<string, Uint8Array> } = {},
): {
  gateway: MockGateway;
  server: SetupServer;
  client: (overrides?: ClientOptions) => Pictor;
} {
  const { remoteImages = new Map<string, Uint8Array>(), ...gatewayOptions } = options;
  const gateway = createMockGateway({
    apiKeys: [apiKey],
    resolveImageUrl: async (url) => remoteImages.get(url),
    ...gatewayOptions,
  });
  const server = setupServer(
    ...handlers(gateway, { baseURL }),
    http.get(`${imageHost}/*`, ({ request }) => {
      const bytes = remoteImages.get(request.url);
      return bytes
        ? new HttpResponse(bytes.slice(), { headers: { "content-type": "image/png" } })
        : new HttpResponse("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    server.events.removeAllListeners();
    gateway.reset();
  });
  afterAll(() => server.close());
  return {
    gateway,
    server,
    client: (overrides = {}) => new Pictor({ apiKey, baseURL, maxRetries: 0, ...overrides }),
  };
}

/** A copy of `request` (same URL, method and headers) whose JSON body is `body`, to forward to the gateway. */
export function withJsonBody(request: Request, body: unknown): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return new Request(request.url, { method: request.method, headers, body: JSON.stringify(body) });
}

/** Headers worth keeping when an override rebuilds a gateway response. */
export function gatewayHeaders(response: Response): Record<string, string> {
  return { "x-request-id": response.headers.get("x-request-id") ?? "" };
}

/** What `run` throws or rejects with; fails the test if it completes. */
export async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but the call completed");
}

/**
 * Resolves or rejects like `promise`, or rejects after `ms` with a message naming `what`: turns a
 * hang (a bug) into a quick, readable failure instead of the test timeout. Never used to time work.
 */
export function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung: not settled after ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** A `fetch` that records every URL it is asked for, then calls the global (msw-patched) fetch. */
export function recordingFetch(): { fetch: typeof globalThis.fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(input instanceof Request ? input.url : input.toString());
      return globalThis.fetch(input, init);
    },
  };
}
