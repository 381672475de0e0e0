import { APICallError } from "@ai-sdk/provider";
import { IncompleteMessageError } from "@pictor/client";

/**
 * Images the gateway made (and billed) whose provider links could not be downloaded, as the AI
 * SDK's error: its `url` is the first link that failed (to fetch while it lasts), its message
 * names every failed link and why, and it is not retryable (generating again pays again).
 * `urls` are the links asked for, named when `error` does not say which failed.
 */
export function downloadFailure(error: unknown, urls: readonly string[]): APICallError {
  return new APICallError({
    message: downloadFailureMessage(error, urls),
    url: failedURLs(error, urls)[0] ?? "",
    requestBodyValues: undefined,
    cause: error,
    isRetryable: false,
  });
}

/** What {@link downloadFailure} says: every failed link and why the first one failed. */
export function downloadFailureMessage(error: unknown, urls: readonly string[]): string {
  // The client's IncompleteMessageError says why (its other links arrived).
  const why = (IncompleteMessageError.isInstance(error) ? error.errors[0] : undefined) ?? error;
  return `The gateway made the image(s), but downloading ${failedURLs(error, urls).join(", ")} from the provider failed: ${why instanceof Error ? why.message : String(why)}`;
}

/** The links that failed: those the client's IncompleteMessageError names, else all of `urls`. */
function failedURLs(error: unknown, urls: readonly string[]): readonly string[] {
  return IncompleteMessageError.isInstance(error) ? error.failedURLs : urls;
}
