/** The waits on one signal, and the single listener that runs them. */
interface Waits {
  callbacks: Set<() => void>;
  listener: () => void;
}

/** What waits on each signal's abort. */
const waiting = new WeakMap<AbortSignal, Waits>();

/**
 * Calls `callback` once `signal` aborts (not if it already has); returns what stops waiting.
 * All of Pictor's waits on one signal share a single `abort` listener, removed with the last
 * wait: a `generateImage` whose calls wait for their turn would otherwise add a listener each to
 * the caller's signal, and Node warns of a leak past ten (`MaxListenersExceededWarning`).
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let waits = waiting.get(signal);
  if (!waits) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      waiting.delete(signal);
      for (const waiter of callbacks) waiter();
    };
    waits = { callbacks, listener };
    waiting.set(signal, waits);
    signal.addEventListener("abort", listener, { once: true });
  }
  const own = waits;
  own.callbacks.add(callback);
  return () => {
    if (!own.callbacks.delete(callback) || own.callbacks.size > 0) return;
    // The last wait is over: nothing of Pictor's stays on the caller's signal.
    signal.removeEventListener("abort", own.listener);
    if (waiting.get(signal) === own) waiting.delete(signal);
  };
}
