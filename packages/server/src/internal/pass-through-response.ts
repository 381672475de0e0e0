import { readServerError } from "@pictor/contract";
import { gatewayErrorObject } from "./gateway-error-response";
import { redactSecret, redactSecretInText } from "./redact-secret";

/**
 * Gateway response headers the browser gets: the body's type, caching, the request id, the
 * retry hints (`Retry-After`, `x-should-retry`: the browser's client is the one that retries)
 * and the rest of the rate-limit family (`RateLimit-*`, `X-RateLimit-*`), deprecation notices.
 * Everything else (cookies, provider headers, lengths that no longer match) stays on the server.
 */
const forwardedHeader =
  /^(content-type|cache-control|x-request-id|retry-after|retry-after-ms|x-should-retry|ratelimit(-.+)?|x-ratelimit-.+|deprecation|sunset)$/;

/**
 * The gateway's headers that may reach the browser, minus any value that holds the key in a
 * form the bodies' redaction finds (as it is, percent-encoded, JSON-escaped): a header is
 * dropped rather than redacted, as a request id or a policy with `[redacted]` in it means nothing.
 */
export function forwardedHeaders(upstream: Headers, secret: string): Headers {
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (forwardedHeader.test(name) && redactSecretInText(value, secret) === value)
      headers.set(name, value);
  });
  return headers;
}

/**
 * A successful gateway response passed through unread: the body streams to the browser chunk by
 * chunk (SSE included) with any echo of the key redacted; cancelling it cancels the gateway's.
 */
export function passThroughSuccess(upstream: Response, secret: string): Response {
  const headers = forwardedHeaders(upstream.headers, secret);
  if (headers.get("content-type")?.includes("text/event-stream")) {
    // Proxies and compression middleware buffer responses unless told not to.
    headers.set("cache-control", "no-cache, no-transform");
    headers.set("x-accel-buffering", "no");
  }
  const body = upstream.body ? upstream.body.pipeThrough(redactSecret(secret)) : null;
  return new Response(body, { status: upstream.status, headers });
}

/**
 * A gateway error response in the gateway's format, with its status and headers. `body` is what
 * openapi-fetch read from it (the parsed JSON, or the text when it was not JSON). The browser
 * always gets the format: an error whose fields stray from it keeps its message, type, code and
 * extra fields, minus a `details` of another shape, and another OpenAI-compatible server's own
 * wording (vLLM's, TGI's) its message; anything else (an HTML page from a proxy) is wrapped in it.
 */
export function passThroughError(upstream: Response, body: unknown, secret: string): Response {
  const headers = forwardedHeaders(upstream.headers, secret);
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
  const text = JSON.stringify(redactStrings(payload, secret));
  return new Response(redactSecretInText(text, secret), {
    status: upstream.status,
    headers,
  });
}

/** A parsed JSON value with `secret` redacted from every string and key in it. */
function redactStrings(value: unknown, secret: string): unknown {
  if (typeof value === "string") return redactSecretInText(value, secret);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, secret));
  if (typeof value !== "object" || value === null) return value;
  // fromEntries defines own properties: a "__proto__" key stays a key.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      redactSecretInText(key, secret),
      redactStrings(item, secret),
    ]),
  );
}
