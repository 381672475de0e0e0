import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  attemptTimeoutOf,
  releaseAttemptTimeout,
  startAttemptTimeout,
  weakAttemptTimeout,
} from "./attempt-timeout";
import { readOrAbort } from "./read-or-abort";

/** A read that settles only when told to. */
function pendingRead<T>(): { read: Promise<T>; settle: (value: T) => void } {
  let settle: (value: T) => void = () => {};
  const read = new Promise<T>((resolve) => {
    settle = resolve;
  });
  return { read, settle };
}

/** The timeout guarding a fresh response, as the transport leaves it for the body's reader. */
function guardedTimeout(ms: number) {
  const response = new Response("body");
  startAttemptTimeout(ms).guard(response);
  const timeout = attemptTimeoutOf(response);
  if (!timeout) throw new Error("no timeout guards the response");
  return { timeout, release: () => releaseAttemptTimeout(response) };
}

describe("the attempt timeout's race of body reads", () => {
  it("rejects a read still waiting when the time runs out, with a TimeoutError", async () => {
    const { timeout } = guardedTimeout(20);
    const { read } = pendingRead<string>();
    await expect(readOrAbort(read, undefined, timeout)).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("rejects at once a read started after the time ran out", async () => {
    const { timeout } = guardedTimeout(5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(readOrAbort(Promise.resolve("late"), undefined, timeout)).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("a read the caller abandoned (abort) that settles later leaves the next read timed", async () => {
    const { timeout } = guardedTimeout(60);
    const caller = new AbortController();
    const first = pendingRead<string>();
    const abandoned = readOrAbort(first.read, caller.signal, timeout);
    caller.abort(new Error("caller gave up"));
    await expect(abandoned).rejects.toThrow("caller gave up");
    // The next read races the same timer; the abandoned one settles while it waits.
    const second = readOrAbort(pendingRead<string>().read, undefined, timeout);
    first.settle("too late");
    await expect(second).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("a released timeout no longer fires: a read after it is left alone", async () => {
    const { timeout, release } = guardedTimeout(10);
    release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(readOrAbort(Promise.resolve("read"), undefined, timeout)).resolves.toBe("read");
  });
});

describe("the weak attempt timeout (rawClient's)", () => {
  it("fires with a caller's signal even when garbage is collected meanwhile (Node 20's AbortSignal.any holds it weakly)", async () => {
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    const caller = new AbortController();
    const signals = Array.from({ length: 5 }, () => weakAttemptTimeout(50, caller.signal).signal);
    for (let i = 0; i < 5; i++) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(signals.map((signal) => signal.aborted)).toEqual([true, true, true, true, true]);
    expect(signals[0]?.reason).toMatchObject({ name: "TimeoutError" });
  });
});
