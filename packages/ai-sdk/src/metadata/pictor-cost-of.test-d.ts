import type { GeneratedFile, GenerateImageResult, generateText, StepResult, ToolSet } from "ai";
import { describe, expectTypeOf, it } from "vitest";
import { type PictorCost, pictorCostOf } from "../index";

describe("pictorCostOf", () => {
  it("takes the AI SDK's images and text results as they are, and returns a typed cost", () => {
    expectTypeOf(pictorCostOf).toBeCallableWith({} as GenerateImageResult);
    expectTypeOf(pictorCostOf).toBeCallableWith({} as GenerateImageResult["images"][number]);
    expectTypeOf(pictorCostOf).toBeCallableWith({} as GeneratedFile);
    expectTypeOf(pictorCostOf).toBeCallableWith({} as GenerateImageResult["calls"][number]);
    expectTypeOf(pictorCostOf).toBeCallableWith({} as Awaited<ReturnType<typeof generateText>>);
    expectTypeOf(pictorCostOf).toBeCallableWith({} as StepResult<ToolSet>);
    expectTypeOf(pictorCostOf).returns.toEqualTypeOf<PictorCost | undefined>();
    expectTypeOf<PictorCost["source"]>().toEqualTypeOf<"gateway" | "estimate">();
  });
});
