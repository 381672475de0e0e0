import { describe, expect, it } from "vitest";
import { estimateImageCost, findImageModel, requestedTier } from "./index";

function model(id: string) {
  const found = findImageModel(id);
  if (!found) throw new Error(`${id} is not in the catalog`);
  return found;
}

describe("estimateImageCost", () => {
  it("prices a Google 1K image at 16:9 (1376×768, a few more pixels than 1024²) at the 1K tier asked for", () => {
    const flash = model("gemini-3.1-flash-image");
    const asked = estimateImageCost(flash, { images: 1, width: 1376, height: 768, tier: "1K" });
    // 1,120 image tokens at $60/M.
    expect(asked).toMatchObject({ cost: 0.0672, output_image_tokens: 1120 });
    // Without the tier, the pixels alone land in 2K: why callers pass what was asked.
    expect(estimateImageCost(flash, { images: 1, width: 1376, height: 768 })).toMatchObject({
      output_image_tokens: 1680,
    });
  });

  it("prices a tier the model's table lacks by the pixels, not at the table's largest tier", () => {
    const gpt = model("openai/gpt-image-2");
    expect(
      estimateImageCost(gpt, { images: 1, width: 512, height: 512, tier: "0.5K" }),
    ).toMatchObject({ output_image_tokens: 1056 });
  });

  it("a request with no size is billed at the model's default tier", () => {
    const flash = model("gemini-3.1-flash-image");
    expect(requestedTier(flash, undefined)).toBe("1K");
    expect(requestedTier(flash, "2K")).toBe("2K");
    // "auto" is no size either: the default tier, not the pixels of the image that came back.
    expect(requestedTier(flash, "auto")).toBe("1K");
    // A WxH size names no tier: its pixels decide.
    expect(requestedTier(model("bytedance/seedream-4-5"), "2048x2048")).toBeUndefined();
    // A model sized in pixels has no default tier.
    expect(requestedTier(model("openai/gpt-image-2"), undefined)).toBeUndefined();
  });

  it("prices a per-tier model by the tier asked for too", () => {
    const pro = model("qwen-image-3.0-pro");
    expect(estimateImageCost(pro, { images: 2, width: 1376, height: 768, tier: "1K" }).cost).toBe(
      0.08,
    );
    expect(estimateImageCost(pro, { images: 2, width: 2048, height: 2048 }).cost).toBe(0.15);
  });

  it("prices Grok Imagine 2.0 as the gateway does: medium when no quality is sent, legacy names renamed", () => {
    const grok = model("xai/grok-imagine-image-2-0");
    const square = { images: 1, width: 1024, height: 1024 };
    expect(estimateImageCost(grok, { ...square, quality: "low" }).cost).toBe(0.04);
    for (const quality of [undefined, "auto", "standard"])
      expect(estimateImageCost(grok, { ...square, tier: "2K", quality }).cost, quality).toBe(0.08);
    // No key for high: the table's default.
    expect(estimateImageCost(grok, { ...square, tier: "2K", quality: "hd" }).cost).toBe(0.06);
  });

  it("uses the image tokens the gateway reported, which follow quality, over the catalog's count", () => {
    const gpt = model("openai/gpt-image-2");
    // Two low-quality squares: 272 tokens each at $30/M, not the catalog's 1,056 (medium).
    const reported = estimateImageCost(gpt, {
      images: 2,
      width: 1024,
      height: 1024,
      quality: "low",
      outputImageTokens: 544,
    });
    expect(reported).toMatchObject({ cost: 0.01632, output_image_tokens: 272 });
    const assumed = estimateImageCost(gpt, { images: 2, width: 1024, height: 1024 });
    expect(assumed).toMatchObject({ cost: 0.06336, output_image_tokens: 1056 });
    // A report of 0 tokens is no report.
    expect(
      estimateImageCost(gpt, { images: 2, width: 1024, height: 1024, outputImageTokens: 0 }),
    ).toEqual(assumed);
  });
});
