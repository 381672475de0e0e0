import { HttpResponse, http, passthrough, type RequestHandler } from "msw";
import { MockConnectionReset } from "../gateway/connection-reset";
import type { MockGateway } from "../gateway/create-mock-gateway";
import { providerImagePath } from "../gateway/provider-images";

/** Where the msw handlers answer. */
export interface HandlersOptions {
  /** The gateway base URL your code calls, e.g. `https://api.llmgateway.io/v1` (the default) or `/api/pictor`. */
  baseURL?: string;
  /**
   * Stand in for your server route (`@pictor/server`), which holds the key: every request is
   * answered as if sent with this key, as the route sends it on, whatever the page sent. A
   * page's client has no key, so without it the gateway answers 401.
   */
  apiKey?: string;
}

/**
 * msw request handlers that answer every request under `baseURL` with the mock gateway, for
 * `setupServer(...)` in Node tests and `setupWorker(...)` in the browser. An injected
 * connection reset becomes a network error. An object URL's read (`blob:`) goes through as it
 * is: it is no request to anyone.
 * @example
 * const gateway = createMockGateway();
 * const server = setupServer(...handlers(gateway));
 * // A page that calls your keyless route: handlers(gateway, { baseURL: "/api/pictor", apiKey: "test" })
 */
export function handlers(gateway: MockGateway, options: HandlersOptions = {}): RequestHandler[] {
  const baseURL = (options.baseURL ?? "https://api.llmgateway.io/v1").replace(/\/+$/, "");
  // The gateway serves exactly /v1/...; any other base path (/api/pictor, /proxy/v1, the root)
  // is mapped onto it.
  const basePath = new URL(baseURL, "http://localhost").pathname.replace(/\/+$/, "");
  const rewrite = basePath !== "/v1";
  const { apiKey } = options;
  return [
    http.all(`${baseURL}/*`, async ({ request }) => {
      try {
        return await gateway.fetch(
          rewrite || apiKey !== undefined
            ? forwarded(request, rewrite ? basePath : undefined, apiKey)
            : request,
        );
      } catch (error) {
        if (MockConnectionReset.isInstance(error)) return HttpResponse.error();
        throw error;
      }
    }),
    // Links to provider images (`providerImageUrls`) are on the origin the chat went to.
    http.get(`${originOf(baseURL)}${providerImagePath}*`, ({ request }) => gateway.fetch(request)),
    // The client reads an input image given as an object URL (@pictor/react's `images[i].url`)
    // with `fetch`, which msw intercepts in Node like any request: under `onUnhandledRequest:
    // "error"` the read would fail, and the edit with it, as if the URL had been revoked.
    http.all("*", ({ request }) => (request.url.startsWith("blob:") ? passthrough() : undefined)),
  ];
}

/** The origin of an absolute base URL; "" for a path (msw resolves it against the page's). */
function originOf(baseURL: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(baseURL) ? new URL(baseURL).origin : "";
}

/** The request as the gateway gets it: its path moved from `basePath` to /v1, with the route's key. */
function forwarded(
  request: Request,
  basePath: string | undefined,
  apiKey: string | undefined,
): Request {
  const url = new URL(request.url);
  if (basePath !== undefined) url.pathname = `/v1${url.pathname.slice(basePath.length)}`;
  const headers = new Headers(request.headers);
  if (apiKey !== undefined) {
    // As @pictor/server does: the browser's credentials never reach the gateway, the route's do.
    headers.delete("x-api-key");
    headers.set("authorization", `Bearer ${apiKey}`);
  }
  const init: RequestInit & { duplex: "half" } = {
    method: request.method,
    headers,
    body: request.body,
    signal: request.signal,
    duplex: "half",
  };
  return new Request(url, init);
}
