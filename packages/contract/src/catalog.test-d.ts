import { describe, expectTypeOf, it } from "vitest";
import type {
  AspectRatioOf,
  EditCapableImageModelId,
  GenerateCapableImageModelId,
  ImageModelId,
  ImageSizeOf,
  MaxImagesOf,
  RetiringImageModelId,
  SuggestedEditModelId,
  SuggestedGenerateModelId,
  SupportsEditsOf,
  SupportsSeedOf,
} from "./index";

describe("per-model capability types from the catalog", () => {
  it("autocompletes known ids and still accepts any string", () => {
    expectTypeOf<"bytedance/seedream-4-5">().toExtend<ImageModelId>();
    expectTypeOf<"my-org/custom-model">().toExtend<ImageModelId>();
  });

  it("names the models that generate and the ones that edit", () => {
    expectTypeOf<"bytedance/seedream-4-5">().toExtend<GenerateCapableImageModelId>();
    expectTypeOf<"alibaba/qwen-image-edit-plus">().not.toExtend<GenerateCapableImageModelId>();
    expectTypeOf<"alibaba/qwen-image-edit-plus">().toExtend<EditCapableImageModelId>();
    expectTypeOf<"zai/cogview-4">().not.toExtend<EditCapableImageModelId>();
    // The gateway's mappings give only Seedream 5.0 Pro and Flash image input (vision: true).
    expectTypeOf<"bytedance/seedream-4-0">().not.toExtend<EditCapableImageModelId>();
    expectTypeOf<"bytedance/seedream-4-5">().not.toExtend<EditCapableImageModelId>();
    expectTypeOf<"bytedance/seedream-5-0-lite">().not.toExtend<EditCapableImageModelId>();
    expectTypeOf<"bytedance/seedream-5-0-pro">().toExtend<EditCapableImageModelId>();
    expectTypeOf<"bytedance/seedream-5-0-flash">().toExtend<EditCapableImageModelId>();
  });

  it("leaves models with a deactivation date out of what generate and edit suggest", () => {
    expectTypeOf<"alibaba/qwen-image-plus">().toExtend<GenerateCapableImageModelId>();
    expectTypeOf<"alibaba/qwen-image-plus">().toExtend<RetiringImageModelId>();
    expectTypeOf<"alibaba/qwen-image-plus">().not.toExtend<SuggestedGenerateModelId>();
    // Retired with qwen-image-plus on 2026-10-10 (the gateway's alibaba.ts, Oct 2026).
    expectTypeOf<"alibaba/qwen-image">().not.toExtend<SuggestedGenerateModelId>();
    expectTypeOf<"alibaba/qwen-image-max-2025-12-30">().not.toExtend<SuggestedGenerateModelId>();
    expectTypeOf<"gemini-2.5-flash-image">().not.toExtend<SuggestedEditModelId>();
    expectTypeOf<"alibaba/qwen-image-3.0">().toExtend<SuggestedGenerateModelId>();
    expectTypeOf<"gemini-3-pro-image-preview">().toExtend<SuggestedEditModelId>();
    expectTypeOf<"alibaba/qwen-image-edit-plus">().not.toExtend<SuggestedGenerateModelId>();
    // The edit models retire on the same day (the gateway's alibaba.ts, Oct 2026).
    expectTypeOf<"alibaba/qwen-image-edit-plus">().toExtend<RetiringImageModelId>();
    expectTypeOf<"alibaba/qwen-image-edit-plus">().not.toExtend<SuggestedEditModelId>();
    expectTypeOf<"alibaba/qwen-image-edit-max">().not.toExtend<SuggestedEditModelId>();
    expectTypeOf<"alibaba/qwen-image-3.0">().toExtend<SuggestedEditModelId>();
  });

  it("types a listed model's sizes as its list", () => {
    expectTypeOf<"1328x1328">().toExtend<ImageSizeOf<"alibaba/qwen-image-plus">>();
    expectTypeOf<"4096x4096">().not.toExtend<ImageSizeOf<"alibaba/qwen-image-plus">>();
  });

  it("types a pixel-rule model's sizes as WxH plus its tiers", () => {
    expectTypeOf<"2048x2048">().toExtend<ImageSizeOf<"bytedance/seedream-4-5">>();
    expectTypeOf<"2K">().toExtend<ImageSizeOf<"bytedance/seedream-4-5">>();
    expectTypeOf<"big">().not.toExtend<ImageSizeOf<"bytedance/seedream-4-5">>();
  });

  it("types a Google model's sizes as tiers only, and its aspect ratios", () => {
    expectTypeOf<ImageSizeOf<"gemini-3-pro-image-preview">>().toEqualTypeOf<"1K" | "2K" | "4K">();
    expectTypeOf<"16:9">().toExtend<AspectRatioOf<"gemini-3-pro-image-preview">>();
    expectTypeOf<"7:3">().not.toExtend<AspectRatioOf<"gemini-3-pro-image-preview">>();
  });

  it("says a model honours no aspect ratio as never", () => {
    expectTypeOf<AspectRatioOf<"openai/gpt-image-2">>().toBeNever();
  });

  it("carries native n, edit and seed support as literals", () => {
    expectTypeOf<MaxImagesOf<"alibaba/qwen-image-plus">>().toEqualTypeOf<4>();
    expectTypeOf<MaxImagesOf<"gemini-3-pro-image-preview">>().toEqualTypeOf<1>();
    expectTypeOf<SupportsEditsOf<"zai/cogview-4">>().toEqualTypeOf<false>();
    expectTypeOf<SupportsSeedOf<"alibaba/qwen-image-plus">>().toEqualTypeOf<true>();
  });

  it("falls back to wide types for an unknown model", () => {
    expectTypeOf<ImageSizeOf<"my-org/custom-model">>().toEqualTypeOf<string>();
    expectTypeOf<MaxImagesOf<"my-org/custom-model">>().toEqualTypeOf<number>();
  });
});
