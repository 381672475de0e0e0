import { useEffect, useReducer } from "react";

/**
 * A live `elapsedMs` for a progress label: re-renders the calling component every `intervalMs`
 * while `state` is pending, and not at all otherwise. The request hooks themselves never
 * re-render to count time; put this in a small child component to keep the ticking local.
 * @example
 * const elapsed = useElapsedMs(image, 100);
 */
export function useElapsedMs(
  state: { readonly status: string; readonly elapsedMs: number },
  intervalMs = 100,
): number {
  const [, tick] = useReducer((count: number) => count + 1, 0);
  const pending = state.status === "pending";
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  }, [pending, intervalMs]);
  return state.elapsedMs;
}
