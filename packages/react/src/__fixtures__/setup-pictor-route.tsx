// Shared test setup: the page's client talks to /api/pictor with no key, as in production. A
// stand-in for @pictor/server sits there (adds the key, forwards to the real @pictor/mock
// gateway), all behind msw intercepting the real fetch: nothing of Pictor's is mocked.
import { Pictor } from "@pictor/client";
import { createMockGateway, type MockGateway, type MockGatewayOptions } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { cleanup } from "@testing-library/react";
import { setupServer } from "msw/node";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { PictorProvider } from "../pictor-provider";

/** The server route the page calls (resolved against happy-dom's `location`). */
export const route = "/api/pictor";
/** The key only the stand-in server route holds. */
const serverKey = "sk-server-side-only";

/** A request held at the route until the test lets it through. */
export interface HeldRequest {
  /** Resolves when the request reached the route. */
  arrived: Promise<void>;
  /** Lets it continue to the gateway. */
  release: () => void;
}

/** Starts msw with a fresh mock gateway behind a key-adding route; resets it and unmounts after each test. */
export function setupPictorRoute(options: MockGatewayOptions = {}) {
  const gateway = createMockGateway({ apiKeys: [serverKey], ...options });
  const holds: { arrive: () => void; released: Promise<boolean>; release: () => void }[] = [];
  // Requests still held when a test ends are dropped, never forwarded: a late arrival would
  // otherwise reach the next test's gateway and take its scripted faults.
  let waiting: ((forward: boolean) => void)[] = [];

  const serverRoute: MockGateway = {
    async fetch(request) {
      const hold = holds.shift();
      if (hold) {
        hold.arrive();
        if (!(await hold.released)) return new Response(null, { status: 499 });
      }
      const headers = new Headers(request.headers);
      headers.set("authorization", `Bearer ${serverKey}`);
      return gateway.fetch(new Request(request, { headers }));
    },
    get calls() {
      return gateway.calls;
    },
    faults: gateway.faults,
    reset: () => gateway.reset(),
  };
  const server = setupServer(...handlers(serverRoute, { baseURL: route }));

  beforeAll(() => {
    // The page must not find a key in the environment: the client refuses one in a browser.
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");
    server.listen({ onUnhandledRequest: "error" });
  });
  afterEach(() => {
    cleanup();
    for (const settle of waiting) settle(false);
    waiting = [];
    holds.length = 0;
    server.resetHandlers();
    gateway.reset();
    vi.restoreAllMocks();
  });
  afterAll(() => {
    server.close();
    vi.unstubAllEnvs();
  });

  return {
    gateway,
    /** The msw server, for a test that serves another route too (reset after each test). */
    server,
    /** Holds the next request that reaches the route. */
    holdNext(): HeldRequest {
      let arrive = () => {};
      let settle: (forward: boolean) => void = () => {};
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      const released = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      const release = () => settle(true);
      holds.push({ arrive, released, release });
      waiting.push(settle);
      return { arrived, release };
    },
    /** A client for the route, as a page builds it (no key, no retries so errors surface at once). */
    client: () => new Pictor({ baseURL: route, maxRetries: 0 }),
    /** The provider a page would use, without retries. */
    Wrapper({ children }: { children?: ReactNode }) {
      return (
        <PictorProvider options={{ baseURL: route, maxRetries: 0 }}>{children}</PictorProvider>
      );
    },
  };
}
