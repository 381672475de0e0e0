import {
  APIUserAbortError,
  type GeneratedImage,
  type ImageRequestOptions,
  type ImageResult,
  type Pictor,
} from "@pictor/client";
import { asError } from "./as-error";
import { DisplayImage } from "./display-image";
import type {
  ConcurrentRequests,
  ImageRequestPending,
  ImageRequestState,
} from "./image-request-state";
import { ObjectUrlStore } from "./object-url-store";
import { refuseSignal } from "./refuse-signal";
import { Subscribable } from "./subscribable";

/** A client, or a getter called when a request starts (so a server render never builds one). */
export type ClientSource = Pictor | (() => Pictor);

/** Options of an `ImageRequestObserver` sending `P`; `setOptions` replaces them for the next request. */
export interface ImageRequestObserverOptions<P = unknown> {
  /** The client that sends the requests. */
  client: ClientSource;
  /** What a request started while one is pending does: `"abort-previous"` (default) or `"queue"`. */
  onConcurrent?: ConcurrentRequests | undefined;
  /** Per-call options for every request (`timeout`, `maxRetries`, `partialResults`, ...); the signal is the observer's (`abort()`): one given anyway fails the request. */
  requestOptions?: Omit<ImageRequestOptions, "signal"> | undefined;
  // Method syntax on purpose: TypeScript checks methods' parameters bivariantly, so one options
  // object can still serve `useGenerateImage` and `useEditImage` alike.
  /**
   * Called with each successful result and the parameters it was made from (every queued
   * request's too), before the state and the promise settle; a promise it returns is awaited.
   * What it throws (or rejects with) fails the request: the state, the promise and `onError` get it.
   */
  onSuccess?(result: ImageResult, params: P): void | Promise<unknown>;
  /**
   * Called with each failure except aborts, and the parameters of the failed request, before
   * the state and the promise settle; a promise it returns is awaited. What it throws (or
   * rejects with) replaces the error in the state and the promise.
   */
  onError?(error: Error, params: P): void | Promise<unknown>;
  /**
   * Called once a request has succeeded or failed (not when aborted), after `onSuccess` or
   * `onError`, with the result or the error (the other one `undefined` or `null`, as in TanStack
   * Query) and the parameters, before the state and the promise settle; a promise it returns is
   * awaited. What it throws (or rejects with) fails the request: the state and the promise get it.
   */
  onSettled?(
    result: ImageResult | undefined,
    error: Error | null,
    params: P,
  ): void | Promise<unknown>;
  /** The clock for `startedAt` and `elapsedMs`, in milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** How an observer sends one request: `images.generate` or `images.edit`. */
export type RunImageRequest<P> = (
  client: Pictor,
  params: P,
  options: ImageRequestOptions,
) => Promise<ImageResult>;

/** The observer's bound methods, from which a hook picks and names its actions. */
export interface ImageRequestControls<P> {
  /** Fire and forget. */
  run: (params: P) => void;
  /** The awaited request. */
  runAsync: (params: P) => Promise<ImageResult>;
  /** Aborts the running and queued requests. */
  abort: () => void;
  /** Aborts, revokes and returns to idle. */
  reset: () => void;
}

interface Job<P> {
  params: P;
  /** `params` as sent: the hook's own shown images' URLs given as inputs replaced by their Blobs. */
  sent: P;
  /** The URLs on show when it started, which it (or a request it replaced unsettled) revoked: until it settles, requests made with them send their Blobs. */
  retired?: ObjectUrlStore | undefined;
  controller: AbortController;
  resolve: (result: ImageResult) => void;
  reject: (error: Error) => void;
}

/** How a request ended: its result with the images' blobs, or its error. */
type Outcome =
  | { ok: true; result: ImageResult; blobs: { image: GeneratedImage; blob: Blob }[] }
  | { ok: false; error: Error };

type Action<P> =
  | { type: "start"; params: P; startedAt: number; queued: number }
  | { type: "queue"; queued: number }
  | { type: "success"; result: ImageResult; images: DisplayImage[]; settledAt: number }
  | { type: "error"; error: Error; settledAt: number }
  | { type: "reset" };

const ignore = () => {};

/**
 * The framework-agnostic state machine behind `useGenerateImage` and `useEditImage`, after
 * TanStack Query's `MutationObserver`: a private reducer, `subscribe`/`getSnapshot` for
 * `useSyncExternalStore`, and `setOptions`. Each snapshot is the state merged with `A`, the
 * bound actions a hook exposes, so a hook returns the snapshot itself: one object per state
 * transition, and `elapsedMs` stays a live getter while pending.
 * @example
 * const observer = new ImageRequestObserver((client, params: ImageGenerateParams, options) => client.images.generate(params, options), { client: pictor }, (o) => ({ run: o.run }));
 */
export class ImageRequestObserver<P, A extends object> extends Subscribable<
  ImageRequestState<P> & A
> {
  readonly #send: RunImageRequest<P>;
  readonly #actions: A;
  readonly #idle: ImageRequestState<P> & A;
  #options: ImageRequestObserverOptions<P>;
  #active: Job<P> | undefined;
  /** The request started last: the only one whose outcome the state may show. */
  #latest: Job<P> | undefined;
  #queue: Job<P>[] = [];
  /** The URLs of the success state on show (kept after a teardown, revoked, so `onActivate` can renew them). */
  #urls: ObjectUrlStore | undefined;

  constructor(
    send: RunImageRequest<P>,
    options: ImageRequestObserverOptions<P>,
    actions: (controls: ImageRequestControls<P>) => A,
  ) {
    super();
    this.#send = send;
    this.#options = options;
    this.#actions = actions(this);
    this.#idle = { ...this.#actions, status: "idle", elapsedMs: 0 };
    this.initialize(this.#idle);
  }

  /** Replaces the options: a running request keeps the client and request options it started with; callbacks are always the latest. */
  setOptions(options: ImageRequestObserverOptions<P>): void {
    this.#options = options;
  }

  /** Starts a request (see `onConcurrent`) and resolves with the client's result; rejects with its error, or `APIUserAbortError` once aborted or superseded. */
  readonly runAsync = (params: P): Promise<ImageResult> =>
    new Promise<ImageResult>((resolve, reject) => {
      // The hook's own shown images given by their `url` are replaced by their Blobs now, while
      // they are known: the request that runs first revokes them (see `#start`), and a queued
      // request may start after others that did not send them.
      const latest = this.#latest;
      const job: Job<P> = {
        params,
        sent: withOwnImages(
          params,
          (url) =>
            this.#urls?.blobOf(url) ?? latest?.retired?.blobOf(url) ?? sentInPlaceOf(latest, url),
        ),
        controller: new AbortController(),
        resolve,
        reject,
      };
      if (this.#active && this.#options.onConcurrent === "queue") {
        this.#queue.push(job);
        this.#dispatch({ type: "queue", queued: this.#queue.length });
        return;
      }
      // Not queueing: what runs and anything queued before (under `queue`) gives way to this one.
      this.#cancelAll();
      this.#start(job);
    });

  /** Starts a request and never throws: the outcome goes to the state. */
  readonly run = (params: P): void => {
    this.runAsync(params).catch(ignore);
  };

  /** Aborts the running request and any queued ones; the state returns to `idle` (a settled state is left alone). */
  readonly abort = (): void => {
    // Pending also covers a finished request whose async callback is still running.
    if (this.getSnapshot().status !== "pending") return;
    this.#cancelAll();
    this.#dispatch({ type: "reset" });
  };

  /** Aborts everything, revokes the current result's object URLs and returns to `idle`. */
  readonly reset = (): void => {
    this.#cancelAll();
    this.#retire();
    this.#dispatch({ type: "reset" });
  };

  protected override onActivate(): void {
    const state = this.getSnapshot();
    // Subscribed again after a teardown (a hidden <Activity> shown again): the kept result gets
    // fresh object URLs, and a new snapshot so the page re-renders with them.
    if (state.status === "success" && this.#urls?.revoked) {
      const store = new ObjectUrlStore();
      this.#urls = store;
      this.setState({
        ...state,
        images: state.images.map((image) => new DisplayImage(image.image, image.blob, store)),
      });
    }
  }

  protected override onDeactivate(): void {
    const pending = this.getSnapshot().status === "pending";
    this.#cancelAll();
    this.#urls?.revokeAll();
    if (pending) this.#dispatch({ type: "reset" });
  }

  #start(job: Job<P>): void {
    // An edit of the image on show, by its `url`: that URL is revoked just below, before the
    // client could read it, so the Blob behind it is sent instead (`job.sent`). So is one the
    // request before sent that way (revoked by then): a retry with its params, or variations
    // queued together.
    // The state leaves `success`: its images are no longer the current result. Their Blobs stay
    // with the job for requests made meanwhile with their URLs (one per image on show, at once);
    // a request that gave way before it settled (`abort-previous`) hands them on to this one.
    job.retired = this.#urls ?? this.#latest?.retired;
    this.#active = job;
    this.#latest = job;
    this.#retire();
    this.#dispatch({
      type: "start",
      params: job.params,
      startedAt: this.#now(),
      queued: this.#queue.length,
    });
    void this.#execute(job);
  }

  async #execute(job: Job<P>): Promise<void> {
    let outcome: Outcome;
    try {
      const { client, requestOptions } = this.#options;
      refuseSignal(requestOptions);
      const result = await this.#send(typeof client === "function" ? client() : client, job.sent, {
        ...requestOptions,
        signal: job.controller.signal,
      });
      // Blobs before the state changes, so `url` can be made synchronously during a render.
      const blobs = await Promise.all(
        result.images.map(async (image) => ({ image, blob: await image.blob() })),
      );
      outcome = { ok: true, result, blobs };
    } catch (error) {
      outcome = { ok: false, error: asError(error) };
    }
    job.retired = undefined;
    // Aborted or superseded: its promise was rejected then, and the state has moved on.
    if (job !== this.#active) return;
    const settledAt = this.#now();
    this.#active = undefined;
    const next = this.#queue.shift();
    // Queued work starts before callbacks run, so a callback that starts a request queues behind it.
    if (next) this.#start(next);
    outcome = await this.#callBack(job.params, outcome);
    // Shown unless another request started since (queued, or from a callback) or a reset came.
    const shown = this.#latest === job && this.getSnapshot().status === "pending";
    if (outcome.ok) {
      const { result, blobs } = outcome;
      if (shown) {
        const store = new ObjectUrlStore();
        this.#urls = store;
        const images = blobs.map(({ image, blob }) => new DisplayImage(image, blob, store));
        this.#dispatch({ type: "success", result, images, settledAt });
      }
      job.resolve(result);
    } else {
      if (shown) this.#dispatch({ type: "error", error: outcome.error, settledAt });
      job.reject(outcome.error);
    }
  }

  /**
   * Runs `onSuccess` or `onError`, then `onSettled`, before the state and the promise settle, as
   * TanStack Query does, so that what a callback throws or rejects with becomes the request's
   * error (an `onSuccess` error goes on to `onError`) instead of an unhandled rejection.
   * `onSettled` runs once, last, with the outcome the others left; what it throws goes to no other
   * callback (TanStack Query would pass it to `onError`, then call `onSettled` a second time).
   */
  async #callBack(params: P, outcome: Outcome): Promise<Outcome> {
    let settled = outcome;
    const attempt = async (callback: () => unknown): Promise<void> => {
      try {
        await callback();
      } catch (error) {
        settled = { ok: false, error: asError(error) };
      }
    };
    if (settled.ok) {
      const { result } = settled;
      await attempt(() => this.#options.onSuccess?.(result, params));
    }
    if (!settled.ok) {
      const { error } = settled;
      await attempt(() => this.#options.onError?.(error, params));
    }
    const last = settled;
    await attempt(() =>
      last.ok
        ? this.#options.onSettled?.(last.result, null, params)
        : this.#options.onSettled?.(undefined, last.error, params),
    );
    return settled;
  }

  #cancel(job: Job<P>): void {
    job.controller.abort();
    job.reject(new APIUserAbortError());
  }

  #cancelAll(): void {
    const jobs = [...this.#queue, ...(this.#active ? [this.#active] : [])];
    this.#queue = [];
    this.#active = undefined;
    for (const job of jobs) this.#cancel(job);
  }

  /** Revokes the object URLs of the result on show: it is being replaced. */
  #retire(): void {
    this.#urls?.revokeAll();
    this.#urls = undefined;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #dispatch(action: Action<P>): void {
    this.setState(this.#reduce(this.getSnapshot(), action));
  }

  /** The only place a state is made: each transition yields a new object with the actions merged in. */
  #reduce(state: ImageRequestState<P> & A, action: Action<P>): ImageRequestState<P> & A {
    switch (action.type) {
      case "start":
        return this.#pending(action.params, action.startedAt, action.queued);
      case "queue":
        return state.status === "pending"
          ? this.#pending(state.params, state.startedAt, action.queued)
          : state;
      case "success":
        return state.status === "pending"
          ? {
              ...this.#actions,
              status: "success",
              params: state.params,
              result: action.result,
              images: action.images,
              startedAt: state.startedAt,
              elapsedMs: action.settledAt - state.startedAt,
            }
          : state;
      case "error":
        return state.status === "pending"
          ? {
              ...this.#actions,
              status: "error",
              params: state.params,
              error: action.error,
              startedAt: state.startedAt,
              elapsedMs: action.settledAt - state.startedAt,
            }
          : state;
      case "reset":
        return this.#idle;
    }
  }

  #pending(params: P, startedAt: number, queued: number): ImageRequestPending<P> & A {
    const now = this.#options.now ?? Date.now;
    return {
      ...this.#actions,
      status: "pending",
      params,
      startedAt,
      queued,
      // Read live: a component re-rendering on its own clock sees it grow, and the hook itself
      // never re-renders just to update it.
      get elapsedMs() {
        return now() - startedAt;
      },
    };
  }
}

/** The input images of `params`, when it has a list of them (an edit's). */
function imagesOf(params: unknown): readonly unknown[] | undefined {
  if (typeof params !== "object" || params === null || !("images" in params)) return undefined;
  return Array.isArray(params.images) ? params.images : undefined;
}

/** The URL an input image names, given as a string or as a `URL` object (both are inputs to the client). */
function urlOf(input: unknown): string | undefined {
  return typeof input === "string" ? input : input instanceof URL ? input.href : undefined;
}

/** The Blob `job` sent in place of `url`, one of the hook's own URLs it was given as an input. */
function sentInPlaceOf<P>(job: Job<P> | undefined, url: string): Blob | undefined {
  // Not found is index -1, where an array holds nothing.
  const index = imagesOf(job?.params)?.findIndex((input) => urlOf(input) === url) ?? -1;
  const sent = imagesOf(job?.sent)?.[index];
  return sent instanceof Blob ? sent : undefined;
}

/** `params` with each input image that is one of the hook's own URLs (`blobOf` knows it) replaced by its Blob. */
function withOwnImages<P>(params: P, blobOf: (url: string) => Blob | undefined): P {
  const images = imagesOf(params);
  if (!images) return params;
  let own = false;
  const inputs = images.map((input) => {
    const url = urlOf(input);
    const blob = url === undefined ? undefined : blobOf(url);
    own ||= blob !== undefined;
    return blob ?? input;
  });
  return own ? { ...params, images: inputs } : params;
}
