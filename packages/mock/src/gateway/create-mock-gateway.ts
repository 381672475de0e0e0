import { zCreateChatCompletionBody, zEditImagesBody, zGenerateImagesBody } from "@pictor/contract";
import type * as z from "zod/mini";
import type { Fault, OperationId } from "../faults/fault";
import {
  createFaultSource,
  type FaultController,
  type FaultRate,
} from "../faults/fault-controller";
import { createChatCompletion } from "../operations/chat-completions";
import { editImages } from "../operations/edit-images";
import { generateImages } from "../operations/generate-images";
import type { ImageUrlResolver } from "../operations/input-images";
import { listModels } from "../operations/list-models";
import { applyResponseFault, faultResponse, rateLimitMessage } from "./apply-fault";
import { MockConnectionReset } from "./connection-reset";
import { gatewayError } from "./gateway-error";
import type { CheckContext, CheckedRequest, OperationContext } from "./operation-context";
import { createProviderImages } from "./provider-images";
import { createRateLimiter, type RateLimit, rateLimitHeaders } from "./rate-limiter";
import { readJsonBody } from "./read-body";
import { readMultipartEdit } from "./read-multipart-edit";
import { type RecordedCall, redactedHeaders, redactedQuery } from "./recorded-call";
import { newRequestId } from "./request-id";
import { validateBody } from "./validate-body";

/** How the mock gateway behaves; every option has a default that needs no setup. */
export interface MockGatewayOptions {
  /** API keys to accept. Default: any non-empty key (the mock checks that one is sent). */
  apiKeys?: readonly string[];
  /** Largest request body in bytes before a 413. Default 32 MiB. */
  maxBodyBytes?: number;
  /** Milliseconds every generation takes, to exercise spinners, timeouts and aborts. Default 0. */
  latencyMs?: number;
  /** Faults at a seeded random rate from the start (scripted faults go through `gateway.faults`). */
  faults?: FaultRate;
  /**
   * Requests per window before 429s, counted per key and path as the gateway's per-org, per-path
   * limiter does (each key stands for an organization). Default 10,000 per minute (effectively
   * unlimited).
   */
  rateLimit?: RateLimit;
  /** Fetches https input images for edits. Default: none are fetched; such an image counts as 1024×1024. */
  resolveImageUrl?: ImageUrlResolver;
  /**
   * Chat images of Z.AI, Alibaba, ByteDance and xAI models come as a link to the provider's
   * image, as the gateway may pass them on, instead of a data URL. The mock serves each link
   * itself, under `/provider-images/` on the origin the chat was sent to (msw intercepts it;
   * the HTTP server answers it). Default false: data URLs, as from every other provider.
   */
  providerImageUrls?: boolean;
  /** The clock, in milliseconds (for `created` and rate-limit windows). Default `Date.now`. */
  now?: () => number;
  /**
   * How many of the latest requests `calls` keeps (each holds its parsed body, input images
   * included). Default: all of them until `reset()`; `pictor-mock` and `pictor serve` keep none.
   */
  maxCalls?: number;
}

/** A local LLM Gateway: a Web-standard `fetch` handler plus what tests need to script and inspect it. */
export interface MockGateway {
  /** Answers one request as the gateway would. Rejects only for an injected connection reset. */
  fetch(request: Request): Promise<Response>;
  /** Every request received, oldest first, with credentials redacted. */
  readonly calls: readonly RecordedCall[];
  /** Scripted and random faults. */
  readonly faults: FaultController;
  /**
   * Back to how `createMockGateway` left it: forgets calls, queued faults, a fault rate set at
   * run time (the `faults` option's rate stays, its seeded sequence starting over), the
   * rate-limit window and the images painted (the same requests give the same bytes again);
   * the links to images handed out expire.
   */
  reset(): void;
}

interface Route {
  method: "GET" | "POST";
  suffix: string;
  operation: OperationId;
  /** The operation's own checks of a request, and then its answer. */
  check: (
    request: Request,
    body: unknown,
    context: CheckContext,
  ) => CheckedRequest | Promise<CheckedRequest>;
  schema?: z.ZodMiniType;
}

function post<S extends z.ZodMiniType>(
  suffix: string,
  operation: OperationId,
  schema: S,
  check: (body: z.output<S>, context: CheckContext) => CheckedRequest | Promise<CheckedRequest>,
): Route {
  return {
    method: "POST",
    suffix,
    operation,
    schema,
    check: (_request, body, context) => check(body as z.output<S>, context),
  };
}

const routes: readonly Route[] = [
  post("/images/generations", "generateImages", zGenerateImagesBody, generateImages),
  post("/images/edits", "editImages", zEditImagesBody, editImages),
  post(
    "/chat/completions",
    "createChatCompletion",
    zCreateChatCompletionBody,
    createChatCompletion,
  ),
  {
    method: "GET",
    suffix: "/models",
    operation: "listModels",
    check: (request, _body, context) =>
      context.keyRefusal
        ? { ok: false, response: context.keyRefusal }
        : { ok: true, answer: (answer) => listModels(new URL(request.url), answer.now) },
  },
];

/** How many keys' rate-limit windows are kept at most (see `limiterFor`). */
const maxLimitedKeys = 10_000;

/**
 * Creates a mock LLM Gateway that validates every request against the spec and the model
 * catalog and answers like the real one: its error format and status codes, `x-request-id`
 * and `RateLimit-*` headers, real PNGs, SSE streams, and faults on demand.
 * @example
 * const gateway = createMockGateway();
 * gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 2 });
 * const response = await gateway.fetch(new Request("http://mock/v1/models"));
 */
export function createMockGateway(options: MockGatewayOptions = {}): MockGateway {
  // Looked up at each call, not captured: fake timers installed after this still move the clock.
  const now = options.now ?? (() => Date.now());
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const faults = createFaultSource(options.faults);
  const rateLimit = options.rateLimit ?? { limit: 10_000, windowSeconds: 60 };
  /**
   * One window per key and route path: the gateway limits each organization on each path on its
   * own, and the mock, which has no organizations, takes each key for one. The keys stay in this
   * map (in memory only; never logged nor recorded), the oldest forgotten past `maxLimitedKeys`
   * so that a server fed made-up keys does not grow without end.
   */
  const limiters = new Map<string, Map<string, ReturnType<typeof createRateLimiter>>>();
  function limiterFor(key: string, path: string) {
    let paths = limiters.get(key);
    if (!paths) {
      if (limiters.size >= maxLimitedKeys) limiters.delete(limiters.keys().next().value ?? "");
      paths = new Map();
      limiters.set(key, paths);
    }
    let limiter = paths.get(path);
    if (!limiter) {
      limiter = createRateLimiter(rateLimit, now);
      paths.set(path, limiter);
    }
    return limiter;
  }
  const acceptedKeys = options.apiKeys ? new Set(options.apiKeys) : undefined;
  const resolveImageUrl = options.resolveImageUrl ?? (async () => undefined);
  const maxCalls = options.maxCalls ?? Number.POSITIVE_INFINITY;
  if (!(maxCalls >= 0)) throw new RangeError(`maxCalls must be 0 or more, got ${maxCalls}`);
  let calls: RecordedCall[] = [];
  /** Images painted so far for each model and prompt without a seed (see `firstVariation`). */
  const painted = new Map<string, number>();
  const providerImages = createProviderImages();

  async function handle(request: Request, call: InternalCall): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "");
    // Exactly /v1/<route>, as the gateway mounts them: a doubled /v1/v1/ is a client bug to surface.
    const route = routes.find((candidate) => path === `/v1${candidate.suffix}`);
    if (!route)
      return gatewayError(
        404,
        `Not Found: ${request.method} ${url.pathname} is not a gateway route`,
      );
    if (route.method !== request.method) {
      return gatewayError(
        404,
        `Not Found: ${url.pathname} takes ${route.method}, not ${request.method}`,
      );
    }
    call.operation = route.operation;

    const key = apiKeyOf(request.headers);
    const keyRequired = route.operation !== "listModels";
    call.keyRefused =
      (keyRequired && key === undefined) ||
      (key !== undefined && acceptedKeys !== undefined && !acceptedKeys.has(key));

    // The gateway's rate limit runs before its handlers, per organization and path, for requests
    // whose key it knows only: one without a key (a keyless GET /models) or with one it cannot
    // resolve passes through uncounted, without rate-limit headers.
    if (key !== undefined && !call.keyRefused) {
      const budget = limiterFor(key, route.suffix).take();
      call.rateHeaders = rateLimitHeaders(budget, now());
      if (budget.exceeded) {
        return gatewayError(429, rateLimitMessage(url.pathname, budget.resetSeconds), {
          headers: { "retry-after": String(budget.resetSeconds) },
        });
      }
    }

    let body: unknown;
    if (route.schema) {
      const contentType = request.headers.get("content-type") ?? "";
      const multipart = contentType.includes("multipart/form-data");
      // Like the gateway: /images/* take any content type (edits also multipart); the rest need JSON.
      if (!contentType.includes("application/json") && !route.suffix.startsWith("/images/")) {
        return gatewayError(415, "Unsupported Media Type: Content-Type must be application/json", {
          headers: { connection: "close" },
        });
      }
      const read =
        multipart && route.operation === "editImages"
          ? await readMultipartEdit(request, maxBodyBytes)
          : await readJsonBody(request, maxBodyBytes);
      if (!read.ok) return read.response;
      call.body = read.value;
      const valid = validateBody(route.schema, read.value);
      if (!valid.ok) return valid.response;
      body = valid.value;
    }
    // The key is looked at only now: the gateway reads and validates the body (415, broken
    // JSON, schema problems) before its handlers resolve the key, so such a request gets that 400
    // whether or not it carries one; each operation returns the 401 where the gateway meets it.
    const keyRefusal = call.keyRefused
      ? gatewayError(
          401,
          key === undefined
            ? "Unauthorized: no API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
            : "Unauthorized: invalid API key",
        )
      : undefined;
    // A request the gateway refuses anyway (an unknown model, a size it cannot make) gets that
    // refusal and leaves the faults queued for the next request that would succeed.
    const checked = await route.check(request, body, { now: now(), resolveImageUrl, keyRefusal });
    if (!checked.ok) return checked.response;
    // Never answered without the key, should an operation not have returned its refusal.
    if (keyRefusal) return keyRefusal;

    let fault: Fault | undefined = faults.next(route.operation);
    call.fault = fault?.type;
    if (fault?.type === "latency") {
      await sleep(fault.ms, request.signal);
      fault = undefined;
    }
    if (fault?.type === "connection_reset") throw new MockConnectionReset();
    const early = fault ? faultResponse(fault, route.operation, url.pathname, now()) : undefined;
    if (early) return early;
    if (route.operation !== "listModels" && options.latencyMs)
      await sleep(options.latencyMs, request.signal);
    if (request.signal.aborted) return gatewayError(499, "Client Closed Request");

    const time = now();
    const context: OperationContext = {
      request,
      requestId: call.requestId,
      created: Math.floor(time / 1000),
      now: time,
      fault,
      ...(options.providerImageUrls
        ? { linkImage: (png: Uint8Array) => providerImages.link(png, url.origin) }
        : {}),
      firstVariation(key, count) {
        // A long-running mock sees endless prompts: forget them all now and then.
        if (painted.size >= 10_000) painted.clear();
        const first = painted.get(key) ?? 0;
        painted.set(key, first + count);
        return first;
      },
    };
    const response = await checked.answer(context);
    return fault ? applyResponseFault(fault, response) : response;
  }

  return {
    async fetch(request) {
      // A download of an image handed out as a link goes to the provider, not the gateway: it is
      // no call, and needs no key.
      const download = providerImages.answer(request);
      if (download) return download;
      const url = new URL(request.url);
      const call: InternalCall = {
        method: request.method,
        path: url.pathname,
        query: redactedQuery(url.searchParams),
        headers: redactedHeaders(request.headers),
        body: undefined,
        operation: undefined,
        requestId: request.headers.get("x-request-id") || newRequestId(),
        status: undefined,
        fault: undefined,
      };
      calls.push(call);
      if (calls.length > maxCalls) calls.splice(0, calls.length - maxCalls);
      let response: Response;
      try {
        response = await handle(request, call);
      } catch (error) {
        if (MockConnectionReset.isInstance(error)) throw error;
        // A bug in the mock, not a gateway behaviour: answer as the gateway's onError does.
        console.error("[pictor-mock] internal error:", error);
        response = gatewayError(500, "Internal Server Error");
      }
      call.status = response.status;
      // The gateway sets it once the API key resolves: a 401, and a 400 or 415 sent before the
      // key was looked at, go out without one when the key does not resolve.
      if (!call.keyRefused) response.headers.set("x-request-id", call.requestId);
      // The window's figures, unless the answer set its own (an injected 429 has none left).
      for (const [name, value] of Object.entries(call.rateHeaders ?? {}))
        if (!response.headers.has(name)) response.headers.set(name, value);
      delete call.rateHeaders;
      delete call.keyRefused;
      return response;
    },
    get calls() {
      return calls;
    },
    faults,
    reset() {
      calls = [];
      faults.reset();
      limiters.clear();
      painted.clear();
      providerImages.clear();
    },
  };
}

/** A call while it is answered: what the answer's headers depend on rides along, then is dropped. */
type InternalCall = RecordedCall & {
  rateHeaders?: Record<string, string>;
  /** The route needs a key and the request has none the gateway accepts. */
  keyRefused?: boolean;
};

function apiKeyOf(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1]?.trim();
  const key = bearer || headers.get("x-api-key")?.trim();
  return key ? key : undefined;
}

/** Waits, but wakes as soon as the caller aborts (the handler then answers 499). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
