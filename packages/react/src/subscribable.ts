/**
 * The store half of an observer: listeners, `subscribe`/`getSnapshot` for
 * `useSyncExternalStore`, and activation hooks. Teardown after the last listener leaves waits a
 * microtask, because React StrictMode unsubscribes and resubscribes synchronously on mount: a
 * deferred teardown that the resubscription cancels means no aborted request, no refetch and
 * no revoked URL from StrictMode alone.
 */
export abstract class Subscribable<S> {
  readonly #listeners = new Set<() => void>();
  // Set by `initialize` from the subclass constructor: the initial state carries the subclass's
  // bound actions, which exist only once `super()` has returned.
  #initial!: S;
  #state!: S;
  #teardownPending = false;

  /** Adds a listener called after every state change; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#teardownPending) this.#teardownPending = false;
    else if (this.#listeners.size === 1) this.onActivate();
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#teardownPending = true;
      queueMicrotask(() => {
        if (!this.#teardownPending) return;
        this.#teardownPending = false;
        this.onDeactivate();
      });
    };
  };

  /** The current state: a new object after each change, the same object otherwise. */
  readonly getSnapshot = (): S => this.#state;

  /** The state a server render shows: always the initial (idle) one, so hydration matches. */
  readonly getServerSnapshot = (): S => this.#initial;

  /** Sets the initial state (called once, from the subclass constructor). */
  protected initialize(initial: S): void {
    this.#initial = initial;
    this.#state = initial;
  }

  /** Whether anyone is subscribed (a teardown waiting for its microtask counts as gone). */
  protected get active(): boolean {
    return this.#listeners.size > 0;
  }

  /**
   * Replaces the state and tells every listener; the same object again is not a change. What a
   * listener throws is reported as uncaught (as an `EventTarget` does), not thrown here: it would
   * keep the state from the listeners after it and stop the transition halfway (a request's
   * promise never settling).
   */
  protected setState(state: S): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of [...this.#listeners])
      try {
        listener();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
  }

  /** The first listener arrived (or came back after a teardown). */
  protected abstract onActivate(): void;

  /** The last listener left and did not come back within the microtask. */
  protected abstract onDeactivate(): void;
}
