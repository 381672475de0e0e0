import { describe, expect, it } from "vitest";
import { imageModelIds, nearestImageModelId } from "./index";

describe("nearestImageModelId", () => {
  it("finds the catalog id a typo, a case slip or a foreign provider prefix meant", () => {
    expect(nearestImageModelId("gemini-3-pro-image-previw")).toBe("gemini-3-pro-image-preview");
    expect(nearestImageModelId("Gemini-3-Pro-Image-Preview")).toBe("gemini-3-pro-image-preview");
    expect(nearestImageModelId("google/gemini-3-pro-image-preview")).toBe(
      "gemini-3-pro-image-preview",
    );
  });

  it("suggests no other version: ids whose digits differ name different models, not typos", () => {
    expect(nearestImageModelId("gpt-image-1")).toBeUndefined();
    expect(nearestImageModelId("openai/gpt-image-1")).toBeUndefined();
    expect(nearestImageModelId("seedream-4-1")).toBeUndefined();
    expect(nearestImageModelId("gemini-3.5-flash-image")).toBeUndefined();
  });

  it("still finds the id meant when the slip is in its letters or separators", () => {
    expect(nearestImageModelId("seedram-4-5")).toBe("seedream-4-5");
    expect(nearestImageModelId("seedream-4.5")).toBe("seedream-4-5");
    expect(nearestImageModelId("gemini-2-5-flash-image")).toBe("gemini-2.5-flash-image");
  });

  it("suggests nothing for an id far from every catalog id", () => {
    expect(nearestImageModelId("my-own-fine-tune")).toBeUndefined();
    expect(nearestImageModelId("x".repeat(500))).toBeUndefined();
  });

  it("suggests no neighbour for a catalog id the gateway refused (a pinned provider not enabled, a deactivated model)", () => {
    const suggested = Object.keys(imageModelIds).flatMap((id) => {
      const nearest = nearestImageModelId(id);
      return nearest === undefined ? [] : [`${id} -> ${nearest}`];
    });
    expect(suggested).toEqual([]);
  });
});
