import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { attemptTimeoutOf, releaseAttemptTimeout, startAttemptTimeout } from "./attempt-timeout";
import { anySignal, linkAbort, onAbort, responseOrAbort } from "./read-or-abort";

describe("waiting on a caller's signal", () => {
  it("every wait on one signal shares one listener, and a stopped wait is not called", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const stops = ["a", "b", "c"].map((name) => onAbort(controller.signal, () => calls.push(name)));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);

    stops[1]?.();
    controller.abort();

    expect(calls).toEqual(["a", "c"]);
  });

  it("linkAbort passes an abort on, at once when the source has aborted already", () => {
    const aborted = AbortSignal.abort("early");
    const reasons: unknown[] = [];
    linkAbort(aborted, (reason) => reasons.push(reason));
    expect(reasons).toEqual(["early"]);

    const later = new AbortController();
    const unlink = linkAbort(later.signal, (reason) => reasons.push(reason));
    unlink();
    later.abort("late");
    expect(reasons).toEqual(["early"]);
  });

  it("anySignal aborts with the first source's reason, and unlinked follows none", () => {
    const first = new AbortController();
    const second = new AbortController();
    const joined = anySignal([first.signal, undefined, second.signal]);
    second.abort("second");
    expect([joined.signal.aborted, joined.signal.reason]).toEqual([true, "second"]);

    const other = anySignal([first.signal]);
    other.unlink();
    first.abort("first");
    expect(other.signal.aborted).toBe(false);
  });
});

describe("a fetch that outlives the caller's interest", () => {
  it("responseOrAbort rejects at the abort, and closes the answer that still comes", async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel: () => {
        cancelled = true;
      },
    });
    let answer: (response: Response) => void = () => {};
    const sent = new Promise<Response>((resolve) => {
      answer = resolve;
    });
    const controller = new AbortController();
    const waiting = responseOrAbort(sent, controller.signal);

    controller.abort("gone");
    await expect(waiting).rejects.toBe("gone");
    answer(new Response(body));
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(cancelled).toBe(true);
  });
});

describe("the attempt timeout follows the caller's signal until the attempt is over", () => {
  it("aborts with the caller's reason, and releasing the response unlinks it", () => {
    const caller = new AbortController();
    const timeout = startAttemptTimeout(60_000, caller.signal);
    const response = new Response("body");
    timeout.guard(response);
    const settled: string[] = [];
    attemptTimeoutOf(response)?.onSettle(() => settled.push("settled"));

    releaseAttemptTimeout(response);
    caller.abort("after");

    expect(settled).toEqual(["settled"]);
    expect(timeout.signal.aborted).toBe(false);
  });

  it("settles when its time runs out too (a response nobody read)", async () => {
    const caller = new AbortController();
    const timeout = startAttemptTimeout(10, caller.signal);
    const response = new Response("body");
    timeout.guard(response);
    const settled: string[] = [];
    attemptTimeoutOf(response)?.onSettle(() => settled.push("settled"));

    await new Promise((resolve) => setTimeout(resolve, 40));

    expect(settled).toEqual(["settled"]);
    expect(timeout.expired()).toBe(true);
  });

  it("a callback given after the attempt settled runs at once", async () => {
    const timeout = startAttemptTimeout(5, new AbortController().signal);
    const response = new Response("body");
    timeout.guard(response);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const settled: string[] = [];
    attemptTimeoutOf(response)?.onSettle(() => settled.push("settled"));
    expect(settled).toEqual(["settled"]);
  });

  it("a caller's abort reaches the attempt's signal while it runs", () => {
    const caller = new AbortController();
    const timeout = startAttemptTimeout(60_000, caller.signal);
    caller.abort("stop");
    expect([timeout.signal.aborted, timeout.signal.reason]).toEqual([true, "stop"]);
    timeout.clear();
  });
});
