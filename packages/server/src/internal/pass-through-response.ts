import { readServerError } from "@pictor/contract";
import { gatewayErrorObject } from "./gateway-error-response";
import { redactErrorEvents } from "./redact-error-events";
import { redactSecret, textRedactor } from "./redact-secret";

/**
 * Gateway response headers the browser gets: the body's type, caching, the request id, the
 * retry hints (`Retry-After`, `x-should-retry`: the browser's client is the one that retries)
 * and the rest of the rate-limit family (`RateLimit-*`, `X-RateLimit-*`), deprecation notices
 * (`Deprecation`, `Sunset`, and `Link`, which names the migration guide with `rel="deprecation"`).
 * Everything else (cookies, provider headers, lengths that no longer match) stays on the server.
 */
const forwardedHeader =
  /^(content-type|cache-control|x-request-id|retry-after|retry-after-ms|x-should-retry|ratelimit(-.+)?|x-ratelimit-.+|deprecation|sunset|link)$/;

/**
 * The gateway's headers that may reach the browser, minus those its `Connection` names (hop-by-hop:
 * meant for the connection to the route, RFC 9110 §7.6.1) and any value that holds a secret in a
 * form the bodies' redaction finds (as it is, percent-encoded, JSON-escaped): a header is
 * dropped rather than redacted, as a request id or a policy with `[redacted]` in it means nothing.
 * `redact` is the response's one `textRedactor`: building its passes costs more than running them
 * over a header, so it is not built again per header.
 */
export function forwardedHeaders(upstream: Headers, redact: (text: string) => string): Headers {
  const hopByHop = new Set(
    (upstream.get("connection") ?? "").split(",").map((name) => name.trim().toLowerCase()),
  );
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (forwardedHeader.test(name) && !hopByHop.has(name) && redact(value) === value)
      headers.set(name, value);
  });
  return headers;
}

/**
 * A successful gateway response passed through unread: the body streams to the browser chunk by
 * chunk (SSE included) with any echo of a secret redacted; cancelling it cancels the gateway's.
 * `secrets` are the key and the credentials among the server's headers (a proxy's key);
 * `quotedSecrets` those and their base64 forms, which a header and a stream's `event: error` must
 * not hold either (as an error body must not).
 */
export function passThroughSuccess(
  upstream: Response,
  secrets: readonly string[],
  quotedSecrets: readonly string[] = secrets,
): Response {
  const headers = forwardedHeaders(upstream.headers, textRedactor(quotedSecrets));
  const isEventStream = headers.get("content-type")?.includes("text/event-stream") === true;
  if (isEventStream) {
    // Proxies and compression middleware buffer responses unless told not to.
    headers.set("cache-control", "no-cache, no-transform");
    headers.set("x-accel-buffering", "no");
  }
  let body: ReadableStream<Uint8Array> | null = upstream.body;
  for (const secret of secrets) body = body?.pipeThrough(redactSecret(secret)) ?? null;
  // An error event is an error body sent mid-stream: the base64 forms are looked for there only,
  // not in the image events around it.
  if (isEventStream && quotedSecrets.length > secrets.length)
    body = body?.pipeThrough(redactErrorEvents(quotedSecrets)) ?? null;
  return new Response(body, { status: upstream.status, headers });
}

/**
 * A gateway error response in the gateway's format, with its status and headers. `body` is what
 * openapi-fetch read from it (the parsed JSON, or the text when it was not JSON). The browser
 * always gets the format: an error whose fields stray from it keeps its message, type, code and
 * extra fields, minus a `details` of another shape, and another OpenAI-compatible server's own
 * wording (vLLM's, TGI's) its message; anything else (an HTML page from a proxy) is wrapped in it.
 */
export function passThroughError(
  upstream: Response,
  body: unknown,
  secrets: readonly string[],
): Response {
  const redact = textRedactor(secrets);
  const headers = forwardedHeaders(upstream.headers, redact);
  headers.set("content-type", "application/json");
  const error = readServerError(body, upstream.status);
  const payload = error
    ? { error }
    : {
        error: gatewayErrorObject(
          upstream.status,
          `The gateway answered ${upstream.status}${upstream.statusText ? ` ${upstream.statusText}` : ""} without an error body in its format`,
        ),
      };
  // Its strings were decoded by the parse, but one may itself hold JSON (a provider's
  // `responseText`) where the key is still escaped; serialising may escape it again.
  const text = JSON.stringify(redactStrings(payload, redact));
  return new Response(redact(text), {
    status: upstream.status,
    headers,
  });
}

/** `text` with every secret redacted, in the forms `redactSecret` finds. */
export function redactAll(text: string, secrets: readonly string[]): string {
  return textRedactor(secrets)(text);
}

/**
 * How deep an error's arrays and objects are passed on. A real error nests a few levels
 * (`details`, a provider's `cause`); one nested thousands deep (`JSON.parse` takes it) would
 * overflow the stack of this walk or of `JSON.stringify`, and the gateway's 400 would become the
 * route's own 500.
 */
const maxErrorDepth = 64;

/** What stands for a value nested deeper than `maxErrorDepth`: its strings (a key among them) are not sent. */
const nestedTooDeeply = "[nested too deeply]";

/** A parsed JSON value with every string and key in it passed through `redact`. */
function redactStrings(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= maxErrorDepth) return nestedTooDeeply;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact, depth + 1));
  // fromEntries defines own properties: a "__proto__" key stays a key.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      redact(key),
      redactStrings(item, redact, depth + 1),
    ]),
  );
}
