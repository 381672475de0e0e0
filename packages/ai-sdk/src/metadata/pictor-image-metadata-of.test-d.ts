import type { GenerateImageResult } from "ai";
import { describe, expectTypeOf, it } from "vitest";
import { type PictorCost, type PictorImageMetadata, pictorImageMetadataOf } from "../index";

describe("pictorImageMetadataOf", () => {
  it("takes the AI SDK's images as they are, and returns typed metadata", () => {
    expectTypeOf(pictorImageMetadataOf).toBeCallableWith(
      {} as GenerateImageResult["images"][number],
    );
    expectTypeOf(pictorImageMetadataOf).returns.toEqualTypeOf<PictorImageMetadata | undefined>();
    expectTypeOf<PictorImageMetadata["cost"]>().toEqualTypeOf<PictorCost | null>();
  });
});
