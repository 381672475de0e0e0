import { publicGatewayBaseURL } from "@pictor/contract";
import type { HeadersInput } from "./core/request-options";
import type { RetryEvent } from "./core/retry-event";

/** How a `Pictor` client connects and behaves. Every option has a default. */
export interface ClientOptions {
  /** The gateway API key. Default: `LLM_GATEWAY_API_KEY` where `process.env` exists. */
  apiKey?: string | undefined;
  /** Gateway base URL. Default: `LLM_GATEWAY_BASE_URL`, else `https://api.llmgateway.io/v1`. In a browser, a path such as `/api/pictor` (your `@pictor/server` route). */
  baseURL?: string | undefined;
  /** The fetch to use. Default: `globalThis.fetch`, looked up at each call (so msw and test doubles installed later are seen). */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Extra `fetch` options for every request Pictor makes (gateway calls, image downloads, edit
   * URL checks), e.g. a proxy: `{ dispatcher: new ProxyAgent(url) }` on Node (from `undici`),
   * `{ proxy: url }` on Bun, `{ client: Deno.createHttpClient(...) }` on Deno. A call's own
   * `fetchOptions` are merged over these.
   */
  fetchOptions?: FetchOptions | undefined;
  /** Headers sent with every request, read once when the client is created (per call: `headers` in the call options). */
  headers?: HeadersInput | undefined;
  /** Per-attempt timeout in milliseconds (`Infinity` for none). Default 10 minutes: image generation can take minutes. */
  timeout?: number | undefined;
  /** Retries for retryable failures (408, 409, 429, 5xx but 501/505, 529, connection errors; never a billing 429 or a timeout). Default 2. */
  maxRetries?: number | undefined;
  /** How many gateway calls one `n` fan-out runs at once. Default 4. */
  maxConcurrency?: number | undefined;
  /** Allow an API key in a browser page or its worker. Leave it off: put `@pictor/server` between the page and the gateway instead. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * Called before each retry, e.g. to show "retrying in 2 s after a 429". An error it throws
   * fails that request with that error, unchanged, and no retry is made (in an `n` fan-out, it
   * is that call's failure).
   */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/**
 * `RequestInit` fields added to each `fetch` Pictor makes, and the runtimes' own: all but
 * `method`, `headers`, `body` and `signal`, which each request sets (headers: the `headers`
 * option; a signal: per call). The runtimes' fields are declared here, not taken from the
 * runtime's `RequestInit` (Node's types declare `dispatcher` as their own undici's, which an
 * `undici` installed by the app need not match).
 */
export interface FetchOptions
  extends Omit<
    RequestInit,
    "method" | "headers" | "body" | "signal" | "dispatcher" | "proxy" | "client"
  > {
  /** Node: an undici `Dispatcher` to send through, such as `new ProxyAgent(url)` or `new Agent({ headersTimeout: 0 })`. */
  dispatcher?: object | undefined;
  /** Bun: the proxy to send through, as a URL. */
  proxy?: string | undefined;
  /** Deno: an `HttpClient` from `Deno.createHttpClient`. */
  client?: object | undefined;
}

/** The public gateway. */
export const defaultBaseURL = publicGatewayBaseURL;
/** Ten minutes per attempt. */
export const defaultTimeout = 10 * 60 * 1000;
/** Two retries, as openai-node does. */
export const defaultMaxRetries = 2;
/** Four parallel calls when fanning out `n`. */
export const defaultMaxConcurrency = 4;
