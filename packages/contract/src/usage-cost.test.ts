import { describe, expect, it } from "vitest";
import { vChatUsage } from "./generated/validators";
import { usageCostUsd } from "./usage-cost";
import { isValid } from "./wire/validate";

describe("usageCostUsd", () => {
  it("reads a number as the total, and null or nothing as no cost", () => {
    expect(usageCostUsd(0.1344)).toBe(0.1344);
    expect(usageCostUsd(0)).toBe(0);
    expect(usageCostUsd(null)).toBeUndefined();
    expect(usageCostUsd(undefined)).toBeUndefined();
  });

  it("reads a negative or non-finite number as no cost, as it does an object's total_cost", () => {
    for (const cost of [-0.1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(usageCostUsd(cost)).toBeUndefined();
  });

  it("reads an object's total_cost, and an object without a usable total as no cost (no sum of parts)", () => {
    expect(usageCostUsd({ total_cost: 0.1344, image_output_cost: 0.1344 })).toBe(0.1344);
    expect(usageCostUsd({ total_cost: 0 })).toBe(0);
    for (const cost of [
      { input_cost: 0.01, image_output_cost: 0.1 },
      { total_cost: null },
      { total_cost: "0.1" },
      { total_cost: -0.1 },
      { total_cost: Number.NaN },
      { total_cost: Number.POSITIVE_INFINITY },
      {},
    ])
      expect(usageCostUsd(cost)).toBeUndefined();
  });

  it("the spec takes a cost object in a usage, and still a number or null", () => {
    const usage = { prompt_tokens: 8, completion_tokens: 1120, total_tokens: 1128 };
    for (const cost of [0.1344, null, { total_cost: 0.1344 }, { anything: ["goes"] }])
      expect(isValid(vChatUsage, { ...usage, cost })).toBe(true);
    for (const cost of ["0.1344", [0.1344], true])
      expect(isValid(vChatUsage, { ...usage, cost })).toBe(false);
  });
});
