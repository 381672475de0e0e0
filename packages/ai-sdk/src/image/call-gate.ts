/** A call waiting for its turn. */
interface Waiter {
  admit: () => void;
  refuse: (error: unknown) => void;
}

/**
 * Lets at most `limit` calls through at once; the others wait their turn, first come first
 * served. The AI SDK starts every call of one `generateImage` together (`n` above
 * `maxImagesPerCall`); a gate per `generateImage` bounds them as the client bounds its own
 * fan-out, so `n: 10` on a one-image model is not ten requests against the rate limit at once.
 */
export class CallGate {
  #free: number;
  readonly #waiting = new Set<Waiter>();

  constructor(limit: number) {
    this.#free = limit;
  }

  /**
   * Resolves with the function that gives the place back, once there is one. Rejects with the
   * signal's reason if it aborts first, or with the error given to `refuseWaiting`.
   */
  enter(signal: AbortSignal | undefined, abortError: () => unknown): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(this.#leaveOnce());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => waiter.refuse(abortError());
      const waiter: Waiter = {
        admit: () => {
          settle();
          resolve(this.#leaveOnce());
        },
        refuse: (error) => {
          settle();
          reject(error);
        },
      };
      const settle = () => {
        this.#waiting.delete(waiter);
        signal?.removeEventListener("abort", onAbort);
      };
      this.#waiting.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Refuses every call still waiting, with `error`. Once one call fails for good the AI SDK
   * throws for the whole `generateImage`: a call started after that would only be paid for.
   * Calls in flight finish, and calls that come later (a retry) are let through as usual.
   */
  refuseWaiting(error: unknown): void {
    for (const waiter of [...this.#waiting]) waiter.refuse(error);
  }

  /** Gives the place to the first waiter, or back to the gate; a second call does nothing. */
  #leaveOnce(): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const [next] = this.#waiting;
      if (next) next.admit();
      else this.#free++;
    };
  }
}
