import type { RequestOptions } from "./request-options";

/** Per-call options of `images.generate` and `images.edit`. */
export interface ImageRequestOptions extends RequestOptions {
  /** Gateway calls in flight when `n` fans out (default: the client's `maxConcurrency`, 4). */
  maxConcurrency?: number | undefined;
  /**
   * When some calls of a fan-out fail: `"throw"` (default) stops starting new calls and throws
   * `IncompleteResultError` carrying the images already made; `"return"` returns them with a
   * `partial-result` warning. A request whose every call fails throws the first error as is;
   * one whose calls were answered (and paid for) but brought no image throws
   * `IncompleteResultError` in both modes.
   */
  partialResults?: "throw" | "return" | undefined;
  /**
   * Edits: ask each https input for its first bytes before sending (default `true`), so a dead
   * link or a page that is not an image is a `RequestValidationError` naming the input instead
   * of a failed, possibly billed, gateway call. Turn it off on a server that takes URLs from
   * untrusted users (the check makes your server request them) or when the URLs only resolve
   * from the gateway's network.
   */
  checkImageURLs?: boolean | undefined;
}
