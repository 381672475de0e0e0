import type { ImageModelV4, LanguageModelV4, ProviderV4 } from "@ai-sdk/provider";
import type { ChatCompletionRequest, ImageModelId, KnownImageModelId } from "@pictor/contract";
import { generateImage, type ImageModel, type LanguageModel, streamText } from "ai";
import { describe, expectTypeOf, it } from "vitest";
import type {
  PictorChatProviderOptions,
  PictorImageProviderOptions,
  PictorProvider,
} from "./index";
import { createPictor, pictor } from "./index";

describe("the provider", () => {
  it("is a ProviderV4, and its models are V4 models the AI SDK takes", () => {
    expectTypeOf(pictor).toExtend<ProviderV4>();
    expectTypeOf(
      createPictor({ apiKey: "sk", baseURL: "https://x", headers: {}, fetch }),
    ).toEqualTypeOf<PictorProvider>();
    expectTypeOf(pictor.image("bytedance/seedream-4-5")).toExtend<ImageModelV4>();
    expectTypeOf(pictor.image("bytedance/seedream-4-5")).toExtend<ImageModel>();
    expectTypeOf(pictor.chat("gemini-3-pro-image-preview")).toExtend<LanguageModelV4>();
    expectTypeOf(pictor.chat("gemini-3-pro-image-preview")).toExtend<LanguageModel>();
    expectTypeOf(pictor.embeddingModel).returns.toBeNever();
    expectTypeOf(pictor.transcriptionModel).returns.toBeNever();
    expectTypeOf(pictor.speechModel).returns.toBeNever();
    expectTypeOf(pictor.rerankingModel).returns.toBeNever();
    expectTypeOf(pictor.videoModel).returns.toBeNever();
    for (const make of [
      pictor.video,
      pictor.completion,
      pictor.embedding,
      pictor.textEmbedding,
      pictor.textEmbeddingModel,
      pictor.transcription,
      pictor.speech,
      pictor.reranking,
    ])
      expectTypeOf(make).returns.toBeNever();
    expectTypeOf(pictor("gemini-3-pro-image-preview")).toExtend<LanguageModel>();
    expectTypeOf(pictor).toBeCallableWith("my-org/brand-new-model");
  });

  it("autocompletes model ids from the catalog and accepts any other string", () => {
    expectTypeOf(pictor.image).parameter(0).toEqualTypeOf<ImageModelId>();
    expectTypeOf(pictor.chat).parameter(0).toEqualTypeOf<ImageModelId>();
    expectTypeOf<KnownImageModelId>().toExtend<Parameters<typeof pictor.image>[0]>();
    expectTypeOf(pictor.image).toBeCallableWith("my-org/brand-new-model");
    // Not plain `string`: the editor still lists the known ids.
    expectTypeOf<Parameters<typeof pictor.image>[0]>().not.toEqualTypeOf<string>();
  });

  it("works in generateImage and streamText", () => {
    expectTypeOf(generateImage).toBeCallableWith({
      model: pictor.image("bytedance/seedream-4-5"),
      prompt: "A cozy cabin",
      n: 3,
      size: "2048x2048",
    });
    expectTypeOf(streamText).toBeCallableWith({
      model: pictor.chat("gemini-3-pro-image-preview"),
      prompt: "A cozy cabin",
    });
  });
});

describe("provider options", () => {
  it("types the image options by the spec's values", () => {
    expectTypeOf<{
      quality: "high";
      moderation: "low";
      image_size: "2K";
    }>().toExtend<PictorImageProviderOptions>();
    expectTypeOf<{ quality: "ultra" }>().not.toExtend<PictorImageProviderOptions>();
    expectTypeOf<{ image_size: "3K" }>().not.toExtend<PictorImageProviderOptions>();
    expectTypeOf<{ output_compression: "high" }>().not.toExtend<PictorImageProviderOptions>();
  });

  it("types image_config for chat", () => {
    expectTypeOf<{
      image_config: {
        aspect_ratio: "16:9";
        image_size: "2K";
        image_quality: "high";
        seed: 1;
        n: 2;
      };
    }>().toExtend<PictorChatProviderOptions>();
    expectTypeOf<{
      image_config: { image_quality: "best" };
    }>().not.toExtend<PictorChatProviderOptions>();
    expectTypeOf<{ image_config: { seed: "1" } }>().not.toExtend<PictorChatProviderOptions>();
  });

  it("the chat provider options are exactly the chat request's fields of those names (built from component schemas, they must not drift)", () => {
    type Fields = "image_config" | "user" | "service_tier";
    expectTypeOf<Required<PictorChatProviderOptions>>().toEqualTypeOf<
      Required<Pick<ChatCompletionRequest, Fields>>
    >();
  });
});
