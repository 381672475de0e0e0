import { linkAbort, onAbort } from "./read-or-abort";

/**
 * Aborts `target` with `source`'s reason when `source` aborts, without keeping `target` alive;
 * returns what unlinks them. For a stream handed to its consumer: one dropped unread (its
 * attempt's time lapses while it waits for a reader, so nothing unlinks it) must not stay
 * reachable, with its response, from a long-lived signal an app passes to every call (a
 * server's shutdown signal) until that signal aborts.
 */
export function linkAbortWeakly(source: AbortSignal, target: AbortController): () => void {
  if (!unlinkWhenCollected || source.aborted) return linkAbortStrongly(source, target);
  const ref = new WeakRef(target);
  const stop = onAbort(source, () => ref.deref()?.abort(source.reason));
  const token = {};
  unlinkWhenCollected.register(target, stop, token);
  return () => {
    stop();
    unlinkWhenCollected.unregister(token);
  };
}

/**
 * The strong link, in a function of its own: a closure over `target` in `linkAbortWeakly` would
 * put `target` in the context its other closures share, and the weak link would hold it.
 */
function linkAbortStrongly(source: AbortSignal, target: AbortController): () => void {
  return linkAbort(source, (reason) => target.abort(reason));
}

/** Drops a weak link's callback once its target is collected (where the runtime can tell). */
const unlinkWhenCollected =
  typeof FinalizationRegistry === "function" && typeof WeakRef === "function"
    ? new FinalizationRegistry<() => void>((stop) => stop())
    : undefined;
