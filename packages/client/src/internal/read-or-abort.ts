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
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
