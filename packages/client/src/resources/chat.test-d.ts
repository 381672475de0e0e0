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
