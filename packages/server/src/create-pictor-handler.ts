import { type HeadersInput, Pictor } from "@pictor/client";
import {
  credentialsOf,
  isQuotableBaseURL,
  trimHttpWhitespace,
  unknownKey,
  wrongValue,
  zImageQuality,
  zServiceTier,
} from "@pictor/contract";
import { base64FormsOf } from "./internal/base64-forms-of";
import { bodyAlreadyReadResponse } from "./internal/body-already-read-response";
import { createPolicyChecker } from "./internal/create-policy-checker";
import { forwardToGateway, type GatewayConnection } from "./internal/forward-to-gateway";
import { gatewayErrorResponse } from "./internal/gateway-error-response";
import { allowedMethods, matchRoute, operations } from "./internal/match-route";
import { isJsonContentType, readJsonBody } from "./internal/read-json-body";
import { requestIdOf } from "./internal/request-id-of";
import { validateRequest } from "./internal/validate-request";
import type {
  PictorCall,
  PictorHandler,
  PictorHandlerOptions,
  PictorPolicy,
} from "./pictor-handler-options";

/** 32 MiB, the mock gateway's default: room for an edit with several large data-URL images. */
const defaultMaxBodyBytes = 32 * 1024 * 1024;

/** The longest `Retry-After` the handler sends, in seconds (about 68 years). */
const maxRetryAfterSeconds = 2 ** 31;

/**
 * Creates a Web-standard handler that serves the gateway's routes to the browser with the key
 * kept on the server: it matches the end of the path (`…/images/generations`, `…/images/edits`,
 * `…/chat/completions`, `…/models`) under any mount path, validates the body with the generated
 * schemas, enforces the policy, then forwards through `@pictor/client`.
 * @example
 * const handler = createPictorHandler({
 *   apiKey: process.env.LLM_GATEWAY_API_KEY ?? "",
 *   policy: { allowedModels: ["bytedance/seedream-4-5"], maxN: 2, maxPixels: 2048 * 2048 },
 * });
 * // In the browser: new Pictor({ baseURL: "/api/pictor" }), with no key.
 */
export function createPictorHandler(options: PictorHandlerOptions): PictorHandler {
  if (typeof options !== "object" || options === null)
    throw new TypeError("createPictorHandler takes options: { apiKey, policy, … }");
  checkKnownKeys("createPictorHandler", options, handlerOptionKeys);
  const policy = checkedPolicy(options.policy);
  const maxBodyBytes = policy.maxBodyBytes ?? defaultMaxBodyBytes;
  const allowedOperations = policy.allowedOperations
    ? new Set(policy.allowedOperations)
    : undefined;
  const checker = createPolicyChecker(policy);
  // Trimmed as the client trims it before sending, so redaction looks for what is sent.
  const apiKey = trimHttpWhitespace(options.apiKey ?? "");
  const headers = options.headers === undefined ? undefined : checkedHeaders(options.headers);
  const secrets = [apiKey, ...credentialsIn(headers)];
  const connection: GatewayConnection = {
    apiKey,
    secrets,
    quotedSecrets: secrets.concat(secrets.flatMap(base64FormsOf)),
    baseURL: options.baseURL === undefined ? undefined : checkedBaseURL(options.baseURL),
    fetch: options.fetch,
    fetchOptions: options.fetchOptions,
    headers,
    maxRetries: nonNegativeInteger("maxRetries", options.maxRetries ?? 0),
    timeout:
      options.timeout === undefined || options.timeout === Number.POSITIVE_INFINITY
        ? options.timeout
        : positiveInteger("timeout", options.timeout),
    filterModels: policy.allowedModels ? checker.allowsModel : undefined,
  };
  const settingsProblem = connectionProblem(connection);

  async function handle(request: Request, requestId: string): Promise<Response> {
    const url = new URL(request.url);
    const route = matchRoute(url.pathname);
    if (!route)
      return gatewayErrorResponse(
        404,
        `Not Found: ${url.pathname} is none of …/images/generations, …/images/edits, …/chat/completions, …/models`,
      );
    // HEAD is GET without the body (answered so by the outer handler): Next.js serves HEAD with
    // the GET export, and uptime checks use it.
    const method = request.method === "HEAD" ? "GET" : request.method;
    if (method !== route.method)
      return gatewayErrorResponse(
        405,
        `Method Not Allowed: ${route.path} takes ${allowedMethods(route)}, not ${request.method}`,
        { headers: { allow: allowedMethods(route) } },
      );
    if (allowedOperations && !allowedOperations.has(route.operation))
      return gatewayErrorResponse(
        403,
        `Operation "${route.operation}" is not allowed by this server`,
        { code: "operation_not_allowed" },
      );
    // Answered per request rather than thrown at start-up, so that a build which imports the
    // route without its secrets still succeeds.
    // Not retryable: the browser's client would otherwise try three times.
    if (!connection.apiKey)
      return gatewayErrorResponse(
        500,
        "@pictor/server has no gateway API key: set one on the server (e.g. LLM_GATEWAY_API_KEY)",
        { code: "missing_api_key", headers: { "x-should-retry": "false" } },
      );
    if (settingsProblem) {
      // The client's words can name the server's own settings (an internal baseURL, its env):
      // they go to the server's log, with the id the browser's error shows, as a bug's do.
      console.error(
        `[@pictor/server] 500, cannot use its settings (x-request-id ${requestId}): ${settingsProblem.message}`,
      );
      return gatewayErrorResponse(
        500,
        `Internal Server Error: the server's Pictor route is misconfigured; its log says why (x-request-id ${requestId})`,
        {
          code: settingsProblem.code,
          headers: { "x-should-retry": "false" },
        },
      );
    }

    const refusal = await authorize(policy, request, requestId);
    if (refusal) return refusal;

    let input: unknown;
    if (route.method === "POST") {
      if (!isJsonContentType(request.headers.get("content-type")))
        return gatewayErrorResponse(
          415,
          "Unsupported Media Type: Content-Type must be application/json",
        );
      // A middleware in front read it (Hono's c.req.json(), a body parser): say so, rather than
      // fail on a locked stream as if the handler had a bug.
      if (request.bodyUsed) return bodyAlreadyReadResponse(requestId);
      const body = await readJsonBody(request, maxBodyBytes);
      if (!body.ok) return body.response;
      input = body.value;
    } else {
      input = Object.fromEntries(url.searchParams);
    }
    const valid = validateRequest(route.operation, input);
    if (!valid.ok) return valid.response;
    const allowed = checker.check(valid.call);
    if (!allowed.ok) return allowed.response;

    // A browser that has gone away (during authorize or the body) gets no gateway call: the
    // fetch would be aborted before it is sent. Its budget is not spent on nothing.
    if (request.signal.aborted) return gatewayErrorResponse(499, "Client Closed Request");
    const limited = await rateLimit(policy, request, allowed.call, requestId);
    if (limited) return limited;
    return forwardToGateway(valid.call, request, requestId, connection);
  }

  return async (request) => {
    // The browser's id, else one of ours, sent on to the gateway too: every answer carries an id
    // (the route's own refusals included, which the gateway never sees), and it is the same one
    // end to end, so an error's `requestId` in the browser can be found in the gateway's logs.
    const requestId = requestIdOf(request.headers.get("x-request-id"));
    let response: Response;
    try {
      response = await handle(request, requestId);
    } catch (error) {
      // A bug of ours: the details (which could name internals) go to the server's log only,
      // with the id the browser's error shows, to find them by. Not retryable: asking again
      // meets the same bug, and the page's client would otherwise ask three times.
      console.error(`[@pictor/server] internal error (x-request-id ${requestId}):`, error);
      response = gatewayErrorResponse(500, "Internal Server Error in @pictor/server", {
        headers: { "x-should-retry": "false" },
      });
    }
    if (!response.headers.has("x-request-id")) response.headers.set("x-request-id", requestId);
    return request.method === "HEAD" ? withoutBody(response) : response;
  };
}

/** The answer to a HEAD: GET's status and headers, its body dropped (and its stream cancelled). */
function withoutBody(response: Response): Response {
  void response.body?.cancel().catch(() => undefined);
  return new Response(null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Runs the `authorize` hook: `false` is 401, a thrown error 403 (fail closed). What went wrong
 * in the hook is logged with the request's id, never sent to the browser.
 */
async function authorize(
  policy: PictorPolicy,
  request: Request,
  requestId: string,
): Promise<Response | undefined> {
  if (!policy.authorize) return undefined;
  let verdict: boolean | AuthorizeRefusal | OtherAnswer;
  try {
    // Read inside the try: a getter or a Proxy in the answer that throws is the hook's error.
    verdict = readAuthorizeAnswer(await policy.authorize(request));
  } catch (error) {
    // Every browser refused with 403 and nothing in the log would leave the owner guessing
    // (a session store down, a bug in the hook).
    console.error(
      `[@pictor/server] policy.authorize threw (x-request-id ${requestId}); the request was refused with 403:`,
      error,
    );
    return gatewayErrorResponse(403, "Forbidden: the request could not be authorized", {
      code: "permission_denied",
    });
  }
  if (verdict === true) return undefined;
  if (verdict === false)
    return gatewayErrorResponse(401, "Unauthorized: sign in to use this service", {
      code: "unauthorized",
    });
  if ("status" in verdict)
    return gatewayErrorResponse(verdict.status, verdict.message, {
      code: verdict.status === 401 ? "unauthorized" : "permission_denied",
    });
  // Another answer (a session object or null, as `getSession(request)` gives, from JavaScript or a
  // cast) is a bug in the hook: refused as a throw is, never let through, and said on the
  // server's log without the value, which may hold the session.
  console.error(
    `[@pictor/server] policy.authorize returned ${verdict.kind} (x-request-id ${requestId}); it must return true, false or { status: 401 | 403, message }: the request was refused with 403`,
  );
  return gatewayErrorResponse(403, "Forbidden: the request could not be authorized", {
    code: "permission_denied",
  });
}

/** A refusal `authorize` answered as its type says, its fields read once. */
interface AuthorizeRefusal {
  status: 401 | 403;
  message: string;
}

/** An answer that is none of `authorize`'s, named by its kind (never its value) for the log. */
interface OtherAnswer {
  kind: string;
}

/**
 * What `authorize` answered, its fields read once (a getter could answer each read otherwise).
 * Reading may throw (a getter, a Proxy): the caller treats that as the hook throwing.
 */
function readAuthorizeAnswer(verdict: unknown): boolean | AuthorizeRefusal | OtherAnswer {
  if (typeof verdict === "boolean") return verdict;
  if (typeof verdict === "object" && verdict !== null && !Array.isArray(verdict)) {
    const status = "status" in verdict ? verdict.status : undefined;
    const message = "message" in verdict ? verdict.message : undefined;
    if ((status === 401 || status === 403) && typeof message === "string")
      return { status, message };
  }
  return { kind: kindOf(verdict) };
}

/** What kind of value a hook answered, for a log line that must not show the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object that is not { status: 401 | 403, message }";
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

/**
 * Runs the `rateLimit` hook: a wait is 429 with `Retry-After`, a thrown error 503 (fail closed),
 * logged with the request's id as `authorize`'s is, never sent to the browser.
 */
async function rateLimit(
  policy: PictorPolicy,
  request: Request,
  call: PictorCall,
  requestId: string,
): Promise<Response | undefined> {
  if (!policy.rateLimit) return undefined;
  let verdict: { wait: unknown; kind: string } | undefined;
  try {
    // Typed as what JavaScript may answer: `false` (authorize's "no"), a count, `true`.
    const answer: unknown = await policy.rateLimit(request, call);
    // Read inside the try: a getter or a Proxy in the answer that throws is the hook's error.
    verdict = answer === undefined || answer === null ? undefined : readRateLimitAnswer(answer);
  } catch (error) {
    // Every browser refused with 503 and nothing in the log would leave the owner guessing
    // (a store down, a bug in the hook).
    console.error(
      `[@pictor/server] policy.rateLimit threw (x-request-id ${requestId}); the request was refused with 503:`,
      error,
    );
    return gatewayErrorResponse(503, "Service Unavailable: the rate limiter failed");
  }
  if (!verdict) return undefined;
  // "Never" (a user with no budget at all) has no Retry-After: without one, and told not to
  // retry, the page's client gives up at once instead of asking again a second later.
  if (verdict.wait === Number.POSITIVE_INFINITY)
    return gatewayErrorResponse(429, "Rate limit exceeded: no more requests are allowed", {
      headers: { "x-should-retry": "false" },
    });
  const { wait } = verdict;
  // An answer other than nothing or a number of seconds (`false`, authorize's "no"; `{}`, NaN, a
  // Symbol, from JavaScript or a cast) is a bug in the limiter: it refuses, for a second, never
  // lets through, and the owner is told why on the server's log, as for `authorize`'s.
  if (typeof wait !== "number" || Number.isNaN(wait))
    console.error(
      `[@pictor/server] policy.rateLimit returned ${verdict.kind} (x-request-id ${requestId}); it must return undefined or { retryAfterSeconds }, a number of seconds (Infinity: never): the request was refused for 1 s`,
    );
  // Whole seconds, at least 1: Retry-After takes no fractions, and 0 would invite a hot loop.
  // At most 2^31, RFC 9111's cap for delta-seconds: a longer wait (`Number.MAX_VALUE` for
  // "never") would be written "1.7976931348623157e+308", which no client reads as seconds, so
  // the page's client would retry at once.
  const seconds =
    typeof wait === "number" && !Number.isNaN(wait)
      ? Math.min(maxRetryAfterSeconds, Math.max(1, Math.ceil(wait)))
      : 1;
  return gatewayErrorResponse(429, `Rate limit exceeded: retry after ${seconds} s`, {
    headers: { "retry-after": String(seconds) },
  });
}

/**
 * The wait a `rateLimit` answer (not nothing) asks for, and what it was for the log (its kind,
 * never its value). Reading may throw (a getter, a Proxy): the caller treats that as the hook throwing.
 */
function readRateLimitAnswer(answer: unknown): { wait: unknown; kind: string } {
  // An array (`[30]`) has no `retryAfterSeconds` either: named as what it is, not as `{ … }`.
  if (typeof answer !== "object" || answer === null || Array.isArray(answer))
    return { wait: undefined, kind: kindOf(answer) };
  const wait = "retryAfterSeconds" in answer ? answer.retryAfterSeconds : undefined;
  const waitKind = typeof wait === "number" && Number.isNaN(wait) ? "NaN" : typeof wait;
  return { wait, kind: `{ retryAfterSeconds: ${waitKind} }` };
}

/** Fails at start-up on a policy that cannot be meant (a negative limit, a typo such as `maxN: "2"`). */
function checkedPolicy(policy: PictorPolicy): PictorPolicy {
  if (typeof policy !== "object" || policy === null)
    throw new TypeError(
      "createPictorHandler: `policy` is required (use {} to allow every valid request)",
    );
  // A misspelt limit (`maxn`) would let through what it was meant to stop.
  checkKnownKeys("createPictorHandler: policy", policy, policyKeys);
  // A misspelt value ("hight", "generations") would refuse every request that asks for the one meant.
  knownValues("policy.allowedOperations", policy.allowedOperations, operations);
  knownValues("policy.allowedQualities", policy.allowedQualities, zImageQuality.options);
  knownValues("policy.allowedServiceTiers", policy.allowedServiceTiers, zServiceTier.options);
  list("policy.allowedModels", policy.allowedModels);
  // A hook that is not a function would throw on every request, refusing each one.
  hook("policy.authorize", policy.authorize, "the request");
  hook("policy.rateLimit", policy.rateLimit, "the request and call");
  if (policy.maxN !== undefined) positiveInteger("policy.maxN", policy.maxN);
  if (policy.maxPixels !== undefined) positiveInteger("policy.maxPixels", policy.maxPixels);
  if (policy.maxBodyBytes !== undefined)
    positiveInteger("policy.maxBodyBytes", policy.maxBodyBytes);
  return policy;
}

/**
 * What the client would refuse on every request (a key with a line break, a fetch that is not
 * one), said once and answered per request like a missing key: a build that imports the route
 * with a placeholder key must still succeed. The settings are tried first with a stand-in key,
 * so each problem gets its own code. The message never shows the key.
 */
function connectionProblem(
  connection: GatewayConnection,
): { message: string; code: "invalid_settings" | "invalid_api_key" } | undefined {
  const refusal = (apiKey: string | undefined) => {
    try {
      new Pictor({
        apiKey,
        baseURL: connection.baseURL,
        fetch: connection.fetch,
        fetchOptions: connection.fetchOptions,
        maxRetries: connection.maxRetries,
        timeout: connection.timeout,
      });
    } catch (error) {
      if (error instanceof TypeError) return error.message;
    }
    return undefined;
  };
  const settings = refusal("stand-in-key");
  if (settings) return { message: settings, code: "invalid_settings" };
  const key = refusal(connection.apiKey || undefined);
  return key ? { message: key, code: "invalid_api_key" } : undefined;
}

/**
 * The server's gateway headers, checked by the client's own rules at start-up (a header the
 * client would refuse would otherwise fail every call); its messages never show values.
 */
function checkedHeaders(headers: HeadersInput): HeadersInput {
  try {
    new Pictor({ apiKey: "unused", baseURL: "https://gateway.invalid/v1", headers });
  } catch (error) {
    if (error instanceof TypeError)
      throw new TypeError(`createPictorHandler: ${error.message}`, { cause: error });
    throw error;
  }
  return headers;
}

/**
 * The credentials among the server's gateway headers (a proxy's `Helicone-Auth`, Cloudflare's
 * `cf-aig-authorization`, a session cookie, a `Basic` one decoded too), found as the client finds
 * them: each value whole and without its scheme, redacted from every answer as the key is.
 */
function credentialsIn(headers: HeadersInput | undefined): string[] {
  if (headers === undefined) return [];
  // `Headers` reads each form of the option (record, Headers, pairs), as fetch sends it.
  return credentialsOf(Object.fromEntries(new Headers([...headerPairs(headers)])));
}

/** The `[name, value]` pairs of a headers option, whichever form it takes. */
function headerPairs(headers: HeadersInput): Iterable<[string, string]> {
  if (headers instanceof Headers) return headers;
  if (Array.isArray(headers)) return headers.map(([name, value]) => [name, value]);
  return Object.entries(headers);
}

/** The client checks it too, but only per request: a typo should stop the server, not fail every call. */
function checkedBaseURL(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // Neither is shown: a key in the query or before the @ is the usual reason for one.
  if (url && (url.search || url.hash || url.username || url.password))
    throw new TypeError(
      `createPictorHandler: baseURL ${url.protocol}//${url.host}${url.pathname} must have no query, fragment or user:password@; the key goes in apiKey`,
    );
  // Shown only when it looks like a URL or a path, as the client does: a key set as the baseURL
  // (the wrong line of a .env file) must not reach the server's log.
  const shown = isQuotableBaseURL(value) ? `"${value}" ` : "";
  if (url?.protocol !== "https:" && url?.protocol !== "http:")
    throw new TypeError(
      `createPictorHandler: baseURL ${shown}must be a full http(s) URL, e.g. https://api.llmgateway.io/v1`,
    );
  return value;
}

/** What `createPictorHandler` takes. */
const handlerOptionKeys: readonly (keyof PictorHandlerOptions)[] = [
  "apiKey",
  "baseURL",
  "policy",
  "headers",
  "fetch",
  "fetchOptions",
  "maxRetries",
  "timeout",
];

/** What a policy may say. */
const policyKeys: readonly (keyof PictorPolicy)[] = [
  "allowedOperations",
  "allowedModels",
  "allowedQualities",
  "allowedServiceTiers",
  "maxN",
  "maxPixels",
  "maxBodyBytes",
  "authorize",
  "rateLimit",
];

/** Refuses a key `keys` does not have (one set to undefined says nothing), naming the likely one. */
function checkKnownKeys(where: string, value: object, keys: readonly string[]): void {
  const unknown = unknownKey(value, keys);
  if (unknown)
    throw new TypeError(
      `${where}: unknown option "${unknown.key}"${unknown.near ? ` (did you mean ${unknown.near}?)` : ""}; it takes ${keys.join(", ")}`,
    );
}

/** Refuses a list with a value the gateway does not take, naming the ones it does. */
function knownValues(
  name: string,
  values: readonly string[] | undefined,
  known: readonly string[],
) {
  if (values === undefined) return;
  list(name, values, known);
  const unknown = values.find((value) => !known.includes(value));
  if (unknown !== undefined)
    throw new TypeError(
      `createPictorHandler: ${name} takes ${known.join(", ")}; got ${JSON.stringify(unknown)}`,
    );
}

/**
 * Refuses a list option that is not an array: one value given alone (`allowedModels: "…"`), which
 * would otherwise be read letter by letter or fail on the first request. The example is that
 * value in a list when it is one the option takes (any model id is).
 */
function list(name: string, values: unknown, known?: readonly string[]): void {
  if (values === undefined || Array.isArray(values)) return;
  const fits = typeof values === "string" && values !== "" && (!known || known.includes(values));
  const example = fits ? values : (known?.[0] ?? "bytedance/seedream-4-5");
  throw new TypeError(
    `createPictorHandler: ${name} must be a list such as ${JSON.stringify([example])}, got ${wrongValue(values)}`,
  );
}

/** Refuses a policy hook that is not a function, naming what it is called with. */
function hook(name: string, value: unknown, takes: string): void {
  if (value !== undefined && typeof value !== "function")
    throw new TypeError(
      `createPictorHandler: ${name} must be a function of ${takes}, got ${value === null ? "null" : typeof value}`,
    );
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(
      `createPictorHandler: ${name} must be a positive integer, got ${wrongValue(value)}`,
    );
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(
      `createPictorHandler: ${name} must be a non-negative integer, got ${wrongValue(value)}`,
    );
  return value;
}
