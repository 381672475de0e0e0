import { describe, expectTypeOf, it } from "vitest";
import type { ChatCompletionStream } from "../core/chat-completion-stream";
import type { GeneratedImage } from "../core/generated-image";
import type { Pictor } from "../pictor";
import type { ChatCompletionCreateParams, ChatCompletionResult } from "./chat";

declare const pictor: Pictor;
declare const earlier: GeneratedImage;
declare const photo: Uint8Array<ArrayBuffer>;
declare const file: Blob;
const model = "gemini-3-pro-image-preview";

describe("chat.completions.create", () => {
  it("resolves to a stream with stream: true and to a completion without", () => {
    expectTypeOf(
      pictor.chat.completions.create({ model, messages: [], stream: true }),
    ).resolves.toEqualTypeOf<ChatCompletionStream>();
    expectTypeOf(
      pictor.chat.completions.create({ model, messages: [] }),
    ).resolves.toEqualTypeOf<ChatCompletionResult>();
  });

  it("takes params typed ChatCompletionCreateParams, or a boolean stream, resolving to either", () => {
    const params: ChatCompletionCreateParams = { model, messages: [], stream: true };
    expectTypeOf(pictor.chat.completions.create(params)).resolves.toEqualTypeOf<
      ChatCompletionStream | ChatCompletionResult
    >();
    const stream = Math.random() > 0.5;
    expectTypeOf(
      pictor.chat.completions.create({ model, messages: [], stream }),
    ).resolves.toEqualTypeOf<ChatCompletionStream | ChatCompletionResult>();
  });

  it("takes a user's images as bytes, a Blob or an earlier result, and nothing else", () => {
    pictor.chat.completions.create({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: photo } },
            { type: "image_url", image_url: { url: file } },
            { type: "image_url", image_url: { url: earlier } },
            { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
            { type: "text", text: "merge them" },
          ],
        },
      ],
    });
    pictor.chat.completions.create({
      model,
      messages: [
        // @ts-expect-error a number is not an image input
        { role: "user", content: [{ type: "image_url", image_url: { url: 42 } }] },
      ],
    });
  });

  it("takes an earlier result as an assistant's image", () => {
    pictor.chat.completions.create({
      model,
      messages: [
        {
          role: "assistant",
          content: null,
          images: [{ type: "image_url", image_url: { url: earlier } }],
        },
        { role: "user", content: "bluer" },
      ],
    });
  });

  it("types the stream's chunks and the final message's images", async () => {
    const stream = await pictor.chat.completions.create({ model, messages: [], stream: true });
    for await (const chunk of stream) {
      expectTypeOf(chunk.choices[0]?.delta.content).toEqualTypeOf<string | null | undefined>();
    }
    expectTypeOf((await stream.finalMessage()).images).toEqualTypeOf<GeneratedImage[]>();
  });
});

describe("image_config, typed per model from the catalog as images.generate's options", () => {
  const messages = [{ role: "user", content: "A fox" }] as const;

  it("takes what a known model honours on chat completions", () => {
    pictor.chat.completions.create({
      model: "google-vertex/gemini-3-pro-image",
      messages,
      stream: true,
      image_config: { aspect_ratio: "21:9", image_size: "4K", n: 1 },
    });
    pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages,
      image_config: { image_size: "1024x1024", seed: 7, n: 4 },
    });
    pictor.chat.completions.create({
      model: "openai/gpt-image-2",
      messages,
      image_config: { image_size: "1536x1024", image_quality: "high", moderation: "low", n: 10 },
    });
  });

  it("refuses a value a known model does not take, as the run time does", () => {
    pictor.chat.completions.create({
      model,
      messages,
      // @ts-expect-error 7:3 is not one of Gemini 3 Pro Image's ratios
      image_config: { aspect_ratio: "7:3" },
    });
    pictor.chat.completions.create({
      model,
      messages,
      stream: true,
      // @ts-expect-error Gemini takes a tier, not pixels
      image_config: { image_size: "1024x1024" },
    });
    pictor.chat.completions.create({
      model,
      messages,
      // @ts-expect-error Gemini ignores seeds
      image_config: { seed: 1 },
    });
    pictor.chat.completions.create({
      model: "openai/gpt-image-2",
      messages,
      // @ts-expect-error gpt-image-2 takes no aspect ratio
      image_config: { aspect_ratio: "1:1" },
    });
    pictor.chat.completions.create({
      model: "openai/gpt-image-2",
      messages,
      // @ts-expect-error gpt-image-2 has no xhigh quality (gpt-image-2.5 has)
      image_config: { image_quality: "xhigh" },
    });
    pictor.chat.completions.create({
      model: "xai/grok-imagine-image",
      messages,
      // @ts-expect-error Grok Imagine has no moderation setting
      image_config: { moderation: "low" },
    });
  });

  it("takes image_quality auto on any model, as the run time does (the provider's choice, as leaving it out)", () => {
    pictor.chat.completions.create({ model, messages, image_config: { image_quality: "auto" } });
    pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages,
      image_config: { image_quality: "auto", seed: 1 },
    });
    pictor.chat.completions.create({
      model,
      messages,
      // @ts-expect-error Gemini has no quality setting: only auto (no choice) compiles
      image_config: { image_quality: "high" },
    });
  });

  it("refuses a literal n above what one completion of the model makes (chat does not fan out)", () => {
    pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages,
      // @ts-expect-error qwen-image-3.0 makes at most 4 images per completion
      image_config: { n: 5 },
    });
    pictor.chat.completions.create({
      model,
      messages,
      // @ts-expect-error Gemini makes one image per completion
      image_config: { n: 2 },
    });
    const count: number = 5;
    pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages,
      image_config: { n: count },
    });
  });

  it("takes the spec's image_config for a model known at run time or unknown", () => {
    const chosen: string = model;
    pictor.chat.completions.create({
      model: chosen,
      messages,
      image_config: { aspect_ratio: "7:3", seed: 1, n: 3 },
    });
    pictor.chat.completions.create({
      model: "my-org/custom-model",
      messages,
      image_config: { aspect_ratio: "7:3", image_size: "huge", image_quality: "max", seed: 1 },
    });
    pictor.chat.completions.create({
      model: "my-org/custom-model",
      messages,
      // @ts-expect-error a seed is a number, for any model
      image_config: { seed: "1" },
    });
  });

  it("for a model picker, takes an option one of its models takes", () => {
    const picked = model as typeof model | "openai/gpt-image-2";
    pictor.chat.completions.create({
      model: picked,
      messages,
      image_config: { image_quality: "high" },
    });
    pictor.chat.completions.create({
      model: picked,
      messages,
      image_config: { aspect_ratio: "16:9" },
    });
    pictor.chat.completions.create({
      model: picked,
      messages,
      // @ts-expect-error neither model honours a seed
      image_config: { seed: 1 },
    });
  });

  it("params typed ChatCompletionCreateParams, spread or checked with satisfies, still pass", () => {
    const base: Omit<ChatCompletionCreateParams, "stream"> = {
      model,
      messages,
      image_config: { aspect_ratio: "16:9" },
    };
    pictor.chat.completions.create({ ...base, stream: true });
    const wide = {
      model,
      messages,
      image_config: { aspect_ratio: "16:9" },
    } satisfies ChatCompletionCreateParams;
    pictor.chat.completions.create(wide);
    const wrong = {
      model,
      messages,
      image_config: { aspect_ratio: "7:3" },
    } satisfies ChatCompletionCreateParams;
    // @ts-expect-error 7:3 is not one of Gemini's ratios
    pictor.chat.completions.create(wrong);
  });
});
