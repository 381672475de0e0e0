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

  it("finds the id meant when its version is written without a trailing .0 (seedream-4, qwen-image-3)", () => {
    expect(nearestImageModelId("seedream-4")).toBe("seedream-4-0");
    expect(nearestImageModelId("qwen-image-3")).toBe("qwen-image-3.0");
    expect(nearestImageModelId("grok-imagine-image-2")).toBe("grok-imagine-image-2-0");
    expect(nearestImageModelId("muse-image-1")).toBe("muse-image-1.0");
    expect(nearestImageModelId("qwen-image-3-pro")).toBe("qwen-image-3.0-pro");
    // A .0 is no other version, but another digit still is.
    expect(nearestImageModelId("seedream-5-lite")).toBe("seedream-5-0-lite");
    expect(nearestImageModelId("qwen-image-2-pro")).toBeUndefined();
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
