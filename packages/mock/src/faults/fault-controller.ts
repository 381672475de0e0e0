import { mulberry32 } from "../image/hash-seed";
import { checkFault } from "./check-fault";
import type { Fault, OperationId, ScriptedFault } from "./fault";

/** Faults at random: each request meets one of `faults` with probability `rate`, reproducibly from `seed`. */
export interface FaultRate {
  rate: number;
  seed?: number;
  faults: readonly Fault[];
  /** Only these operations are affected (default: all). */
  operations?: readonly OperationId[];
}

/** Scripts what the gateway does next: a queue of outcomes, then faults at a seeded rate. */
export interface FaultController {
  /** Queues outcomes, consumed in order by the requests they match that the gateway would otherwise answer; throws a `TypeError` for a fault the mock does not know (from untyped code). */
  enqueue(...faults: ScriptedFault[]): void;
  /** Sets (or with `undefined`, clears) random faults. */
  setRate(rate: FaultRate | undefined): void;
  /** Faults still queued. */
  readonly pending: readonly ScriptedFault[];
  /** Empties the queue and clears the rate. */
  clear(): void;
}

/** The controller plus the gateway-side `next()` that picks the fault for a request. */
export interface FaultSource extends FaultController {
  next(operation: OperationId): Fault | undefined;
  /** Back to how the gateway was created: nothing queued, the creation's rate, its sequence from the start. */
  reset(): void;
}

/** Creates the fault queue and random source of one gateway. */
export function createFaultSource(initialRate?: FaultRate): FaultSource {
  let queue: ScriptedFault[] = [];
  let rate: FaultRate | undefined;
  let random: () => number = Math.random;

  const setRate = (next: FaultRate | undefined) => {
    if (next && (!(next.rate >= 0 && next.rate <= 1) || next.faults.length === 0)) {
      throw new RangeError(
        "fault rate must be between 0 and 1 with at least one fault to pick from",
      );
    }
    for (const fault of next?.faults ?? []) checkFault(fault);
    rate = next;
    random = mulberry32(next?.seed ?? 0x5eed);
  };
  setRate(initialRate);

  return {
    enqueue(...faults) {
      // All checked before any is queued: a call that throws leaves the queue as it was.
      for (const fault of faults) checkFault(fault);
      queue.push(...faults);
    },
    setRate,
    get pending() {
      return queue;
    },
    clear() {
      queue = [];
      setRate(undefined);
    },
    reset() {
      queue = [];
      setRate(initialRate);
    },
    next(operation) {
      const index = queue.findIndex(
        (fault) => fault.operation === undefined || fault.operation === operation,
      );
      if (index !== -1) return queue.splice(index, 1)[0];
      if (!rate || (rate.operations && !rate.operations.includes(operation))) return undefined;
      if (random() >= rate.rate) return undefined;
      return rate.faults[Math.floor(random() * rate.faults.length)];
    },
  };
}
