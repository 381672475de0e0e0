import {
  APIConnectionError,
  APIError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
} from "@pictor/client";

/** What the page shows for a failed request: a short headline and the typed error's own message. */
export interface ErrorDescription {
  title: string;
  detail: string;
}

/**
 * Turns an error into words. `isInstance` rather than `instanceof`: it also recognises an
 * error thrown by another copy of `@pictor/client`.
 */
export function describeError(error: Error): ErrorDescription {
  if (RateLimitError.isInstance(error)) {
    const wait =
      error.retryAfterMs === null ? "" : ` Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`;
    return { title: `Too many requests.${wait}`, detail: error.message };
  }
  if (InternalServerError.isInstance(error))
    return { title: "The gateway failed to make the image.", detail: error.message };
  if (PermissionDeniedError.isInstance(error))
    return { title: "This server does not allow that request.", detail: error.message };
  if (RequestValidationError.isInstance(error))
    return { title: "The request is not valid for this model.", detail: error.message };
  if (APIConnectionError.isInstance(error))
    return { title: "The server could not be reached.", detail: error.message };
  if (APIError.isInstance(error)) return { title: "The request failed.", detail: error.message };
  return { title: "Something went wrong.", detail: error.message };
}
