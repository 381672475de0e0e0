import type { FetchOptions, HeadersInput, ImageModelId } from "@pictor/client";
import type { components } from "@pictor/contract/openapi";

/** A quality the gateway takes on `/images/generations` (`standard` and `hd` are `medium` and `high`). */
export type PictorQuality = components["schemas"]["ImageQuality"];

/** A `service_tier` the gateway takes. */
export type PictorServiceTier = components["schemas"]["ServiceTier"];

/** The operations the handler serves, one per gateway route. */
export type PictorOperation = "generate" | "edit" | "chat" | "models";

/** A Web-standard route handler: what `createPictorHandler` returns. */
export type PictorHandler = (request: Request) => Promise<Response>;

/**
 * What `authorize` answers: `true` lets the request through, `false` refuses it with 401, and
 * `{ status, message }` refuses it with that status and message (shown to the browser).
 */
export type AuthorizeResult = boolean | { status: 401 | 403; message: string };

/**
 * What `rateLimit` answers: nothing to let the request through, or how long to wait (→ 429;
 * `Infinity`: never, so not retried). Any other answer (`false`, from JavaScript) refuses for 1 s, logged.
 */
export type RateLimitResult = undefined | { retryAfterSeconds: number };

/** What the handler is about to forward, so a rate limit can count images or pixels, not just requests. */
export interface PictorCall {
  /** Which gateway operation the request is for. */
  operation: PictorOperation;
  /** The requested model (`"auto"` when the body names none); undefined for `models`. */
  model: string | undefined;
  /** Images asked for (`n`, or chat's `image_config.n`); undefined for `models` and text-only chat. */
  n: number | undefined;
  /** Pixels of one output image, as the policy counted them; undefined where no image is made. */
  pixels: number | undefined;
  /**
   * The image quality asked for, as the gateway prices and sends it (`standard` is `medium`, `hd`
   * is `high`); `"auto"` (the provider's choice, up to its highest) when none is; undefined where
   * no image is made or the model has no quality setting. Prices follow it (GPT Image's tokens,
   * Grok Imagine's "low/1k"…).
   */
  quality: string | undefined;
  /** The `service_tier` asked for (`priority` is billed above `default`, `flex` below); undefined when none. */
  serviceTier: PictorServiceTier | undefined;
}

/** What the browser may do through the handler. Every rule is optional; an empty policy forwards every valid request. */
export interface PictorPolicy {
  /** Operations served (default: all). Others answer 403 `operation_not_allowed`. */
  allowedOperations?: readonly PictorOperation[] | undefined;
  /**
   * Models the browser may use (default: any). Catalog models match by any of their ids: listing
   * `bytedance/seedream-4-5` also allows `seedream-4-5` and vice versa. Others answer 403
   * `model_not_allowed`; a body without `model` asks for `"auto"`, allowed only if listed. The
   * `models` list is filtered to these models. Catalog ids autocomplete; any other string is taken.
   */
  allowedModels?: readonly ImageModelId[] | undefined;
  /**
   * Image qualities the browser may ask for (default: any), as the gateway reads them (`standard`
   * is `medium`, `hd` is `high`). A request that names none to a model with a quality setting asks
   * for `"auto"` (the provider's choice), allowed only if listed; a model without one is not
   * checked. Others answer 403 `quality_not_allowed`.
   */
  allowedQualities?: readonly PictorQuality[] | undefined;
  /** `service_tier` values the browser may ask for (default: any); a request without one is not checked. Others answer 403 `service_tier_not_allowed`. */
  allowedServiceTiers?: readonly PictorServiceTier[] | undefined;
  /** Largest `n` (or chat `image_config.n`) of one request (default: the gateway's 10). Above it: 400 `max_n_exceeded`. */
  maxN?: number | undefined;
  /**
   * Largest output image in pixels (width × height), from `size` "WxH", or a tier ("1K"…"4K")
   * shaped by `aspect_ratio`, or the model's default; GPT Image's `"auto"` (or no size), which it
   * picks itself, at its largest (default: no limit). Above it: 400 `max_pixels_exceeded`, as is
   * an image request without a size to a model outside the catalog, whose size nothing tells.
   */
  maxPixels?: number | undefined;
  /** Largest request body in bytes, counted while reading (default 32 MiB). Above it: 413 `request_too_large`. */
  maxBodyBytes?: number | undefined;
  /**
   * Decides who may use the handler, e.g. from a session cookie. Runs before the body is read.
   * Throwing counts as a refusal (403), so a failing session store never opens the door; so does
   * any other answer (a session object, `null`), which is also logged.
   */
  authorize?: ((request: Request) => AuthorizeResult | Promise<AuthorizeResult>) | undefined;
  /**
   * Decides whether a valid, allowed request may be sent now. Runs last, just before forwarding,
   * so refused and invalid requests never use up a budget, nor does one whose browser has gone
   * away before it runs (nothing is sent for it). Throwing refuses the request with 503 (fail
   * closed: a broken limiter never lets everything through), and is logged with the request id.
   */
  rateLimit?:
    | ((request: Request, call: PictorCall) => RateLimitResult | Promise<RateLimitResult>)
    | undefined;
}

/** How `createPictorHandler` reaches the gateway and what it lets through. */
export interface PictorHandlerOptions {
  /** The gateway key. It is only ever sent to `baseURL`; an empty key answers every request with 500. */
  apiKey: string;
  /** The gateway's base URL (default `LLM_GATEWAY_BASE_URL`, else `https://api.llmgateway.io/v1`). */
  baseURL?: string | undefined;
  /** What the browser may do. `{}` allows every valid request: add `authorize` and `rateLimit` before going public. */
  policy: PictorPolicy;
  /**
   * Headers the server sends with every gateway call, e.g. `{ "x-no-fallback": "true" }` to keep
   * each request on the provider its model names, or `x-source` to name your app. The browser's
   * own headers are never forwarded; `Authorization` comes from `apiKey`.
   */
  headers?: HeadersInput | undefined;
  /** The fetch used to reach the gateway (default: `globalThis.fetch`, looked up at each call). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Options added to every gateway fetch, e.g. a proxy on Node: `{ dispatcher: new ProxyAgent(url) }` (as the client's `fetchOptions`). */
  fetchOptions?: FetchOptions | undefined;
  /** Retries of retryable gateway failures (default 0: the browser's `Pictor` client already retries). */
  maxRetries?: number | undefined;
  /** How long one attempt waits for the gateway's answer and its body, in milliseconds (default 10 minutes, `Infinity` for none, as in the client; 504 when it passes); a chat event stream, once it flows, is passed through however long it takes. */
  timeout?: number | undefined;
}
