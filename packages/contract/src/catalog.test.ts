import { describe, expect, it } from "vitest";
import { findImageModel, isKnownImageModelId, listImageModels, sizeRuleViolations } from "./index";

describe("findImageModel", () => {
  it("finds a model by its id and by its provider-pinned id", () => {
    expect(findImageModel("qwen-image-plus")?.id).toBe("qwen-image-plus");
    expect(findImageModel("alibaba/qwen-image-plus")?.id).toBe("qwen-image-plus");
    expect(findImageModel("bytedance/seedream-4-5")?.provider).toBe("bytedance");
  });

  it("returns undefined for unknown ids, including Object.prototype names", () => {
    expect(findImageModel("my-org/custom-model")).toBeUndefined();
    expect(findImageModel("constructor")).toBeUndefined();
    expect(isKnownImageModelId("toString")).toBe(false);
  });

  it("lists every model once, each with a default size that its own rules accept", () => {
    const models = listImageModels();
    expect(new Set(models.map((model) => model.id)).size).toBe(models.length);
    for (const model of models) {
      const { sizes } = model.image;
      if (sizes.kind === "pixels" && sizes.default !== undefined) {
        expect(sizeRuleViolations(sizes.default, sizes.rule), model.id).toEqual([]);
      }
    }
  });
});

describe("sizeRuleViolations", () => {
  it("names each broken constraint", () => {
    expect(sizeRuleViolations("1000x1000", { multiple_of: 16, max_pixels: 500_000 })).toEqual([
      "width and height must be multiples of 16",
      "1000000 pixels > max_pixels 500000",
    ]);
    expect(sizeRuleViolations("wide", {})).toEqual(['"wide" is not "WIDTHxHEIGHT"']);
  });
});
