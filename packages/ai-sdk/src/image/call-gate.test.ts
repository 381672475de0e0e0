import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { CallGate } from "./call-gate";

const abortError = () => new DOMException("aborted", "AbortError");

/** Whether `promise` is still pending after the queued tasks ran. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return !done;
}

describe("CallGate", () => {
  it("lets the waiting calls in first come, first served, one per place given back", async () => {
    const gate = new CallGate(1);
    const leaveFirst = await gate.enter(undefined, abortError);
    const order: string[] = [];
    const second = gate.enter(undefined, abortError).then((leave) => {
      order.push("second");
      return leave;
    });
    const third = gate.enter(undefined, abortError).then((leave) => {
      order.push("third");
      return leave;
    });
    expect(await pending(second)).toBe(true);

    leaveFirst();
    leaveFirst(); // a second call gives nothing back
    const leaveSecond = await second;
    expect(await pending(third)).toBe(true);
    leaveSecond();
    (await third)();
    expect(order).toEqual(["second", "third"]);
  });

  it("a call that takes several places waits for all of them, and no newcomer jumps ahead of it", async () => {
    const gate = new CallGate(3);
    const leaveOne = await gate.enter(undefined, abortError);
    const leaveTwo = await gate.enter(undefined, abortError);
    const wide = gate.enter(undefined, abortError, 2);
    const narrow = gate.enter(undefined, abortError);
    // One place is free, but the two-place call came first.
    expect(await pending(wide)).toBe(true);
    expect(await pending(narrow)).toBe(true);

    leaveOne();
    const leaveWide = await wide;
    expect(await pending(narrow)).toBe(true);
    leaveTwo();
    await expect(narrow).resolves.toBeTypeOf("function");
    leaveWide();
  });

  it("a call asking for more places than the gate has takes the whole gate", async () => {
    const gate = new CallGate(2);
    const leave = await gate.enter(undefined, abortError, 5);
    const next = gate.enter(undefined, abortError);
    expect(await pending(next)).toBe(true);
    leave();
    await expect(next).resolves.toBeTypeOf("function");
  });

  it("when the first in line aborts, those behind it that fit go in", async () => {
    const gate = new CallGate(3);
    const leave = await gate.enter(undefined, abortError);
    const controller = new AbortController();
    const wide = gate.enter(controller.signal, abortError, 3);
    const narrow = gate.enter(undefined, abortError);
    expect(await pending(narrow)).toBe(true);
    controller.abort();
    await expect(wide).rejects.toMatchObject({ name: "AbortError" });
    await expect(narrow).resolves.toBeTypeOf("function");
    leave();
  });

  it("a waiter that aborts leaves the line, never takes a place, and leaves no listener behind", async () => {
    const gate = new CallGate(1);
    const leave = await gate.enter(undefined, abortError);
    const controller = new AbortController();
    const aborted = gate.enter(controller.signal, abortError);
    const next = gate.enter(undefined, abortError);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    leave();
    await expect(next).resolves.toBeTypeOf("function");
    // One place, taken by `next`: a newcomer waits.
    expect(await pending(gate.enter(undefined, abortError))).toBe(true);
  });

  it("an admitted waiter leaves no listener on its signal", async () => {
    const gate = new CallGate(1);
    const leave = await gate.enter(undefined, abortError);
    const signal = new AbortController().signal;
    const waiting = gate.enter(signal, abortError);
    leave();
    await expect(waiting).resolves.toBeTypeOf("function");
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("an aborted signal is refused at once, even with places free", async () => {
    const gate = new CallGate(2);
    await expect(gate.enter(AbortSignal.abort(), abortError)).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("closing lets in none of the waiters it refuses, even one that would fit", async () => {
    const gate = new CallGate(3);
    await gate.enter(undefined, abortError);
    const wide = gate.enter(undefined, abortError, 3);
    const narrow = gate.enter(undefined, abortError);
    const failure = new Error("402");
    gate.close(failure);
    await expect(wide).rejects.toBe(failure);
    await expect(narrow).rejects.toBe(failure);
  });

  it("once closed, refuses who waits and who comes later with the error it was closed with", async () => {
    const gate = new CallGate(1);
    const leave = await gate.enter(undefined, abortError);
    const signal = new AbortController().signal;
    const waiting = gate.enter(signal, abortError);
    const failure = new Error("402");
    gate.close(failure);
    await expect(waiting).rejects.toBe(failure);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);

    leave();
    await expect(gate.enter(undefined, abortError)).rejects.toBe(failure);
  });
});
