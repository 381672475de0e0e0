import { APICallError } from "@ai-sdk/provider";
import { IncompleteMessageError } from "@pictor/client";

/**
 * Images the gateway made (and billed) whose provider links could not be downloaded, as the AI
 * SDK's error: its `url` is the first link that failed (to fetch while it lasts), its message
 * names every failed link and why, and it is not retryable (generating again pays again).
 * `urls` are the links asked for, named when `error` does not say which failed.
 */
export function downloadFailure(error: unknown, urls: readonly string[]): APICallError {
  // The client's IncompleteMessageError says which links failed and why (the others arrived).
  const incomplete = IncompleteMessageError.isInstance(error) ? error : undefined;
  const failed = incomplete?.failedURLs ?? urls;
  const why = incomplete?.errors[0] ?? error;
  return new APICallError({
    message: `The gateway made the image(s), but downloading ${failed.join(", ")} from the provider failed: ${why instanceof Error ? why.message : String(why)}`,
    url: failed[0] ?? "",
    requestBodyValues: undefined,
    cause: error,
    isRetryable: false,
  });
}
