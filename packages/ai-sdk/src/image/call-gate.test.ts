import { describe, expect, it } from "vitest";
import { CallGate } from "./call-gate";

const abortError = () => new DOMException("aborted", "AbortError");

/** Whether `promise` has settled after the queued microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
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
  return done;
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
    expect(await settled(second)).toBe(false);

    leaveFirst();
    leaveFirst(); // a second call gives nothing back
    const leaveSecond = await second;
    expect(await settled(third)).toBe(false);
    leaveSecond();
    (await third)();
    expect(order).toEqual(["second", "third"]);
  });

  it("a waiter that aborts leaves the line and never takes a place", async () => {
    const gate = new CallGate(1);
    const leave = await gate.enter(undefined, abortError);
    const controller = new AbortController();
    const aborted = gate.enter(controller.signal, abortError);
    const next = gate.enter(undefined, abortError);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });

    leave();
    expect(await settled(next)).toBe(true);
    // One place, taken by `next`: a newcomer waits.
    expect(await settled(gate.enter(undefined, abortError))).toBe(false);
  });

  it("an aborted signal is refused at once, even with places free", async () => {
    const gate = new CallGate(2);
    await expect(gate.enter(AbortSignal.abort(), abortError)).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("refuseWaiting turns away who waits now, not who comes later", async () => {
    const gate = new CallGate(1);
    const leave = await gate.enter(undefined, abortError);
    const waiting = gate.enter(undefined, abortError);
    const failure = new Error("402");
    gate.refuseWaiting(failure);
    await expect(waiting).rejects.toBe(failure);

    leave();
    expect(await settled(gate.enter(undefined, abortError))).toBe(true);
  });
});
