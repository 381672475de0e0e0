import type { ErrorObject } from "@pictor/contract";
import { checkBaseURLAdvice } from "../internal/check-base-url-advice";
import type { GeneratedImage } from "./generated-image";
import type { ImageCost, ImageResult } from "./image-result";
import { retryAfterMs, shouldRetryResponse } from "./retryable";

const marker = Symbol.for("pictor.error");

/**
 * A type guard for one class of the hierarchy that works across duplicate copies of Pictor
 * (it reads the class-name chain under a `Symbol.for` marker) and as a detached function
 * (`errors.filter(RateLimitError.isInstance)`).
 */
export function guardFor<T>(kind: string): (value: unknown) => value is T {
  return (value: unknown): value is T => {
    if (typeof value !== "object" || value === null || !(marker in value)) return false;
    const chain = (value as { [marker]: unknown })[marker];
    return Array.isArray(chain) && chain.includes(kind);
  };
}

/**
 * The root of every error Pictor throws. `isInstance` works even when two copies of the
 * package are loaded (it checks a `Symbol.for` marker and the class name chain), where
 * `instanceof` would not.
 */
export class PictorError extends Error {
  /** The class names from this error's class up to `PictorError`, for `isInstance`. */
  readonly [marker]: readonly string[];
  /** The class name, stable under minification. */
  static readonly kind: string = "PictorError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const chain: string[] = [];
    for (
      let proto: object | null = new.target.prototype;
      proto && proto !== Error.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      const kind = (proto.constructor as { kind?: unknown }).kind;
      if (typeof kind === "string" && chain.at(-1) !== kind) chain.push(kind);
    }
    this.name = chain[0] ?? "PictorError";
    this[marker] = chain;
  }

  /** Whether `value` is a Pictor error, from any copy of Pictor. */
  static readonly isInstance: (value: unknown) => value is PictorError =
    guardFor<PictorError>("PictorError");
}

/** What the gateway said about a failed request. */
export interface APIErrorDetails {
  status: number;
  headers: Headers;
  /** The gateway's error object, read from the body, when it had one. */
  error?: ErrorObject | undefined;
  /** The body as parsed (text when it was not JSON), kept whole with every diagnostic in it. */
  body?: unknown;
}

/**
 * The gateway answered with an error status. Carries `status`, `code`, `type`, `param` and
 * `requestId` (quote it to support); the subclass says which status.
 */
export class APIError extends PictorError {
  static override readonly kind: string = "APIError";
  /** Whether `value` is a APIError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is APIError =
    guardFor<APIError>("APIError");
  /** HTTP status. */
  readonly status: number;
  /** The gateway's machine-readable code (`rate_limit_exceeded`, `billing_error`, ...), or null. */
  readonly code: string | null;
  /** The gateway's error type (`invalid_request_error`, `api_error`, ...). */
  readonly type: string | null;
  /** The request field at fault, when the gateway names one. */
  readonly param: string | null;
  /** The `x-request-id` of the failed request. */
  readonly requestId: string | null;
  /** Response headers; a credential of the request that a gateway or proxy echoed in one shows as `[redacted]`. */
  readonly headers: Headers;
  /** The parsed error body. */
  readonly body: unknown;
  /**
   * How long the gateway asked to wait before trying again, in milliseconds, from
   * `retry-after-ms` or `Retry-After` (seconds or a date), on any status that sends one (429,
   * 503, 529, ...); null when it did not say. The client's retries wait this long; one asking over a
   * minute is not retried.
   */
  readonly retryAfterMs: number | null;

  constructor(details: APIErrorDetails, message?: string) {
    const requestId = details.headers.get("x-request-id");
    // `||`: an empty message (a provider's error passed through) says nothing; the status does.
    const gatewayMessage = details.error?.message || withoutGatewayError(details);
    super(
      message ??
        `${details.status} ${gatewayMessage}${requestId ? ` (request id ${requestId})` : ""}`,
    );
    this.status = details.status;
    this.code = details.error?.code ?? null;
    this.type = details.error?.type ?? null;
    this.param = details.error?.param ?? null;
    this.requestId = requestId;
    this.headers = details.headers;
    this.body = details.body ?? (details.error && { error: details.error });
    this.retryAfterMs = retryAfterMs(details.headers);
  }

  /**
   * Whether another attempt may succeed, by the client's own retry rule: 408, 409, 429, 5xx and
   * 529, as `x-should-retry` overrides, never with a billing, credit or quota code (nor a 429
   * whose message speaks of a spend limit).
   */
  get retryable(): boolean {
    // The message holds the gateway's own (a spend cap tells itself apart only there).
    return shouldRetryResponse(this.status, this.headers, this.code, this.message);
  }
}

/** 400: the gateway rejected the request; `param` names the field. */
export class BadRequestError extends APIError {
  static override readonly kind: string = "BadRequestError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "BadRequestError";
  /** Whether `value` is a BadRequestError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is BadRequestError =
    guardFor<BadRequestError>("BadRequestError");
}
/** 401: the API key is missing or wrong. */
export class AuthenticationError extends APIError {
  static override readonly kind: string = "AuthenticationError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "AuthenticationError";
  /** Whether `value` is a AuthenticationError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is AuthenticationError =
    guardFor<AuthenticationError>("AuthenticationError");
}
/** 402: out of credits or over the spend cap; never retried. */
export class PaymentRequiredError extends APIError {
  static override readonly kind: string = "PaymentRequiredError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "PaymentRequiredError";
  /** Whether `value` is a PaymentRequiredError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is PaymentRequiredError =
    guardFor<PaymentRequiredError>("PaymentRequiredError");
}
/** 403: the key may not use this model or endpoint. */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = "PermissionDeniedError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "PermissionDeniedError";
  /** Whether `value` is a PermissionDeniedError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is PermissionDeniedError =
    guardFor<PermissionDeniedError>("PermissionDeniedError");
}
/** 404: unknown model or route. */
export class NotFoundError extends APIError {
  static override readonly kind: string = "NotFoundError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "NotFoundError";
  /** Whether `value` is a NotFoundError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is NotFoundError =
    guardFor<NotFoundError>("NotFoundError");
}
/** 409: a conflicting request; retried. */
export class ConflictError extends APIError {
  static override readonly kind: string = "ConflictError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "ConflictError";
  /** Whether `value` is a ConflictError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is ConflictError =
    guardFor<ConflictError>("ConflictError");
}
/** 413: the request (usually its input images) is too large. */
export class PayloadTooLargeError extends APIError {
  static override readonly kind: string = "PayloadTooLargeError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "PayloadTooLargeError";
  /** Whether `value` is a PayloadTooLargeError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is PayloadTooLargeError =
    guardFor<PayloadTooLargeError>("PayloadTooLargeError");
}
/** 422: the request was understood but cannot be processed. */
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = "UnprocessableEntityError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "UnprocessableEntityError";
  /** Whether `value` is a UnprocessableEntityError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is UnprocessableEntityError =
    guardFor<UnprocessableEntityError>("UnprocessableEntityError");
}
/** 429: too many requests; `retryAfterMs` says when to try again (a spend-cap 429 is never retried). */
export class RateLimitError extends APIError {
  static override readonly kind: string = "RateLimitError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "RateLimitError";
  /** Whether `value` is a RateLimitError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is RateLimitError =
    guardFor<RateLimitError>("RateLimitError");
}
/** 5xx: the gateway or the provider failed; retried (but 501 and 505, which say it never can). */
export class InternalServerError extends APIError {
  static override readonly kind: string = "InternalServerError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "InternalServerError";
  /** Whether `value` is a InternalServerError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is InternalServerError =
    guardFor<InternalServerError>("InternalServerError");
}
/** 529: the gateway is overloaded; retried after `Retry-After` (`retryAfterMs`). */
export class OverloadedError extends APIError {
  static override readonly kind: string = "OverloadedError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "OverloadedError";
  /** Whether `value` is a OverloadedError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is OverloadedError =
    guardFor<OverloadedError>("OverloadedError");
}

/** The request never got an HTTP answer (DNS, refused or reset connection, broken body). */
export class APIConnectionError extends PictorError {
  static override readonly kind: string = "APIConnectionError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "APIConnectionError" | "APITimeoutError";
  /** Whether `value` is a APIConnectionError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is APIConnectionError =
    guardFor<APIConnectionError>("APIConnectionError");
  constructor(
    message = "Connection error: the gateway could not be reached",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No answer within the timeout (image generation can take minutes: raise `timeout` if needed). */
export class APITimeoutError extends APIConnectionError {
  static override readonly kind: string = "APITimeoutError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "APITimeoutError";
  /** Whether `value` is a APITimeoutError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is APITimeoutError =
    guardFor<APITimeoutError>("APITimeoutError");
  /** `message` replaces the default one, for a wait that ended elsewhere (Node's fetch's own). */
  constructor(timeoutMs: number, options?: { cause?: unknown }, message?: string) {
    super(
      message ??
        `Request timed out after ${timeoutMs} ms. Image generation can be slow: raise the \`timeout\` option (client or per call).`,
      options,
    );
  }
}

/** The caller aborted the request through its `signal`; never retried. */
export class APIUserAbortError extends PictorError {
  static override readonly kind: string = "APIUserAbortError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "APIUserAbortError";
  /** Whether `value` is a APIUserAbortError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is APIUserAbortError =
    guardFor<APIUserAbortError>("APIUserAbortError");
  /**
   * What the calls of an `images` fan-out that were answered before the abort made: images
   * already paid for, with their cost and request ids (its `errors` hold the calls cut short),
   * and what filtered calls were billed. `undefined` when nothing was answered or billed, or the
   * request was not an `images` call.
   */
  readonly partialResult: ImageResult | undefined;
  constructor(options?: { cause?: unknown; partialResult?: ImageResult }) {
    // Read by name: a DOMException of another realm fails `instanceof`.
    const timedOut = Object(options?.cause).name === "TimeoutError";
    // `Error` reads only `cause` of the options.
    super(
      timedOut
        ? "Request was aborted by the caller's signal, which timed out (AbortSignal.timeout); Pictor's `timeout` option times each attempt and retries"
        : "Request was aborted by the caller",
      options,
    );
    this.partialResult = options?.partialResult;
  }
}

/**
 * The gateway answered but made no image because the provider's safety filter blocked the
 * prompt (`data: []` or `finish_reason: "content_filter"`). Rephrase the prompt; retrying the
 * same one usually fails again.
 */
export class ContentFilterError extends PictorError {
  static override readonly kind: string = "ContentFilterError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "ContentFilterError";
  /** Whether `value` is a ContentFilterError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is ContentFilterError =
    guardFor<ContentFilterError>("ContentFilterError");
  /** The `x-request-id` of the filtered request (of the first filtered call, for a fan-out). */
  readonly requestId: string | null;
  /**
   * The `x-request-id` of every filtered call, `requestId` first: one for a single call, each
   * call's when every call of a fan-out was filtered (each may be billed: `cost` sums them).
   */
  readonly requestIds: readonly (string | null)[];
  /**
   * What the gateway charged for the filtered request, when its answer said: a provider may
   * bill the prompt though it made no image. Undefined when the answer had no cost.
   */
  readonly cost: ImageCost | undefined;
  constructor(
    requestId: string | null,
    message?: string,
    costUsd?: number,
    requestIds: readonly (string | null)[] = [requestId],
  ) {
    super(
      message ??
        `The provider's content filter blocked this request and no image was made${requestId ? ` (request id ${requestId})` : ""}. Rephrase the prompt.`,
    );
    this.requestId = requestId;
    this.requestIds = requestIds;
    this.cost = costUsd === undefined ? undefined : { usd: costUsd, source: "gateway" };
  }
}

/** One reason a request was refused before it was sent. */
export interface ValidationIssue {
  /** The field, as a dotted path (`size`, `images.2`, `image_config.seed`). */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
  /** The accepted values, when they are a short list; for a size rule in pixels, a few sizes that fit it. */
  accepted?: readonly string[] | undefined;
}

/** Bad input caught before any request was sent (nothing was paid for); `issues` names each field. */
export class RequestValidationError extends PictorError {
  static override readonly kind: string = "RequestValidationError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "RequestValidationError";
  /** Whether `value` is a RequestValidationError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is RequestValidationError =
    guardFor<RequestValidationError>("RequestValidationError");
  /** Every problem found, one per field. */
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(
      `Invalid request, nothing was sent:\n${issues.map((issue) => `  - ${issue.path || "(request)"}: ${issue.message}`).join("\n")}`,
    );
    this.issues = issues;
  }
}

/** The gateway answered something that is not what the spec says; `body` keeps what arrived. */
export class ResponseValidationError extends PictorError {
  static override readonly kind: string = "ResponseValidationError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "ResponseValidationError";
  /** Whether `value` is a ResponseValidationError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is ResponseValidationError =
    guardFor<ResponseValidationError>("ResponseValidationError");
  /** The response as received (text when it was not JSON). */
  readonly body: unknown;
  /** The `x-request-id`, if any. */
  readonly requestId: string | null;
  constructor(
    message: string,
    body: unknown,
    requestId: string | null,
    options?: { cause?: unknown },
  ) {
    super(`${message}${requestId ? ` (request id ${requestId})` : ""}`, options);
    this.body = body;
    this.requestId = requestId;
  }
}

/** The error class for a status: one factory, as openai-node does. */
export function apiErrorFor(details: APIErrorDetails): APIError {
  switch (details.status) {
    case 400:
      return new BadRequestError(details);
    case 401:
      // @pictor/server's `authorize` refuses a page's user with code "unauthorized": the page has
      // no key to check, and the route's message says what to do (sign in). "" adds no hint.
      return new AuthenticationError(
        details,
        withHint(
          details,
          details.error?.code === "unauthorized"
            ? ""
            : "Check LLM_GATEWAY_API_KEY or the `apiKey` option.",
        ),
      );
    case 402:
      return new PaymentRequiredError(
        details,
        withHint(details, "Add credits or raise the spend limit in the gateway dashboard."),
      );
    case 403:
      return new PermissionDeniedError(details);
    case 404:
      return new NotFoundError(details);
    case 409:
      return new ConflictError(details);
    case 413:
      return new PayloadTooLargeError(
        details,
        withHint(details, "Send fewer or smaller input images."),
      );
    case 422:
      return new UnprocessableEntityError(details);
    case 429:
      return new RateLimitError(details);
    case 529:
      return new OverloadedError(details);
    default:
      return details.status >= 500 ? new InternalServerError(details) : new APIError(details);
  }
}

/**
 * The message of an error whose body is not the gateway's JSON error: an HTML page says the
 * answer came from something else (a proxy, a route that is not mounted), which its status
 * alone does not.
 */
function withoutGatewayError(details: APIErrorDetails): string {
  const type = details.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (typeof details.body !== "string" || !type || type.includes("json"))
    return `HTTP ${details.status}`;
  return `HTTP ${details.status}, answered with ${type} instead of the gateway's JSON error${checkBaseURLAdvice}`;
}

function withHint(details: APIErrorDetails, hint: string): string {
  const requestId = details.headers.get("x-request-id");
  // The gateway's message usually ends a sentence already: no second full stop. (A loop, not
  // /[.\s]+$/, which takes quadratic time on a long run of spaces in a hostile body.)
  const text = details.error?.message || withoutGatewayError(details);
  let end = text.length;
  while (end > 0 && (text[end - 1] === "." || text[end - 1]?.trim() === "")) end--;
  const message = text.slice(0, end);
  // A gateway message that gives the same advice already ("… Add credits or raise the limit")
  // needs no second telling; nor does an empty hint (every message includes "").
  const advised = message
    .toLowerCase()
    .includes(hint.split(" ").slice(0, 3).join(" ").toLowerCase());
  return `${details.status} ${message}.${advised ? "" : ` ${hint}`}${requestId ? ` (request id ${requestId})` : ""}`;
}

/** "2 call(s) failed (first: …)": how many calls of a fan-out failed, and why the first did. */
export function failedCalls(errors: readonly unknown[]): string {
  const first = errors[0];
  return `${errors.length} call(s) failed (first: ${first instanceof Error ? first.message : String(first)})`;
}

/**
 * Fewer images arrived than asked: some calls of a fanned-out request (`n` split over calls)
 * failed after others had made images, an image made through chat could not be downloaded (its
 * `IncompleteMessageError` in `errors` has the links), a call through chat was answered with
 * text and no image, no filter saying so (its `ResponseValidationError` in `errors` quotes what
 * the model wrote), or the gateway made fewer than asked.
 * Nothing paid for is lost: `partialResult` is the result of the calls that succeeded
 * (images, cost, usage, request ids, with a `partial-result` warning); `errors` every failure
 * (`cause` is the first). Pass `partialResults: "return"` to get that result instead.
 */
export class IncompleteResultError extends PictorError {
  static override readonly kind: string = "IncompleteResultError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "IncompleteResultError";
  /** Whether `value` is a IncompleteResultError (or a subclass), from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is IncompleteResultError =
    guardFor<IncompleteResultError>("IncompleteResultError");
  /** What the calls that succeeded made and cost. */
  readonly partialResult: ImageResult;
  /** The images that were made before or despite the failures (`partialResult.images`). */
  readonly partialImages: readonly GeneratedImage[];
  /**
   * Every failed call's error, in the order they failed: the first is also `cause`. Empty when
   * no call failed but the gateway made fewer images than asked, even when asked again.
   */
  readonly errors: readonly unknown[];
  constructor(requested: number, partialResult: ImageResult, errors: readonly unknown[]) {
    const made = `Only ${partialResult.images.length} of ${requested} images arrived`;
    super(
      errors.length === 0
        ? `${made}: the gateway made fewer than asked, also when asked again (partialResults: "return" returns them)`
        : `${made}: ${failedCalls(errors)}`,
      errors.length === 0 ? undefined : { cause: errors[0] },
    );
    this.partialResult = partialResult;
    this.partialImages = partialResult.images;
    this.errors = errors;
  }
}
