// Shared test setup: the real @pictor/mock gateway behind msw, intercepting real fetch.
import { createMockGateway, type MockGateway, type MockGatewayOptions } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ClientOptions } from "../client-options";
import { Pictor } from "../pictor";

/** The base URL the tests' clients call (msw intercepts it; nothing leaves the process). */
export const baseURL = "https://gateway.test/v1";
/** The key the tests use; the redaction tests look for it. */
export const apiKey = "sk-test-pictor-secret-0123456789";

/** Starts msw with a fresh mock gateway for the file's tests and resets it after each test. */
export function useMockGateway(options: MockGatewayOptions = {}): {
  gateway: MockGateway;
  client: (overrides?: ClientOptions) => Pictor;
} {
  const gateway = createMockGateway({ apiKeys: [apiKey], ...options });
  const server = setupServer(...handlers(gateway, { baseURL }));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    gateway.reset();
  });
  afterAll(() => server.close());
  return {
    gateway,
    client: (overrides = {}) => new Pictor({ apiKey, baseURL, maxRetries: 0, ...overrides }),
  };
}
