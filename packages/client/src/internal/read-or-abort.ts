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
  return signal ? orAbort(timed, [signal]) : timed;
}

/** `work`, or a rejection with the reason of the first of `signals` to abort. */
export function orAbort<T>(
  work: Promise<T>,
  signals: readonly (AbortSignal | undefined)[],
): Promise<T> {
  const watched = signals.filter((signal) => signal !== undefined);
  if (watched.length === 0) return work;
  return new Promise((resolve, reject) => {
    const stop = () => {
      for (const signal of watched) signal.removeEventListener("abort", onAbort);
    };
    function onAbort(this: AbortSignal) {
      stop();
      reject(this.reason);
    }
    const already = watched.find((signal) => signal.aborted);
    if (already) {
      // Nobody waits for `work` any more; its failure must not surface as unhandled.
      work.catch(() => undefined);
      return reject(already.reason);
    }
    for (const signal of watched) signal.addEventListener("abort", onAbort, { once: true });
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
