import {
  APICallError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadAPIKeyError,
} from "@ai-sdk/provider";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  IncompleteMessageError,
  IncompleteResultError,
  PictorError,
  RequestValidationError,
  ResponseValidationError,
} from "@pictor/client";
import { elideImageData } from "../internal/elide-image-data";
import { downloadFailure } from "./download-failure";

/** What the mapping needs to know about the call that failed. */
export interface FailedCall {
  /** The gateway URL the call went to (the last response's, else the endpoint's). */
  url: string;
  /** The request as the provider handed it to the client. */
  requestBodyValues: unknown;
  /** The caller's signal: an abort is rethrown as its reason, which the AI SDK never retries. */
  abortSignal: AbortSignal | undefined;
  /** The AI SDK name of a client request field (`aspect_ratio` → `aspectRatio`), for validation errors. */
  argumentOf: (clientPath: string) => string;
  /** What the argument of a client request field is, when its name alone does not say (`user message`). */
  aboutArgument?: (clientPath: string) => string | undefined;
  /** The gateway responses the call had received (one per call of a fan-out), in order. */
  responses: readonly Response[];
  /** Images a stream had handed on before it failed: a retry would make and bill them again. */
  imagesDelivered?: number;
}

/**
 * Maps what `@pictor/client` throws to the errors the AI SDK acts on: `APICallError` (whose
 * `isRetryable` drives the AI SDK's retries, since the client's own are off), an abort
 * reason (never retried), `InvalidArgumentError` for input refused before sending.
 */
export function toAISDKError(error: unknown, call: FailedCall): unknown {
  if (APIUserAbortError.isInstance(error)) return abortReason(call.abortSignal, error);
  // Calls paid for whose images all failed to arrive (the provider asks for partial results, so
  // this comes only with none): the AI SDK gets the failure itself.
  if (IncompleteResultError.isInstance(error) && error.errors.length > 0)
    return toAISDKError(error.errors[0], call);
  // A call made through chat whose image links failed: the first failed link and why.
  if (IncompleteMessageError.isInstance(error)) return downloadFailure(error, error.failedURLs);
  if (APIError.isInstance(error)) {
    const delivered = call.imagesDelivered ?? 0;
    return new APICallError({
      message:
        delivered > 0 && error.retryable
          ? `${error.message} (after ${delivered} image(s) arrived: not retried, as they are paid for)`
          : error.message,
      url: call.url,
      requestBodyValues: call.requestBodyValues,
      statusCode: error.status,
      responseHeaders: Object.fromEntries(error.headers),
      responseBody: typeof error.body === "string" ? error.body : JSON.stringify(error.body),
      data: error.body,
      cause: error,
      isRetryable: error.retryable && delivered === 0,
    });
  }
  if (APIConnectionError.isInstance(error)) {
    // A 2xx already came (the body broke off half-way, or one call of a fan-out failed after
    // another succeeded): the gateway has made and billed those images, and a retry pays again.
    const answered = call.responses.find((response) => response.ok);
    const message = providerTerms(error.message);
    return new APICallError({
      message: answered
        ? `${message} (after the gateway answered ${answered.status}: not retried, as the images are paid for)`
        : message,
      url: call.url,
      requestBodyValues: call.requestBodyValues,
      statusCode: answered?.status,
      responseHeaders: answered ? Object.fromEntries(answered.headers) : undefined,
      cause: error,
      // A timeout is not retried either: the gateway may still be generating, and a second
      // attempt could pay for the same images twice. A connection that never got an answer is.
      isRetryable: !answered && !APITimeoutError.isInstance(error),
    });
  }
  if (RequestValidationError.isInstance(error)) {
    const argument = [...new Set(error.issues.map((issue) => call.argumentOf(issue.path)))].join(
      ", ",
    );
    const message = `Invalid request, nothing was sent:\n${error.issues
      .map((issue) => {
        const about = call.aboutArgument?.(issue.path);
        return `  - ${call.argumentOf(issue.path)}${about ? ` (${about})` : ""}: ${issue.message}${issue.accepted?.length ? ` (accepted: ${issue.accepted.join(", ")})` : ""}`;
      })
      .join("\n")}`;
    return new InvalidArgumentError({ argument, message, cause: error });
  }
  if (ResponseValidationError.isInstance(error)) {
    // What arrived may hold a chat answer's images, whichever part of it is off the spec: each
    // shows as its length, or the error carries megabytes into logs (or into a page, through an
    // `onError` that serializes it).
    return new InvalidResponseDataError({
      data: elideImageData(error.body),
      message: error.message,
    });
  }
  return error;
}

/**
 * The client's advice on a timeout in the provider's terms: the client's `timeout` is
 * `createPictor`'s here, and the AI SDK's per-call `timeout` cannot raise it (it only aborts).
 */
function providerTerms(message: string): string {
  return message.replace(
    "raise the `timeout` option (client or per call)",
    "raise createPictor({ timeout }) (10 minutes by default; the AI SDK's own `timeout` can only shorten a call)",
  );
}

/** The reason of an aborted call, as `fetch` rejects with it; an `AbortError` if there is none. */
export function abortReason(signal: AbortSignal | undefined, cause?: unknown): unknown {
  if (signal?.aborted && signal.reason !== undefined) return signal.reason;
  return new DOMException(
    cause instanceof Error ? cause.message : "The operation was aborted",
    "AbortError",
  );
}

/** The client refused its settings (no API key, a key in browser code): the AI SDK's key error; a setting of the wrong kind stays a TypeError, in createPictor's words. */
export function settingsError(error: unknown): unknown {
  // A setting of the wrong kind (`baseURL: null`): the client names its own constructor.
  if (error instanceof TypeError && error.message.startsWith("new Pictor(options)"))
    return new TypeError(error.message.replace("new Pictor(options)", "createPictor(settings)"));
  if (!PictorError.isInstance(error)) return error;
  // The client refuses a key in a page and offers an opt-in the provider does not have: a
  // provider that holds a key belongs on a server.
  if (error.message.startsWith("An API key in browser code"))
    return new LoadAPIKeyError({
      message:
        "An API key in browser code is readable by anyone who opens the page: run the provider on your server (a route handler that calls streamText or generateImage), keep the key there, and let the page talk to that route (useChat).",
    });
  // The client's advice names its own constructor; here the key goes to createPictor.
  const message = error.message.replaceAll("new Pictor({ apiKey })", "createPictor({ apiKey })");
  return new LoadAPIKeyError({ message });
}
