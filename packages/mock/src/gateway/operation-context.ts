import type { Fault } from "../faults/fault";
import type { ImageUrlResolver } from "../operations/input-images";

/** What an operation's checks of a request need besides its validated body. */
export interface CheckContext {
  /** The gateway's clock in milliseconds (model deactivation dates are checked against it). */
  now: number;
  resolveImageUrl: ImageUrlResolver;
  /**
   * The gateway's 401 when the request's key does not resolve, else undefined. The operation
   * returns it where the gateway resolves the key: `/images/*` check the model's output and an
   * edit's input images first, and only their internal chat call, which carries the key, meets it.
   */
  keyRefusal: Response | undefined;
}

/**
 * An operation's checks of one request (model, options, input images): the gateway's error
 * for it, or how to answer it. Split so that an injected fault goes to a request that would
 * otherwise succeed, never to one the gateway refuses anyway.
 */
export type CheckedRequest =
  | { ok: false; response: Response }
  | { ok: true; answer(context: OperationContext): Response | Promise<Response> };

/** What every operation's answer gets. */
export interface OperationContext {
  request: Request;
  requestId: string;
  /** Unix seconds, for `created`. */
  created: number;
  /** The gateway's clock in milliseconds when the answer is made. */
  now: number;
  /** A fault that shapes the answer rather than replacing it (content filter, stream faults). */
  fault: Fault | undefined;
  /** With `providerImageUrls`: holds an image and returns the link it is served at. */
  linkImage?: (png: Uint8Array) => string;
  /**
   * The variation index of the first of `count` images painted for `key` (a model and a prompt)
   * without a seed: each such request goes on where the last stopped, so asking again gives new
   * images, as a real model does (a seed keeps its images the same).
   */
  firstVariation(key: string, count: number): number;
}
