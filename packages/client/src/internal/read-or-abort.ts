import type { GuardingTimeout } from "./attempt-timeout";

/**
 * A body read (`reader.read()`, `response.text()`) that gives up as soon as the caller aborts or
 * the attempt's time runs out: some fetch stacks (msw, a `fetch` wrapper that re-wraps the
 * request on Node 20) keep a response body flowing, or stalled, after the request's signal
 * aborts, and an abort or a timeout must stop the read at once.
 */
export function readOrAbort<T>(
  read: Promise<T>,
  signal: AbortSignal | undefined,
  timeout: GuardingTimeout | undefined,
): Promise<T> {
  const timed = timeout ? timeout.race(read) : read;
  return signal ? orAbort(timed, signal) : timed;
}

/** `work`, or a rejection with `signal`'s reason as soon as it aborts. */
export function orAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // Nobody waits for `work` any more; its failure must not surface as unhandled.
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason));
    work.then(
      (result) => {
        stop();
        resolve(result);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}

/**
 * Calls `abort` with `source`'s reason when it aborts, at once if it has; returns what unlinks
 * them. The hand-made link `AbortSignal.any` would make (see {@link onAbort}).
 */
export function linkAbort(source: AbortSignal, abort: (reason: unknown) => void): () => void {
  if (source.aborted) {
    abort(source.reason);
    return () => {};
  }
  return onAbort(source, () => abort(source.reason));
}

/**
 * A signal that aborts when any of `sources` does, and what unlinks it once the work it guards
 * is over: `AbortSignal.any` without its leak on Node 20.
 */
export function anySignal(sources: readonly (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  unlink: () => void;
} {
  const controller = new AbortController();
  const unlinks = sources.map(
    (source) => source && linkAbort(source, (reason) => controller.abort(reason)),
  );
  return {
    signal: controller.signal,
    unlink: () => {
      for (const unlink of unlinks) unlink?.();
    },
  };
}

/**
 * A signal that aborts when any of `sources` does, for links nothing can undo (`rawClient`'s
 * path): `AbortSignal.any` where the runtime has it; elsewhere (Safari before 17.4, Chrome
 * before 116, Firefox before 124) a link made by hand, which lasts as long as the sources do.
 */
export function joinedSignal(sources: readonly AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any([...sources]);
  return anySignal(sources).signal;
}

/**
 * The response of `sent`, or a rejection once `signal` aborts; an answer that still comes after
 * that (a `fetch` wrapper that lost the signal) is closed, not left holding its connection.
 */
export function responseOrAbort(sent: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return orAbort(sent, signal).catch((error: unknown) => {
    closeWhenAnswered(sent);
    throw error;
  });
}

/** Closes the answer `sent` still gets, once it comes: nobody waits for it any more. */
export function closeWhenAnswered(sent: Promise<Response>): void {
  sent.then(
    (late) => late.body?.cancel().catch(() => undefined),
    () => undefined,
  );
}

/** What waits on each signal's abort, behind one listener per signal. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` once `signal` aborts (not if it already has); returns what stops waiting.
 * Every wait of Pictor's on one signal shares a single `abort` listener: an app that passes one
 * signal to all its calls (a shutdown signal) would otherwise collect a listener per call in
 * flight, and Node warns of a leak past ten. Linking signals with `AbortSignal.any` instead
 * leaks on Node 20: a long-lived signal keeps an entry for every signal ever linked to it. (Only
 * `rawClient`'s path still uses it: its responses are never handed back, so nothing could
 * unlink a link made by hand.)
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        waiting.delete(signal);
        for (const waiter of set) waiter();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(callback);
  return () => {
    set.delete(callback);
  };
}
