import type { Fault, OperationId } from "../faults/fault";
import { gatewayError } from "./gateway-error";
import { rateLimitHeaders } from "./rate-limiter";

/** The gateway's 500 when the model's answer held no image and no filter stopped it (`/images/*` only). */
export const NO_IMAGES_MESSAGE =
  "The model did not generate any images. Try a different model with image generation capabilities (e.g., gemini-3.1-flash-image, gemini-3-pro-image).";

/** The message of an injected spend-cap 429 (the gateway's own wording is not published). */
const spendCapMessage =
  "Spend limit reached for this organization: requests are refused until the daily or monthly limit resets, or an owner raises it in the dashboard.";

/**
 * The gateway's message on a 429 from its per-org, per-path rate limit, naming the request's
 * path and the seconds to wait (as its Retry-After).
 */
export function rateLimitMessage(path: string, retryAfterSeconds: number): string {
  return `Rate limit exceeded for ${path}. Please retry after ${retryAfterSeconds} seconds.`;
}

/**
 * The response that replaces the normal answer for faults that need no handler; else undefined.
 * `path` is the request's, as the gateway names it in a 429.
 * `nowMs` is the gateway's clock (its `now` option), so an HTTP-date Retry-After agrees with
 * the reset the rate-limit headers give.
 */
export function faultResponse(
  fault: Fault,
  operation: OperationId,
  path: string,
  nowMs: number,
): Response | undefined {
  switch (fault.type) {
    case "rate_limit": {
      const headers = new Headers();
      const seconds = fault.retryAfterSeconds ?? 1;
      headers.set(
        "retry-after",
        fault.retryAfterDate ? new Date(nowMs + seconds * 1000).toUTCString() : String(seconds),
      );
      if (fault.retryAfterMs !== undefined)
        headers.set("retry-after-ms", String(fault.retryAfterMs));
      // The window's own headers agree with the refusal: none left until the wait is over (the
      // limit and policy are the window's, added with the gateway's other headers).
      const refusal = rateLimitHeaders(
        { limit: 0, remaining: 0, resetSeconds: seconds, windowSeconds: 0 },
        nowMs,
      );
      for (const name of refusalHeaders) headers.set(name, refusal[name] ?? "");
      return gatewayError(429, rateLimitMessage(path, seconds), { headers });
    }
    case "spend_cap":
      // The gateway's daily and monthly USD caps answer 429 with its one 429 code: only the
      // message says that no wait short of the reset (or the owner raising it) will help.
      return fault.status === 429
        ? gatewayError(429, spendCapMessage)
        : gatewayError(
            402,
            "Insufficient credits: your organization's spend limit is reached. Add credits or raise the limit in the dashboard.",
          );
    case "server_error":
      return serverError(fault.status);
    case "no_images":
      // Only /images/* turn an answer without images into an error; a chat answers with text.
      return operation === "generateImages" || operation === "editImages"
        ? gatewayError(500, NO_IMAGES_MESSAGE)
        : undefined;
    case "malformed_json":
      return new Response('{"created": 1760000000, "data": [{"b64_json": "iVBORw0KGgo', {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    default:
      return undefined;
  }
}

/** The rate-limit headers an injected 429 sets itself: those about what is left and when. */
const refusalHeaders = [
  "ratelimit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
] as const;

function serverError(status: 500 | 502 | 503 | 504 | 529): Response {
  switch (status) {
    case 502:
      return gatewayError(502, "Error from provider: upstream connection terminated");
    case 503:
      return gatewayError(503, "Service Unavailable", { headers: { "retry-after": "1" } });
    case 504:
      return gatewayError(504, "Gateway Timeout");
    case 529:
      return gatewayError(529, "Gateway overloaded, please retry", {
        headers: { "retry-after": "1" },
      });
    default:
      return gatewayError(500, "Internal Server Error");
  }
}

/**
 * Faults that damage an answer after it was made: a body cut half-way (also for a stream
 * fault on a non-streaming request), or a 502 for a stream error on a non-streaming request.
 */
export async function applyResponseFault(fault: Fault, response: Response): Promise<Response> {
  const streaming = response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
  if (fault.type === "stream_error" && !streaming) {
    return gatewayError(502, fault.message ?? "Error from provider: upstream stream failed");
  }
  if (fault.type === "truncated_body" || (fault.type === "truncated_stream" && !streaming)) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const half = bytes.subarray(0, Math.floor(bytes.byteLength / 2));
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      // The half goes out first; the error comes on the next pull (erroring in start() would
      // discard the queued half, and the client would see no byte at all).
      async pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(half);
          return;
        }
        // A short pause, as a real connection dies some time after the last bytes: a reader
        // behind a tee (msw clones responses) gets the half before the error discards it.
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.error(
          new TypeError("terminated: the mock gateway cut the body (injected fault)"),
        );
      },
    });
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(body, { status: response.status, headers });
  }
  return response;
}
