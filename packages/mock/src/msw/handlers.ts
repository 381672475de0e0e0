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
  // The gateway serves exactly /v1/...; any other base path (/api/pictor, /proxy/v1, the root)
  // is mapped onto it.
  const basePath = new URL(baseURL, "http://localhost").pathname.replace(/\/+$/, "");
  const rewrite = basePath !== "/v1";
  return [
    http.all(`${baseURL}/*`, async ({ request }) => {
      try {
        return await gateway.fetch(rewrite ? onV1(request, basePath) : request);
      } catch (error) {
        if (MockConnectionReset.isInstance(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}

function onV1(request: Request, basePath: string): Request {
  const url = new URL(request.url);
  url.pathname = `/v1${url.pathname.slice(basePath.length)}`;
  const init: RequestInit & { duplex: "half" } = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: "half",
  };
  return new Request(url, init);
}
