import { describe, expect, it } from "vitest";
import {
  findImageModel,
  findImageModelRules,
  imageModelIds,
  isDeactivated,
  isKnownImageModelId,
  listImageModels,
  sizeRuleViolations,
} from "./index";

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

describe("isDeactivated", () => {
  it("knows the first-generation Qwen models the gateway retired on 2026-10-10", () => {
    const before = Date.parse("2026-10-09T12:00:00Z");
    const after = Date.parse("2026-10-10T12:00:00Z");
    for (const id of [
      "alibaba/qwen-image-plus",
      "alibaba/qwen-image-max",
      "alibaba/qwen-image",
      "alibaba/qwen-image-max-2025-12-30",
    ]) {
      const model = findImageModelRules(id);
      expect(model, id).toBeDefined();
      if (!model) continue;
      expect(isDeactivated(model, before), id).toBe(false);
      expect(isDeactivated(model, after), id).toBe(true);
    }
  });
});

describe("findImageModelRules", () => {
  it("finds every id findImageModel finds, with the same rules", () => {
    for (const id of Object.keys(imageModelIds)) {
      const full = findImageModel(id);
      const rules = findImageModelRules(id);
      expect(rules, id).toBeDefined();
      if (!full || !rules) continue;
      const { id: modelId, provider, pinned_ids, status, deactivated_at, pricing, image } = full;
      expect(rules, id).toEqual({
        id: modelId,
        provider,
        pinned_ids,
        status,
        ...(deactivated_at === undefined ? {} : { deactivated_at }),
        pricing,
        image,
        edits: full.edits,
        endpoints: full.endpoints,
      });
    }
  });

  it("finds nothing for unknown ids, unknown provider prefixes and Object.prototype names", () => {
    for (const id of [
      "my-org/custom-model",
      "constructor",
      "alibaba/constructor",
      "unknown-provider/qwen-image-plus",
      "bytedance/qwen-image-plus",
      "/qwen-image-plus",
      "",
    ])
      expect(findImageModelRules(id), id).toBeUndefined();
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
