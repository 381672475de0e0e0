import { redactText } from "@pictor/contract";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  PictorError,
} from "../core/errors";
import type { RetryEvent } from "../core/retry-event";
import { shouldRetryResponse } from "../core/retryable";
import {
  attemptTimeoutOf,
  releaseAttemptTimeout,
  startAttemptTimeout,
  weakAttemptTimeout,
} from "./attempt-timeout";
import { errorFrom, parseErrorBody } from "./error-from";
import { anySignal, closeWhenAnswered, onAbort } from "./read-or-abort";
import { credentialsOf, noteSentHeaders, quotesCredentials } from "./redact-credentials";
import { retryDelayMs } from "./retry-policy";

/** One request as every attempt sends it: the body is a string or bytes, so it can be sent again. */
export interface OutgoingRequest {
  url: string;
  method: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
}

/** How one call reaches the network. */
export interface TransportOptions {
  /** Resolved at call time, so msw or a test fetch installed after the client is created is used. */
  fetch: () => typeof globalThis.fetch;
  maxRetries: number;
  /** Per-attempt timeout in milliseconds. */
  timeout: number;
  /**
   * True when the caller clears the timeout with `releaseAttemptTimeout(response)` once it has
   * read the body (cheaper); false for responses handed to code that will not.
   */
  releasesResponse: boolean;
  signal?: AbortSignal | undefined;
  /**
   * Aborted when the call's result no longer matters (another call of its fan-out failed): no
   * retry is started, and a backoff ends with the last failure. What is in flight finishes.
   */
  stopRetries?: AbortSignal | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Injected in tests for deterministic backoff. */
  sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
}

/**
 * Sends a request with a per-attempt timeout and retries: 408/409/429/5xx/529 and connection
 * errors, honouring `Retry-After`, never a caller abort or a timeout (the gateway may still be
 * generating, and a retry could pay twice). Only the status decides: once a response is
 * returned its body is the caller's, and it is never retried.
 */
export async function send(request: OutgoingRequest, options: TransportOptions): Promise<Response> {
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  // Each attempt is sent as `fetch(url, init)` from plain data: no `Request` is built, cloned or
  // re-wrapped (each costs tens of µs on Node 20), and a string body replays by construction.
  for (let attempt = 0; ; attempt++) {
    const retriesLeft = attempt < options.maxRetries;
    let response: Response;
    try {
      response = await attemptOnce(request, options);
    } catch (error) {
      if (
        !(APIConnectionError.isInstance(error) && !APITimeoutError.isInstance(error)) ||
        !retriesLeft ||
        options.stopRetries?.aborted
      )
        throw error;
      const delayMs = retryDelayMs(attempt + 1, undefined, random);
      announceRetry(options, {
        retry: attempt + 1,
        maxRetries: options.maxRetries,
        delayMs,
        status: undefined,
        url: request.url,
      });
      if (!(await backoff(delayMs, options, sleep))) throw error;
      continue;
    }
    if (response.ok || !retriesLeft) return response;
    const body = await retryCandidateBody(response);
    // Aborted while that body arrived: no retry to announce, and nobody reads this answer.
    if (options.signal?.aborted) {
      response.body?.cancel().catch(() => undefined);
      releaseAttemptTimeout(response);
      throw new APIUserAbortError({ cause: options.signal.reason });
    }
    // Stopped (a sibling failed, maybe while the body was read): no retry is announced.
    if (
      !shouldRetryResponse(
        response.status,
        response.headers,
        gatewayErrorField(body, "code"),
        gatewayErrorField(body, "message"),
      ) ||
      options.stopRetries?.aborted
    )
      return response;
    const delayMs = retryDelayMs(attempt + 1, response.headers, random);
    // Not awaited: when the body has an unread clone (msw, or a fetch wrapper that clones), the
    // cancel never settles.
    response.body?.cancel().catch(() => undefined);
    releaseAttemptTimeout(response);
    announceRetry(options, {
      retry: attempt + 1,
      maxRetries: options.maxRetries,
      delayMs,
      status: response.status,
      url: request.url,
    });
    // Stopped meanwhile: this attempt's answer is the call's (its body is gone; what was read
    // of it before the wait stays, so the error keeps the gateway's code and message).
    if (!(await backoff(delayMs, options, sleep)))
      throw errorFrom(response, body, credentialsOf(request.headers));
  }
}

async function attemptOnce(request: OutgoingRequest, options: TransportOptions): Promise<Response> {
  if (options.signal?.aborted) throw new APIUserAbortError({ cause: options.signal.reason });
  const timeout = options.releasesResponse
    ? startAttemptTimeout(options.timeout, options.signal)
    : weakAttemptTimeout(options.timeout, options.signal);
  let sent: Promise<Response> | undefined;
  try {
    // The signal goes in `init`: on Node 20 a signal carried by a wrapping Request is linked
    // weakly and can be lost to garbage collection, and the abort with it; so the call is raced
    // against the timeout and the caller's abort too.
    sent = options.fetch()(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: timeout.signal,
    });
    const response = await timeout.race(sent);
    // The timeout lasts until the body is read: whoever reads it releases the timer.
    timeout.guard(response);
    noteSentHeaders(response, request.headers);
    return response;
  } catch (error) {
    // Given up on (time, abort) while a fetch that lost its signal runs on: an answer it still
    // gets is closed, not left holding its connection.
    if (sent) closeWhenAnswered(sent);
    timeout.clear();
    if (PictorError.isInstance(error)) throw error;
    const secrets = credentialsOf(request.headers);
    // An error of the fetch that quotes a credential (in its message, a cause's, or what it
    // holds: an HTTP library's error keeps the request's headers) is left out as the cause.
    const cause = quotesCredentials(error, secrets) ? undefined : { cause: error };
    if (options.signal?.aborted) throw new APIUserAbortError(cause);
    if (timeout.expired()) throw new APITimeoutError(options.timeout, cause);
    // Node's fetch has a wait of its own: undici gives up on an answer's headers after 300 s by
    // default, before Pictor's default timeout; so does a fetch you pass with a timeout of its
    // own (a wrapper adding `AbortSignal.timeout`). A timeout all the same (the gateway may still
    // be generating): not retried, which would pay twice and most likely wait in vain again.
    if (isFetchTimeout(error))
      throw new APITimeoutError(
        options.timeout,
        cause,
        `The fetch gave up before the call's timeout (a timeout of its own, or Node's: undici's headersTimeout, 300 s by default); not retried (the gateway may still be generating). For slower models lift that timeout (on Node: fetchOptions: { dispatcher: new Agent({ headersTimeout: 0 }) }, Agent from undici)`,
      );
    throw new APIConnectionError(
      `Connection error: ${redactText(fetchFailure(error), secrets)}`,
      cause,
    );
  }
}

/**
 * What a failed `fetch` (or body read) says, with its cause's reason: Node's fetch says only
 * "fetch failed" or "terminated", and why (`connect ECONNREFUSED 127.0.0.1:4010`, `getaddrinfo
 * ENOTFOUND host`, `other side closed`) is in its cause.
 */
export function fetchFailure(error: unknown): string {
  const { message = error, cause }: { message?: unknown; cause?: FailureCause } = Object(error);
  // An AggregateError (every address of the host refused) has a code but no message.
  const reason = cause?.message || cause?.code;
  return reason ? `${message} (${reason})` : `${message}`;
}

/** What `fetchFailure` reads of a failure's cause. */
interface FailureCause {
  message?: unknown;
  code?: unknown;
}

/**
 * What the caller's `onRetry` threw, carried out of `send` so that the call ends with it as it
 * is: everything else `send` throws is a Pictor error, and anything else is mapped to one.
 */
export class CallerHookFailure {
  constructor(readonly error: unknown) {}
}

/** Calls the caller's `onRetry`; what it throws ends the call (see `CallerHookFailure`). */
function announceRetry(options: TransportOptions, event: RetryEvent): void {
  try {
    options.onRetry?.(event);
  } catch (error) {
    throw new CallerHookFailure(error);
  }
}

/** The code of undici's (Node's fetch's) own wait for an answer's headers. */
const HEADERS_TIMEOUT_CODE = "UND_ERR_HEADERS_TIMEOUT";

/**
 * Whether `error` is a timeout of the fetch's own: a `TimeoutError` (a wrapper's
 * `AbortSignal.timeout`), or Node's `TypeError: fetch failed` caused by undici's headers timeout.
 */
function isFetchTimeout(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code: unknown = Reflect.get(current, "code");
    if (code === HEADERS_TIMEOUT_CODE || Reflect.get(current, "name") === "TimeoutError")
      return true;
    current = Reflect.get(current, "cause");
  }
  return false;
}

/**
 * The body of an answer that may be retried (and of a 402, whose gateway `code` tells a spend
 * cap from a rate limit), read from a clone so the body stays usable: its JSON, else its text.
 * Read before the backoff, as the code decides whether to retry at all, and a backoff a failed
 * sibling stops ends with this answer, which must keep the gateway's message. Undefined for
 * other statuses or a body that could not be read.
 */
async function retryCandidateBody(response: Response): Promise<unknown> {
  if (response.status !== 402 && !shouldRetryResponse(response.status, response.headers, null))
    return undefined;
  let text: string;
  try {
    // Raced like any body read: an answer whose body stalls must not outlast the attempt.
    const timer = attemptTimeoutOf(response);
    const read = response.clone().text();
    text = await (timer ? timer.race(read) : read);
  } catch {
    return undefined;
  }
  return parseErrorBody(text);
}

/** A string field (`code`, `message`) of the gateway error in a body, or null. */
function gatewayErrorField(body: unknown, field: "code" | "message"): string | null {
  const error =
    typeof body === "object" && body !== null && "error" in body ? body.error : undefined;
  const value: unknown = typeof error === "object" && error !== null && Reflect.get(error, field);
  return typeof value === "string" ? value : null;
}

/**
 * Waits out a retry's backoff; false when `stopRetries` aborted meanwhile (or before). A caller's
 * abort rejects with `APIUserAbortError`, as the sleep does.
 */
async function backoff(
  ms: number,
  options: TransportOptions,
  sleep: NonNullable<TransportOptions["sleep"]>,
): Promise<boolean> {
  const { stopRetries, signal } = options;
  if (!stopRetries) {
    await sleep(ms, signal);
    return true;
  }
  if (stopRetries.aborted) return false;
  const either = anySignal([stopRetries, signal]);
  try {
    await sleep(ms, either.signal);
    return true;
  } catch (error) {
    if (signal?.aborted || !stopRetries.aborted) throw error;
    return false;
  } finally {
    either.unlink();
  }
}

/** Options of a fan-out's calls, by the fan-out's "stop retrying" signal. */
const retryStops = new WeakMap<object, AbortSignal>();

/**
 * A copy of `options` for the calls of one fan-out: once `stop` aborts, none of them starts a
 * retry, and a backoff under way ends with its last failure (a failed sibling already decided
 * the outcome; waiting out up to a minute of `Retry-After` would change nothing).
 */
export function stoppingRetries<T extends object>(options: T, stop: AbortSignal): T {
  const own = { ...options };
  retryStops.set(own, stop);
  return own;
}

/** The "stop retrying" signal of `options`, if a fan-out made them. */
export function retryStopOf(options: object | undefined): AbortSignal | undefined {
  return options && retryStops.get(options);
}

/** Waits `ms`, rejecting at once with `APIUserAbortError` if the caller aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError({ cause: signal.reason }));
    const stop =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(new APIUserAbortError({ cause: signal.reason }));
      });
    const timer = setTimeout(() => {
      stop?.();
      resolve();
    }, ms);
  });
}
