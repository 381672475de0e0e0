import { joinedSignal, linkAbort, orAbort } from "./read-or-abort";

/*
 * Why not `AbortSignal.timeout(ms)`: on Node 20 it costs ~12 µs per call (a weakly held timer
 * and a finalization registry to clean it up), more than the rest of the transport. A plain
 * timer costs ~0.4 µs but must be cleared, and the timeout has to last until the body is read,
 * which happens after the transport returns. So the timer is tied to the response it guards and
 * cleared by whoever finishes reading it ({@link releaseAttemptTimeout}); a response nobody
 * releases keeps its timer until the deadline, which then aborts a connection nobody reads:
 * what `AbortSignal.timeout` would have done too. A stream handed to its consumer is the
 * exception: only its waits for data are timed ({@link GuardingTimeout.hold}), never the
 * consumer's own time with a chunk, so one dropped unread is left to garbage collection. The
 * timer keeps a Node or Deno process alive only while Pictor waits (for `fetch` or a body read),
 * as openai-node's does: a `fetch` whose pending promise holds no socket (msw's
 * `delay("infinite")`, an in-memory fake) would otherwise let a script exit mid-call instead of
 * failing with `APITimeoutError`; once nothing waits, a response left unread keeps no process
 * up until its deadline. Body reads also race the timer themselves
 * ({@link GuardingTimeout.race}): the signal passed to `fetch` can be lost by a wrapper that
 * re-wraps the request, and a stalled body would then never time out.
 */

/** A running per-attempt timeout, which also follows the caller's signal. */
export interface AttemptTimeout {
  /** Aborts with a `TimeoutError` when the time is up, or with the caller's reason. */
  readonly signal: AbortSignal;
  /** True once the time ran out. */
  expired(): boolean;
  /**
   * `work` (the `fetch` itself), or a rejection once the time is up or the caller aborts: a
   * `fetch` wrapper may lose the signal, and its request would then never end.
   */
  race<T>(work: Promise<T>): Promise<T>;
  /** Keeps the timer running until `response` is released (or the deadline). */
  guard(response: Response): void;
  /** Stops the timer (the attempt failed or was answered with something not handed on). */
  clear(): void;
}

/** A response's running attempt timeout, while Pictor reads its body. */
export interface GuardingTimeout {
  /** The timeout, in milliseconds, for the error message. */
  readonly ms: number;
  /**
   * `read`, or a rejection with the timeout's reason once the time is up (or the caller's, once
   * it aborts): a wrapped `fetch` may lose the link to the attempt's signal, and the body would
   * then never end. One read at a time: a body is read by one reader, read after read.
   */
  race<T>(read: Promise<T>): Promise<T>;
  /** Runs `callback` once the attempt is over: its response released, or its time up. */
  onSettle(callback: () => void): void;
  /**
   * A body that streams (an event stream) waits for its next data (`false`), or its consumer
   * holds what was read (`true`: its own code, e.g. a slow write of an image, or a stream not
   * read yet). Only waits count, each from its start: a stream that stalls still times out,
   * but one still sending, or read slowly, never does.
   */
  hold(held: boolean): void;
}

/**
 * The timer of one attempt. Body reads race it through a slot the timer rejects when it fires,
 * not through an `abort` listener: adding and removing a listener per read costs more than the
 * read of a small body (EventTarget is slow on Node 20).
 */
class AttemptTimer implements AttemptTimeout, GuardingTimeout {
  readonly ms: number;
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout>;
  /** When the last wait for a streaming body's data began (see {@link GuardingTimeout.hold}). */
  #lastProgress: number | undefined;
  /** The consumer of a streaming body holds what it read: its time is not the gateway's. */
  #held = false;
  /** The timer fired while the consumer held data: the next wait starts it again. */
  #lapsed = false;
  #expired = false;
  /** Rejects the read in progress, if any, when the time runs out or the caller aborts. */
  #rejectRead: ((reason: unknown) => void) | undefined;
  /** Stops following the caller's signal. */
  readonly #unfollow: (() => void) | undefined;
  /** Run once when the attempt is over (see {@link GuardingTimeout.onSettle}); made when needed. */
  #onSettle: (() => void)[] | undefined;
  #settled = false;

  constructor(ms: number, callerSignal: AbortSignal | undefined) {
    this.ms = ms;
    // Followed by hand, not joined with `AbortSignal.any` (see `onAbort`).
    this.#unfollow = callerSignal && linkAbort(callerSignal, (reason) => this.#abort(reason));
    this.#timer = startTimer(ms, this, false);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  expired(): boolean {
    return this.#expired;
  }

  /** Called by the timer. */
  expire(): void {
    // A stream that sent data meanwhile gets its time again, counted from the wait that followed.
    // Checked only when the timer fires: a read costs a `Date.now()`, not a timer reset.
    if (this.#lastProgress !== undefined && !this.#controller.signal.aborted) {
      if (this.#held) {
        this.#lapsed = true;
        return;
      }
      const left = this.#lastProgress + this.ms - Date.now();
      if (left > 0) {
        this.#timer = startTimer(left, this, this.#rejectRead !== undefined);
        return;
      }
    }
    this.#expired = true;
    this.#abort(new DOMException(`Timed out after ${this.ms} ms`, "TimeoutError"));
    this.#settle();
  }

  onSettle(callback: () => void): void {
    if (this.#settled) {
      callback();
      return;
    }
    this.#onSettle ??= [];
    this.#onSettle.push(callback);
  }

  /** The attempt is over (cleared or timed out): links to the caller's signal go. */
  #settle(): void {
    this.#settled = true;
    this.#unfollow?.();
    const callbacks = this.#onSettle;
    this.#onSettle = undefined;
    if (callbacks) for (const callback of callbacks) callback();
  }

  #abort(reason: unknown): void {
    this.#controller.abort(reason);
    this.#rejectRead?.(reason);
  }

  hold(held: boolean): void {
    this.#held = held;
    this.#lastProgress = Date.now();
    if (!held && this.#lapsed && !this.#settled) {
      this.#lapsed = false;
      this.#timer = startTimer(this.ms, this, this.#rejectRead !== undefined);
    }
  }

  guard(response: Response): void {
    guarding.set(response, this);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#settle();
  }

  race<T>(read: Promise<T>): Promise<T> {
    if (this.#controller.signal.aborted) {
      // Nobody waits for `read` any more; its failure must not surface as unhandled.
      read.catch(() => undefined);
      return Promise.reject(this.#controller.signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      // A read abandoned earlier (its caller aborted) may settle late: it must not free the
      // slot of the read now waiting, nor let the process go while that one waits.
      const done = () => {
        if (this.#rejectRead !== fail) return;
        this.#rejectRead = undefined;
        keepAlive(this.#timer, false);
      };
      const fail = (error: unknown) => {
        done();
        reject(error);
      };
      this.#rejectRead = fail;
      keepAlive(this.#timer, true);
      read.then((value) => {
        done();
        resolve(value);
      }, fail);
    });
  }
}

function expire(timer: AttemptTimer): void {
  timer.expire();
}

/** A timer that calls `timer.expire()` after `ms`, keeping the process alive or not (see {@link keepAlive}). */
function startTimer(
  ms: number,
  timer: AttemptTimer,
  waiting: boolean,
): ReturnType<typeof setTimeout> {
  return keepAlive(setTimeout(expire, timerDelay(ms), timer), waiting);
}

/**
 * `id`, a timer that keeps a Node or Deno process alive (`ref`) or no longer does (`unref`):
 * Node's timers have both methods, Deno has `Deno.refTimer` and `Deno.unrefTimer`; browsers'
 * are plain numbers.
 */
function keepAlive(
  id: ReturnType<typeof setTimeout>,
  keep: boolean,
): ReturnType<typeof setTimeout> {
  (id as { ref?: () => void; unref?: () => void })[keep ? "ref" : "unref"]?.();
  (globalThis as { Deno?: Record<string, ((id: unknown) => void) | undefined> }).Deno?.[
    keep ? "refTimer" : "unrefTimer"
  ]?.(id);
  return id;
}

const guarding = new WeakMap<Response, AttemptTimer>();

/**
 * Starts a timer whose `signal` aborts with a `TimeoutError` after `ms`, or with the caller's
 * reason once `callerSignal` aborts.
 */
export function startAttemptTimeout(ms: number, callerSignal?: AbortSignal): AttemptTimeout {
  return new AttemptTimer(ms, callerSignal);
}

/**
 * A timeout that needs no release, for responses Pictor hands to code that will not release them
 * (`rawClient`, which @pictor/server forwards through).
 */
export function weakAttemptTimeout(ms: number, callerSignal?: AbortSignal): AttemptTimeout {
  const timeout = timeoutSignal(ms);
  const signal = callerSignal ? joinedSignal([callerSignal, timeout]) : timeout;
  return {
    signal,
    expired: () => timeout.aborted,
    race: (work) => orAbort(work, signal),
    guard: () => {},
    clear: () => {},
  };
}

/**
 * `AbortSignal.timeout(ms)`, held by an unref'd timer until it fires. Not the built-in: an abort
 * listener on it (every race or join Pictor makes adds one) keeps a Deno process alive until its
 * deadline, minutes away; and without one, Node 20's `AbortSignal.any` holds its sources weakly,
 * so it could be garbage-collected before it fires.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const timeout = new AbortController();
  keepAlive(
    setTimeout(
      () => timeout.abort(new DOMException(`Timed out after ${ms} ms`, "TimeoutError")),
      timerDelay(ms),
    ),
    false,
  );
  return timeout.signal;
}

/** The longest delay timers take (2³¹ − 1 ms, 24.8 days): a longer one fires at once. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * `ms` as a timer delay: a longer timeout (a huge number written to mean "no timeout") waits the
 * longest a timer can, instead of overflowing into an immediate timeout.
 */
export function timerDelay(ms: number): number {
  return Math.min(ms, MAX_TIMER_DELAY);
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
