import type { ImageCallResult } from "./image-call";

/**
 * An image call that was answered (and paid for) but failed afterwards, e.g. a provider's image
 * URL that could not be downloaded: the images it did get and its cost belong to the result;
 * `error` is the failure. Internal: `images.generate` and `images.edit` unwrap it.
 */
export class PaidCallFailure {
  constructor(
    readonly result: ImageCallResult,
    readonly error: unknown,
  ) {}
}
