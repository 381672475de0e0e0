/*
 * Why not `AbortSignal.timeout(ms)`: on Node 20 it costs ~12 µs per call (a weakly held timer
 * and a finalization registry to clean it up), more than the rest of the transport. A plain
 * timer costs ~0.4 µs but must be cleared, and the timeout has to last until the body is read,
 * which happens after the transport returns. So the timer is tied to the response it guards and
 * cleared by whoever finishes reading it ({@link releaseAttemptTimeout}); a response nobody
 * releases (a caller that drops a stream) keeps its timer until the deadline, which then aborts
 * a connection nobody reads: what `AbortSignal.timeout` would have done too. The timer never
 * keeps a Node or Deno process alive. Body reads also race the timer's signal themselves
 * ({@link attemptTimeoutOf}): the one passed to `fetch` can be lost by a wrapper that re-wraps the
 * request, and a stalled body would then never time out.
 */

/** A running per-attempt timeout. */
export interface AttemptTimeout {
  /** Aborts with a `TimeoutError` when the time is up. */
  readonly signal: AbortSignal;
  /** True once the time ran out. */
  readonly expired: () => boolean;
  /** Keeps the timer running until `response` is released (or the deadline). */
  guard(response: Response): void;
  /** Stops the timer (the attempt failed or was answered with something not handed on). */
  clear(): void;
}

/** A response's running attempt timeout, while Pictor reads its body. */
export interface GuardingTimeout {
  /** Aborts when the time is up: body reads race it (a wrapped `fetch` may lose the link). */
  signal: AbortSignal;
  /** The timeout, in milliseconds, for the error message. */
  ms: number;
}

const guarding = new WeakMap<Response, GuardingTimeout & { clear: () => void }>();

/** Starts a timer that aborts `signal` with a `TimeoutError` after `ms`. */
export function startAttemptTimeout(ms: number): AttemptTimeout {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`Timed out after ${ms} ms`, "TimeoutError"));
  }, ms);
  // Never keep a server process alive for it: Node's timers have `unref`, Deno has
  // `Deno.unrefTimer`; browsers' are plain numbers.
  (timer as { unref?: () => void }).unref?.();
  (globalThis as { Deno?: { unrefTimer?: (id: unknown) => void } }).Deno?.unrefTimer?.(timer);
  const clear = () => clearTimeout(timer);
  return {
    signal: controller.signal,
    expired: () => expired,
    guard: (response) => guarding.set(response, { signal: controller.signal, ms, clear }),
    clear,
  };
}

/**
 * The same as a `AbortSignal.timeout(ms)`, which needs no release: for responses Pictor hands
 * to code that will not release them (`pictor.raw`).
 */
export function weakAttemptTimeout(ms: number): AttemptTimeout {
  const signal = AbortSignal.timeout(ms);
  return { signal, expired: () => signal.aborted, guard: () => {}, clear: () => {} };
}

/** Stops the timeout guarding `response`, once its body has been read (or abandoned) for good. */
export function releaseAttemptTimeout(response: Response): void {
  guarding.get(response)?.clear();
  guarding.delete(response);
}

/** The timeout guarding `response` until it is released, if any. */
export function attemptTimeoutOf(response: Response): GuardingTimeout | undefined {
  return guarding.get(response);
}
