import { estimateImageCost, findImageModel, type ImageModelEntry } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { estimatedCost, type ImageSettings } from "./model-catalog";

const flash = catalogModel("gemini-3.1-flash-image-preview");

function catalogModel(id: string): ImageModelEntry {
  const model = findImageModel(id);
  if (!model) throw new Error(`the catalog lost ${id}`);
  return model;
}

function settings(overrides: Partial<ImageSettings>): ImageSettings {
  return { modelId: flash.id, size: "", aspectRatio: "", quality: "", n: 1, ...overrides };
}

function tierPrice(tier: string): number {
  return estimateImageCost(flash, { images: 1, width: 1024, height: 1024, tier }).cost;
}

describe("the cost the pickers show", () => {
  it("is the tier asked for (a 1K image at 21:9 holds more than 1024² pixels and is priced at 1K, not 2K)", () => {
    expect(tierPrice("1K")).toBeLessThan(tierPrice("2K"));
    expect(estimatedCost(flash, settings({ size: "1K", aspectRatio: "21:9" }))).toBe(
      tierPrice("1K"),
    );
  });

  it("is the model's default tier when no size is picked", () => {
    expect(estimatedCost(flash, settings({ aspectRatio: "4:5", n: 2 }))).toBe(
      2 * tierPrice(flash.image.default_image_size ?? "1K"),
    );
  });
});
