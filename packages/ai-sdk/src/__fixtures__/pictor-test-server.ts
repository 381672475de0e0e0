// The real @pictor/mock gateway behind msw, intercepting real fetch: what every test here runs on.
import { createMockGateway, type MockGateway, type MockGatewayOptions } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createPictor, type PictorProvider, type PictorProviderSettings } from "../pictor-provider";

/** The base URL the tests' providers call (msw intercepts it; nothing leaves the process). */
export const baseURL = "https://gateway.test/v1";
/** The only key the mock accepts. */
export const apiKey = "sk-test-pictor-ai-sdk-0123456789";

/** Starts msw with a fresh mock gateway; overrides, listeners and gateway state are reset after each test. */
export function usePictorTestServer(options: MockGatewayOptions = {}): {
  gateway: MockGateway;
  server: SetupServer;
  provider: (overrides?: PictorProviderSettings) => PictorProvider;
} {
  const gateway = createMockGateway({ apiKeys: [apiKey], ...options });
  const server = setupServer(...handlers(gateway, { baseURL }));
  beforeAll(() => {
    server.listen({ onUnhandledRequest: "error" });
    // The AI SDK logs every warning to the console; the tests read them from the results.
    globalThis.AI_SDK_LOG_WARNINGS = false;
  });
  afterEach(() => {
    server.resetHandlers();
    server.events.removeAllListeners();
    gateway.reset();
  });
  afterAll(() => server.close());
  return {
    gateway,
    server,
    provider: (overrides = {}) => createPictor({ apiKey, baseURL, ...overrides }),
  };
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
