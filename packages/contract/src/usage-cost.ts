import type { UsageCost } from "./generated/types";

/**
 * The total in USD of a usage's `cost` as the gateway sent it, or `undefined` when it gave none.
 * A number is the total when it is finite and not negative (a cost below zero is no price to
 * report). Some gateway versions send an object instead (see the spec's `UsageCost`): its
 * `total_cost` is the total under the same rule; any other object is an unknown cost (its
 * parts are not summed: which of them are billed, and whether they overlap, is the gateway's
 * to say).
 * @example usageCostUsd({ total_cost: 0.1344, image_output_cost: 0.1344 }) // 0.1344
 */
export function usageCostUsd(cost: UsageCost | undefined): number | undefined {
  const total = typeof cost === "object" && cost !== null ? cost.total_cost : cost;
  return typeof total === "number" && Number.isFinite(total) && total >= 0 ? total : undefined;
}
