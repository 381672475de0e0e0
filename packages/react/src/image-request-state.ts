import type { ImageResult } from "@pictor/client";
import type { DisplayImage } from "./display-image";

/** No request has run yet, or the last one was reset or aborted. */
export interface ImageRequestIdle {
  /** Discriminates the state: `"idle"`. */
  readonly status: "idle";
  /** Always 0: nothing is running. */
  readonly elapsedMs: 0;
}

/** A request is in flight. */
export interface ImageRequestPending<P> {
  /** Discriminates the state: `"pending"`. */
  readonly status: "pending";
  /** The parameters of the running request. */
  readonly params: P;
  /** When the running request started (milliseconds, the observer's clock: `Date.now` by default). */
  readonly startedAt: number;
  /** Milliseconds since `startedAt`, computed at each read: nothing re-renders to update it (see `useElapsedMs`). */
  readonly elapsedMs: number;
  /** Requests waiting behind this one (`onConcurrent: "queue"`; always 0 with `"abort-previous"`). */
  readonly queued: number;
}

/** The last request succeeded. */
export interface ImageRequestSuccess<P> {
  /** Discriminates the state: `"success"`. */
  readonly status: "success";
  /** The parameters of the request that succeeded. */
  readonly params: P;
  /** The client's full result: `images`, `cost`, `usage`, `warnings`, `requestId`. */
  readonly result: ImageResult;
  /** The images, each with a lazily made object URL for `<img src>`. */
  readonly images: readonly DisplayImage[];
  /** When the request started (milliseconds, the observer's clock). */
  readonly startedAt: number;
  /** How long the request took, fixed when it settled. */
  readonly elapsedMs: number;
}

/** The last request failed. */
export interface ImageRequestError<P> {
  /** Discriminates the state: `"error"`. */
  readonly status: "error";
  /** The parameters of the request that failed. */
  readonly params: P;
  /** What went wrong: a Pictor error (narrow with `RateLimitError.isInstance(error)` etc.) or another `Error`. */
  readonly error: Error;
  /** When the request started (milliseconds, the observer's clock). */
  readonly startedAt: number;
  /** How long the request took, fixed when it failed. */
  readonly elapsedMs: number;
}

/** The state of an image request, discriminated by `status`. */
export type ImageRequestState<P> =
  | ImageRequestIdle
  | ImageRequestPending<P>
  | ImageRequestSuccess<P>
  | ImageRequestError<P>;

/** What a second request does while one is pending: abort the running one (default), or wait for it. */
export type ConcurrentRequests = "abort-previous" | "queue";
