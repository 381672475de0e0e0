import type { ChatFinalMessage } from "./chat-completion-stream";
import { guardFor, PictorError } from "./errors";

/**
 * A chat turn was made (and paid for) but some of its images could not be downloaded or decoded
 * (a provider's https URL that failed, timed out or expired): thrown by a stream's
 * `finalMessage()` and by `chat.completions.imagesOf()`, and held in `IncompleteResultError.errors`
 * for an `images.generate` or `images.edit` call made through chat. Nothing paid for is lost:
 * `partialMessage` is the turn with the images that arrived (its `usage` has the cost),
 * `imageURLs` every image's URL in order, to download the others yourself before they expire,
 * and `failedURLs` with `errors` says which failed and why (`cause` is the first).
 */
export class IncompleteMessageError extends PictorError {
  static override readonly kind: string = "IncompleteMessageError";
  /** The class name, typed so that `isInstance` tells apart classes that look alike. */
  declare readonly name: "IncompleteMessageError";
  /** Whether `value` is an IncompleteMessageError, from any copy of Pictor. */
  static override readonly isInstance: (value: unknown) => value is IncompleteMessageError =
    guardFor<IncompleteMessageError>("IncompleteMessageError");
  /** The turn (text, finish reason, usage and cost) with the images that did arrive. */
  readonly partialMessage: ChatFinalMessage;
  /** The URL of every image of the turn, in the order the gateway sent them. */
  readonly imageURLs: readonly string[];
  /** The URLs whose image could not be had, in order; `errors` holds why, one for one. */
  readonly failedURLs: readonly string[];
  /** Why each of `failedURLs` failed (an `APIConnectionError`, `APITimeoutError`, …). */
  readonly errors: readonly unknown[];
  /** The `x-request-id` of the request that made the images. */
  readonly requestId: string | null;

  constructor(
    partialMessage: ChatFinalMessage,
    imageURLs: readonly string[],
    failed: readonly { url: string; error: unknown }[],
    requestId: string | null,
  ) {
    const first = failed[0]?.error;
    super(
      `${failed.length} of ${imageURLs.length} images could not be downloaded (${first instanceof Error ? first.message : String(first)}); they were paid for: fetch error.failedURLs before they expire${requestId ? ` (request id ${requestId})` : ""}`,
      { cause: first },
    );
    this.partialMessage = partialMessage;
    this.imageURLs = imageURLs;
    this.failedURLs = failed.map(({ url }) => url);
    this.errors = failed.map(({ error }) => error);
    this.requestId = requestId;
  }
}
