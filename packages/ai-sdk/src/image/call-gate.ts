import { onAbort } from "../internal/on-abort";

/** A call waiting for its turn. */
interface Waiter {
  weight: number;
  admit: () => void;
  refuse: (error: unknown) => void;
}

/**
 * Lets calls through while the places they take add up to at most `limit`; the others wait
 * their turn, first come first served. Once closed, it refuses everyone, waiting or not.
 */
export class CallGate {
  readonly #limit: number;
  #free: number;
  readonly #waiting = new Set<Waiter>();
  /** Set by `close`: the error every call gets from then on. */
  #closedWith: { error: unknown } | undefined;

  /** A gate of `limit` places (a whole number ≥ 1). */
  constructor(limit: number) {
    this.#limit = limit;
    this.#free = limit;
  }

  /**
   * Resolves with the function that gives the `requested` places back, once they are free (more
   * than the gate's limit takes the whole gate). Rejects with what `abortError` returns if
   * `signal` aborts first (a function, so the signal's reason is read when it aborts), or with
   * the error given to `close`.
   */
  enter(
    signal: AbortSignal | undefined,
    abortError: () => unknown,
    requested = 1,
  ): Promise<() => void> {
    const weight = Math.min(requested, this.#limit);
    if (this.#closedWith) return Promise.reject(this.#closedWith.error);
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.#waiting.size === 0 && this.#free >= weight) {
      this.#free -= weight;
      return Promise.resolve(this.#leaveOnce(weight));
    }
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.#waiting.delete(waiter);
        stopWaiting?.();
      };
      const waiter: Waiter = {
        weight,
        admit: () => {
          settle();
          resolve(this.#leaveOnce(weight));
        },
        refuse: (error) => {
          settle();
          reject(error);
          // The first in line may have waited behind this one.
          this.#admitWaiting();
        },
      };
      this.#waiting.add(waiter);
      // One listener on `signal` for all its waiters (a generateImage's calls share its signal).
      const stopWaiting = signal && onAbort(signal, () => waiter.refuse(abortError()));
    });
  }

  /** Refuses every call, those waiting now and those to come, with `error`. */
  close(error: unknown): void {
    this.#closedWith ??= { error };
    for (const waiter of [...this.#waiting]) waiter.refuse(this.#closedWith.error);
  }

  /** Gives the places back once; a second call does nothing. */
  #leaveOnce(weight: number): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#free += weight;
      this.#admitWaiting();
    };
  }

  /** Lets in, in order, the waiters whose places are free; none once closed. */
  #admitWaiting(): void {
    if (this.#closedWith) return;
    for (const waiter of this.#waiting) {
      if (this.#free < waiter.weight) return;
      this.#free -= waiter.weight;
      waiter.admit();
    }
  }
}
