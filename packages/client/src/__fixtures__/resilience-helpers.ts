// Helpers for the error, retry, timeout and secret tests (with ./client-test-server.ts).
import { vi } from "vitest";

/** The gateway's JSON error body for a status, as `gatewayError` in @pictor/mock writes it. */
export function gatewayErrorResponse(
  status: number,
  error: { message: string; type: string; code: string | null; param?: string | null },
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { param: null, ...error } }), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req_override_1", ...headers },
  });
}

/**
 * Advances fake timers (`vi.useFakeTimers`) in steps until `promise` settles, so backoff waits
 * of seconds or a minute pass at once. Between steps it yields a real macrotask, since msw and
 * the mock gateway do real asynchronous work (rendering PNGs). Returns how the promise settled.
 * The real-time limit only stops a call that never settles: one 2048×2048 PNG took over 2.5 s
 * on CI's 2 loaded cores.
 */
export async function settleWithFakeTimers<T>(
  promise: Promise<T>,
  { stepMs = 50, realLimitMs = 20_000 }: { stepMs?: number; realLimitMs?: number } = {},
): Promise<PromiseSettledResult<T>> {
  let outcome: PromiseSettledResult<T> | undefined;
  promise.then(
    (value) => {
      outcome = { status: "fulfilled", value };
    },
    (reason: unknown) => {
      outcome = { status: "rejected", reason };
    },
  );
  const started = performance.now();
  while (outcome === undefined && performance.now() - started < realLimitMs) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (outcome === undefined) await vi.advanceTimersByTimeAsync(stepMs);
  }
  if (outcome === undefined) throw new Error(`the call did not settle within ${realLimitMs} ms`);
  return outcome;
}

/** The reason `promise` rejected with under fake timers; fails when it resolves. */
export async function rejectionWithFakeTimers(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await settleWithFakeTimers(promise);
  if (outcome.status === "fulfilled") throw new Error("expected a rejection, but it resolved");
  return outcome.reason;
}

/** `error`, its `cause`, the cause's cause, ... (each once). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    current = typeof current === "object" && "cause" in current ? current.cause : undefined;
  }
  return chain;
}

/** Yields real macrotasks until `condition()` holds (works under fake timers); fails after `realLimitMs`. */
export async function until(condition: () => boolean, realLimitMs = 2_500): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > realLimitMs)
      throw new Error(`condition not met within ${realLimitMs} ms`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
