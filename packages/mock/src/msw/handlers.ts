import { HttpResponse, http, type RequestHandler } from "msw";
import { MockConnectionReset } from "../gateway/connection-reset";
import type { MockGateway } from "../gateway/create-mock-gateway";

/** Where the msw handlers answer. */
export interface HandlersOptions {
  /** The gateway base URL your code calls, e.g. `https://api.llmgateway.io/v1` (the default) or `/api/pictor`. */
  baseURL?: string;
}

/**
 * msw request handlers that answer every request under `baseURL` with the mock gateway, for
 * `setupServer(...)` in Node tests and `setupWorker(...)` in the browser. An injected
 * connection reset becomes a network error.
 * @example
 * const gateway = createMockGateway();
 * const server = setupServer(...handlers(gateway));
 */
export function handlers(gateway: MockGateway, options: HandlersOptions = {}): RequestHandler[] {
  const baseURL = (options.baseURL ?? "https://api.llmgateway.io/v1").replace(/\/+$/, "");
  return [
    http.all(`${baseURL}/*`, async ({ request }) => {
      try {
        return await gateway.fetch(request);
      } catch (error) {
        if (MockConnectionReset.isInstance(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
