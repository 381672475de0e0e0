import {
  APICallError,
  InvalidArgumentError,
  InvalidResponseDataError,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { encodeBase64, readImageHeader } from "@pictor/contract";
import { renderPromptImage } from "@pictor/mock";
import {
  convertToModelMessages,
  createUIMessageStreamResponse,
  generateText,
  jsonSchema,
  type ModelMessage,
  Output,
  readUIMessageStream,
  type StreamTextOnErrorRetryCallback,
  streamText,
  type TextStreamPart,
  type ToolSet,
  tool,
  toUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, usePictorTestServer } from "../__fixtures__/pictor-test-server";
import type { PictorChatProviderOptions } from "./pictor-chat-provider-options";

const { gateway, server, provider } = usePictorTestServer();

const gemini = () => provider().chat("gemini-3.1-flash-image");

/** What `generateText` throws when asked to summarise a PDF given as `data`. */
function summarisePdf(data: URL | Uint8Array): Promise<unknown> {
  return caught(() =>
    generateText({
      model: gemini(),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Summarise" },
            { type: "file", data, mediaType: "application/pdf" },
          ],
        },
      ],
    }),
  );
}

/** A tool an app defines for its text models, handed to an image model too. */
const lookUp = tool({
  description: "Looks a word up",
  inputSchema: jsonSchema<{ word: string }>({
    type: "object",
    properties: { word: { type: "string" } },
    required: ["word"],
  }),
  execute: async ({ word }) => `${word}: a small animal`,
});

/** streamText logs stream errors unless given an `onError`; these tests read them from the stream. */
const quiet = () => undefined;

/** The JSON bodies the gateway received. */
function bodies(): Record<string, unknown>[] {
  return gateway.calls.map((call) => call.body as Record<string, unknown>);
}

/** `WxH` of image bytes or base64. */
function sizeOf(image: Uint8Array): string {
  const header = readImageHeader(image);
  return header ? `${header.width}x${header.height}` : "not an image";
}

/** Every part of a `streamText` stream. */
async function streamPartsOf(
  result: ReturnType<typeof streamText>,
): Promise<TextStreamPart<ToolSet>[]> {
  const parts: TextStreamPart<ToolSet>[] = [];
  for await (const part of result.stream) parts.push(part);
  return parts;
}

/** The response of the README's chat route: `streamText`'s stream as a UI message stream. */
function uiMessageStreamResponseOf(result: ReturnType<typeof streamText>): Response {
  return createUIMessageStreamResponse({ stream: toUIMessageStream({ stream: result.stream }) });
}

/** Every chunk of a stream. */
async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader();
  const chunks: T[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read())
    chunks.push(next.value);
  return chunks;
}

/** The chunks of a UI message stream response, parsed from its SSE body as `useChat` reads it. */
async function uiChunksOf(response: Response): Promise<UIMessageChunk[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .map((event) => event.replace(/^data: /, "").trim())
    .filter((data) => data !== "" && data !== "[DONE]")
    .map((data) => JSON.parse(data) as UIMessageChunk);
}

/** The last state of the assistant message `useChat` builds from these chunks. */
async function uiMessageOf(chunks: UIMessageChunk[]): Promise<UIMessage> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let message: UIMessage | undefined;
  for await (const state of readUIMessageStream({ stream })) message = state;
  if (!message) throw new Error("the stream built no message");
  return message;
}

describe("generateText", () => {
  it("returns the text and the image as a file, with usage, cost and finish reason", async () => {
    const result = await generateText({ model: gemini(), prompt: "A fox in the snow" });
    expect(result.text).toBe("Here is your image: A fox in the snow");
    expect(result.files).toHaveLength(1);
    const [file] = result.files;
    expect(file?.mediaType).toBe("image/png");
    expect(sizeOf(file?.uint8Array ?? new Uint8Array())).toBe("1024x1024");
    expect(result.finishReason).toBe("stop");
    // The mock's image tokens: all output, none of it text.
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokenDetails.textTokens).toBe(0);
    expect(result.finalStep.providerMetadata?.pictor).toMatchObject({
      requestId: gateway.calls[0]?.requestId,
      images: 1,
      cost: { usd: expect.any(Number), source: "gateway" },
    });
    expect(result.finalStep.response.headers?.["x-request-id"]).toBe(gateway.calls[0]?.requestId);
    expect(result.finalStep.response.modelId).toMatch(/gemini-3\.1-flash-image$/);
    expect(bodies()).toEqual([
      {
        model: "gemini-3.1-flash-image",
        messages: [{ role: "user", content: "A fox in the snow" }],
      },
    ]);
  });

  it("sends image_config from providerOptions and maps maxOutputTokens, temperature and a system prompt", async () => {
    const result = await generateText({
      model: gemini(),
      system: "You draw landscapes.",
      prompt: "A wide valley",
      maxOutputTokens: 4000,
      temperature: 0.5,
      providerOptions: {
        pictor: {
          image_config: { aspect_ratio: "16:9", image_size: "2K" },
          user: "user-42",
        } satisfies PictorChatProviderOptions,
      },
    });
    expect(bodies()).toEqual([
      {
        model: "gemini-3.1-flash-image",
        messages: [
          { role: "system", content: "You draw landscapes." },
          { role: "user", content: "A wide valley" },
        ],
        image_config: { aspect_ratio: "16:9", image_size: "2K" },
        max_tokens: 4000,
        temperature: 0.5,
        user: "user-42",
      },
    ]);
    expect(sizeOf(result.files[0]?.uint8Array ?? new Uint8Array())).toBe("2752x1536");
    expect(result.warnings).toEqual([]);
  });

  it("settings the model or the gateway ignore are unsupported warnings and are not sent", async () => {
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      seed: 7,
      topK: 3,
      providerOptions: { pictor: { image_config: { image_quality: "high" }, mood: "calm" } },
    });
    expect(bodies()[0]).not.toHaveProperty("image_config");
    expect(
      result.warnings?.map((warning) => warning.type === "unsupported" && warning.feature).sort(),
    ).toEqual([
      "providerOptions.pictor.image_config.image_quality",
      "providerOptions.pictor.mood",
      "seed",
      "topK",
    ]);
  });

  it('reasoning "none" warns that it was not sent and the model may still reason, not that image models take no reasoning', async () => {
    const result = await generateText({ model: gemini(), prompt: "A fox", reasoning: "none" });
    expect(bodies()[0]).not.toHaveProperty("reasoning_effort");
    expect(result.warnings).toEqual([
      { type: "unsupported", feature: "reasoning", details: expect.any(String) },
    ]);
    const [warning] = result.warnings ?? [];
    const details = warning?.type === "unsupported" ? warning.details : undefined;
    expect(details).toMatch(/^reasoning "none" was not sent/);
    // What a caller who asked for none must know: reasoning can still happen, and is paid for.
    expect(details).toContain("usage.outputTokenDetails.reasoningTokens");
    const unasked = await generateText({ model: gemini(), prompt: "A fox" });
    expect(unasked.warnings).toEqual([]);
  });

  it("an object asked of an image model (Output.object) is not sent as response_format; the warning says what to do, and JSON the model wrote is the output", async () => {
    const png = await renderPromptImage({
      prompt: "fox",
      model: "test",
      index: 0,
      width: 32,
      height: 32,
    });
    server.use(
      // A model that did write JSON as its text, because the prompt asked for it.
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json({
          id: "chatcmpl-json",
          object: "chat.completion",
          created: 1_790_000_000,
          model: "gemini-3.1-flash-image",
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: '{"name":"Rusty"}',
                images: [
                  {
                    type: "image_url",
                    image_url: { url: `data:image/png;base64,${encodeBase64(png)}` },
                  },
                ],
              },
              finish_reason: "stop",
            },
          ],
        }),
      ),
    );
    const sent: unknown[] = [];
    server.events.on("request:start", async ({ request }) => {
      sent.push(await request.clone().json());
    });
    const result = await generateText({
      model: gemini(),
      prompt: 'A fox, and its name as JSON: {"name": string}',
      output: Output.object({
        schema: jsonSchema<{ name: string }>({
          type: "object",
          properties: { name: { type: "string" } },
          required: ["name"],
        }),
      }),
    });
    // The gateway refuses response_format for models without JSON output, as its image models are.
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty("response_format");
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "responseFormat",
        details:
          "JSON output was not requested: the gateway's image models have no JSON mode (it refuses response_format for them), so the answer is text and images. Output.object, Output.json and generateObject parse that text, and throw NoObjectGeneratedError, after the image is paid for, unless the prompt got the model to write JSON. To keep the image, drop the output setting and read result.text and result.files; for an object, ask a text model.",
      },
    ]);
    expect(result.output).toEqual({ name: "Rusty" });
    expect(result.files).toHaveLength(1);
  });

  it("providerOptions on messages and parts are not sent, and each provider's are an unsupported warning naming where", async () => {
    const png = await renderPromptImage({
      prompt: "reference",
      model: "test",
      index: 0,
      width: 48,
      height: 32,
    });
    const result = await generateText({
      model: gemini(),
      instructions: {
        role: "system",
        content: "Draw",
        providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
      },
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "A fox", providerOptions: { google: { thoughtSignature: "s" } } },
            {
              type: "file",
              data: png,
              mediaType: "image/png",
              providerOptions: { openai: { imageDetail: "low" } },
            },
          ],
          providerOptions: { pictor: { image_config: { aspect_ratio: "16:9" } } },
        },
        {
          role: "assistant",
          content: [
            // Left out whole (and said so): its options are not named again.
            { type: "reasoning", text: "Sketching", providerOptions: { openai: { itemId: "r" } } },
            { type: "text", text: "Here", providerOptions: { google: {} } },
          ],
        },
        { role: "user", content: "Bigger" },
      ],
    });
    expect(bodies()[0]).not.toHaveProperty("image_config");
    const unsupported = (result.warnings ?? []).filter((warning) => warning.type === "unsupported");
    expect(unsupported).toEqual([
      {
        type: "unsupported",
        feature: "providerOptions.anthropic on a message or part",
        details: expect.stringContaining("system (the system prompt) were not sent"),
      },
      {
        type: "unsupported",
        feature: "providerOptions.pictor on a message or part",
        details: expect.stringMatching(
          /pass them as providerOptions\.pictor of generateText or streamText\. On messages\[0\] \(user message\) they were not sent/,
        ),
      },
      {
        type: "unsupported",
        feature: "providerOptions.google on a message or part",
        details: expect.stringContaining("messages[0].content[0] (text part) were not sent"),
      },
      {
        type: "unsupported",
        feature: "providerOptions.openai on a message or part",
        details: expect.stringContaining("messages[0].content[1] (file part) were not sent"),
      },
    ]);
  });

  it("one provider's options in many places are one warning naming the first five, in order, and counting the rest", async () => {
    const cached = { anthropic: { cacheControl: { type: "ephemeral" } } };
    const turns: ModelMessage[] = [];
    for (let turn = 0; turn < 4; turn++) {
      turns.push(
        {
          role: "user",
          content: [{ type: "text", text: `Idea ${turn}`, providerOptions: cached }],
        },
        { role: "assistant", content: `Sketch ${turn}`, providerOptions: cached },
      );
    }
    const result = await generateText({
      model: gemini(),
      messages: [...turns, { role: "user", content: "Draw the last one" }],
    });
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "providerOptions.anthropic on a message or part",
        details:
          "The gateway's messages have no field for another provider's options, so those on messages[0].content[0] (text part), messages[1] (assistant message), messages[2].content[0] (text part), messages[3] (assistant message), messages[4].content[0] (text part) and 3 more were not sent",
      },
    ]);
  });

  it("a maxOutputTokens below what one image takes (image tokens count as output) is a warning, and is sent", async () => {
    // No size asked: the model makes its default, 1K, which takes 1120 (its smallest, 0.5K, 747).
    const low = await generateText({ model: gemini(), prompt: "A fox", maxOutputTokens: 1000 });
    expect(bodies()[0]).toMatchObject({ max_tokens: 1000 });
    expect(low.warnings).toEqual([
      {
        type: "other",
        message: expect.stringContaining(
          'maxOutputTokens 1000 is below the 1120 output tokens one image of "gemini-3.1-flash-image" takes at its default size, 1K',
        ),
      },
    ]);
    const at05K = await generateText({
      model: gemini(),
      prompt: "A fox",
      maxOutputTokens: 1000,
      providerOptions: { pictor: { image_config: { image_size: "0.5K" } } },
    });
    expect(at05K.warnings).toEqual([]);
    const at2K = await generateText({
      model: gemini(),
      prompt: "A fox",
      maxOutputTokens: 1000,
      providerOptions: { pictor: { image_config: { image_size: "2K" } } },
    });
    expect(at2K.warnings).toEqual([
      { type: "other", message: expect.stringContaining("below the 1680 output tokens") },
    ]);
    // "auto" names no size: the default is what is made, and what the warning says.
    const atAuto = await generateText({
      model: gemini(),
      prompt: "A fox",
      maxOutputTokens: 1000,
      providerOptions: { pictor: { image_config: { image_size: "auto" } } },
    });
    expect(atAuto.warnings).toContainEqual({
      type: "other",
      message: expect.stringContaining("takes at its default size, 1K (image tokens"),
    });
    const enough = await generateText({ model: gemini(), prompt: "A fox", maxOutputTokens: 4000 });
    expect(enough.warnings).toEqual([]);
  });

  it("providerOptions.llmgateway (an app moving from @llmgateway/ai-sdk-provider) is an unsupported warning naming what was not sent, in generateText and streamText", async () => {
    const providerOptions = {
      llmgateway: { image_config: { aspect_ratio: "16:9", image_size: "2K" }, user: "u-1" },
      // Another provider's options stay quiet, as the AI SDK's convention wants.
      openai: { user: "u-1" },
    };
    const expected = [
      {
        type: "unsupported",
        feature: "providerOptions.llmgateway",
        details:
          "Pictor reads providerOptions.pictor, not the llmgateway key of @llmgateway/ai-sdk-provider. Not sent: image_config.aspect_ratio, image_config.image_size, user. Pass them as providerOptions.pictor, which takes image_config, user, service_tier",
      },
    ];
    const generated = await generateText({ model: gemini(), prompt: "A fox", providerOptions });
    expect(generated.warnings).toEqual(expected);
    const streamed = streamText({ model: gemini(), prompt: "A fox", providerOptions });
    await streamed.consumeStream();
    expect(await streamed.warnings).toEqual(expected);
    for (const body of bodies()) {
      expect(body).not.toHaveProperty("image_config");
      expect(body).not.toHaveProperty("user");
    }
    const empty = await generateText({
      model: gemini(),
      prompt: "A fox",
      providerOptions: { llmgateway: {} },
    });
    expect(empty.warnings).toEqual([]);
  });

  it("an image_config key Pictor does not know (a camelCase slip) is an unsupported warning naming the right one", async () => {
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      providerOptions: JSON.parse(
        '{"pictor": {"image_config": {"aspectRatio": "16:9", "quality": "high"}}}',
      ),
    });
    expect(bodies()[0]).not.toHaveProperty("image_config");
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "providerOptions.pictor.image_config.aspectRatio",
        details: expect.stringContaining("did you mean aspect_ratio?"),
      },
      {
        type: "unsupported",
        feature: "providerOptions.pictor.image_config.quality",
        details: expect.stringContaining("did you mean image_quality?"),
      },
    ]);
  });

  it("an image option given beside image_config (where generateImage takes image_size) is a warning saying it goes in image_config", async () => {
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      providerOptions: JSON.parse('{"pictor": {"image_size": "2K", "aspect_ratio": "16:9"}}'),
    });
    expect(bodies()[0]).not.toHaveProperty("image_config");
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "providerOptions.pictor.image_size",
        details: expect.stringContaining("providerOptions.pictor.image_config.image_size"),
      },
      {
        type: "unsupported",
        feature: "providerOptions.pictor.aspect_ratio",
        details: expect.stringContaining("providerOptions.pictor.image_config.aspect_ratio"),
      },
    ]);
  });

  it("a camelCase image option beside image_config (imageSize, aspectRatio) is told its place in image_config too", async () => {
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      providerOptions: JSON.parse(
        '{"pictor": {"imageSize": "2K", "aspectRatio": "16:9", "imageQuality": "high"}}',
      ),
    });
    expect(bodies()[0]).not.toHaveProperty("image_config");
    expect(result.warnings).toEqual(
      [
        ["imageSize", "image_size"],
        ["aspectRatio", "aspect_ratio"],
        ["imageQuality", "image_quality"],
      ].map(([given, field]) => ({
        type: "unsupported",
        feature: `providerOptions.pictor.${given}`,
        details: expect.stringContaining(`providerOptions.pictor.image_config.${field}`),
      })),
    );
  });

  it("more stop sequences than the gateway takes (4) are refused saying so, before sending", async () => {
    const error = await caught(() =>
      generateText({
        model: gemini(),
        prompt: "A fox",
        stopSequences: ["END", "STOP", "DONE", "FIN", "QUIT"],
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    if (!InvalidArgumentError.isInstance(error)) return;
    expect(error.argument).toBe("stopSequences");
    expect(error.message).toContain("at most 4 stop sequences, got 5");
    expect(gateway.calls).toHaveLength(0);
  });

  it("a seed goes to image_config.seed for models that honour it", async () => {
    const result = await generateText({
      model: provider().chat("alibaba/qwen-image-3.0"),
      prompt: "A fox",
      seed: 42,
    });
    expect(bodies()).toMatchObject([{ image_config: { seed: 42 } }]);
    expect(result.warnings).toEqual([]);
  });

  it("an image option value the model cannot make is refused before sending, by name", async () => {
    const error = await caught(() =>
      generateText({
        model: gemini(),
        prompt: "A fox",
        providerOptions: { pictor: { image_config: { aspect_ratio: "7:3" } } },
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: "providerOptions.pictor.image_config.aspect_ratio" });
    expect(gateway.calls).toHaveLength(0);
  });

  it("a content filter is finish reason content-filter, without files", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const result = await generateText({ model: gemini(), prompt: "Something filtered" });
    expect(result.finishReason).toBe("content-filter");
    expect(result.rawFinishReason).toBe("content_filter");
    expect(result.files).toEqual([]);
  });

  it("a finish_reason of error is the AI SDK's error reason, keeping the raw value", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const answer = await gateway.fetch(request);
        const completion = await answer.json();
        completion.choices[0].finish_reason = "error";
        return HttpResponse.json(completion);
      }),
    );
    const result = await generateText({ model: gemini(), prompt: "A fox" });
    expect(result.finishReason).toBe("error");
    expect(result.rawFinishReason).toBe("error");
  });

  it("a completion whose finish_reason is null is interrupted (raw undefined), as a stream that never gave one is; its text and image kept", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const answer = await gateway.fetch(request);
        const completion = await answer.json();
        completion.choices[0].finish_reason = null;
        return HttpResponse.json(completion);
      }),
    );
    const result = await generateText({ model: gemini(), prompt: "A fox" });
    // The gateway never said the answer was complete: not `other`, which says the model
    // stopped for a reason of its own.
    expect(result.finishReason).toBe("interrupted");
    expect(result.rawFinishReason).toBeUndefined();
    expect(result.text).toBe("Here is your image: A fox");
    expect(result.files.map((file) => file.mediaType)).toEqual(["image/png"]);
  });

  it("a finish_reason of tool_calls (Pictor sends no tools, reads no calls) is other, and the text is the output", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const answer = await gateway.fetch(request);
        const completion = await answer.json();
        completion.choices[0].finish_reason = "tool_calls";
        return HttpResponse.json(completion);
      }),
    );
    const result = await generateText({ model: gemini(), prompt: "A fox" });
    expect(result.finishReason).toBe("other");
    expect(result.rawFinishReason).toBe("tool_calls");
    expect(result.toolCalls).toEqual([]);
    expect(result.output).toBe("Here is your image: A fox");
  });

  it("the response body is the completion as the gateway sent it", async () => {
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      include: { responseBody: true },
    });
    const { body, id } = result.finalStep.response;
    expect(body).toMatchObject({ object: "chat.completion", id });
    expect(body).not.toHaveProperty("requestId");
    expect(JSON.stringify(body)).toContain("data:image/");
  });

  it("request.body is the body the gateway received, in generateText and in streamText (with stream and stream_options)", async () => {
    const generated = await generateText({
      model: gemini(),
      prompt: "A fox",
      include: { requestBody: true },
    });
    const streamed = streamText({
      model: gemini(),
      prompt: "A fox",
      include: { requestBody: true },
    });
    await streamed.consumeStream();
    expect([generated.request.body, (await streamed.request).body]).toEqual(bodies());
    expect(bodies()[1]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("the request URL is reported when the provider's fetch hands back a Response of its own (a logging wrapper's, whose url is empty)", async () => {
    const rebuilding: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      return new Response(response.body, { status: response.status, headers: response.headers });
    };
    const model = provider({ fetch: rebuilding }).chat("gemini-3.1-flash-image");
    const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "A fox" }] }];
    const generated = await model.doGenerate({ prompt });
    const streamed = await model.doStream({ prompt });
    await streamed.stream.cancel();
    expect([generated.request?.url, streamed.request?.url]).toEqual([
      `${baseURL}/chat/completions`,
      `${baseURL}/chat/completions`,
    ]);
    const result = await generateText({ model, prompt: "A fox" });
    expect(result.request.url).toBe(new URL(baseURL).origin);
  });

  it("downloads a provider's https image at once and reports its sniffed type", async () => {
    const png = await renderPromptImage({
      prompt: "remote",
      model: "test",
      index: 0,
      width: 48,
      height: 32,
    });
    const imageURL = "https://cdn.provider.test/out/1.png";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 1_790_000_000,
          model: "zai/cogview-4",
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: null,
                images: [{ type: "image_url", image_url: { url: imageURL } }],
              },
              finish_reason: "stop",
            },
          ],
        }),
      ),
      http.get(
        imageURL,
        () => new HttpResponse(png, { headers: { "content-type": "application/octet-stream" } }),
      ),
    );
    const result = await generateText({ model: provider().chat("zai/cogview-4"), prompt: "A fox" });
    expect(result.files.map((file) => file.mediaType)).toEqual(["image/png"]);
    expect(result.files[0]?.uint8Array).toEqual(png);
  });

  it("a provider's https image that cannot be downloaded is an APICallError with that image's URL, not another's", async () => {
    const png = await renderPromptImage({
      prompt: "remote",
      model: "test",
      index: 0,
      width: 48,
      height: 32,
    });
    const arrived = "https://cdn.provider.test/out/1.png";
    const gone = "https://cdn.provider.test/out/2.png";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 1_790_000_000,
          model: "zai/cogview-4",
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: null,
                images: [
                  { type: "image_url", image_url: { url: arrived } },
                  { type: "image_url", image_url: { url: gone } },
                ],
              },
              finish_reason: "stop",
            },
          ],
        }),
      ),
      http.get(arrived, () => new HttpResponse(png, { headers: { "content-type": "image/png" } })),
      http.get(gone, () => new HttpResponse(null, { status: 403 })),
    );

    const error = await caught(() =>
      generateText({ model: provider().chat("zai/cogview-4"), prompt: "A fox" }),
    );

    // The image was made and paid for: the URL to fetch while it lasts is the one that failed.
    expect(APICallError.isInstance(error) && [error.url, error.isRetryable]).toEqual([gone, false]);
    expect(error instanceof Error && error.message).toBe(
      `The gateway made the image(s), but downloading ${gone} from the provider failed: Downloading the generated image from cdn.provider.test failed with HTTP 403`,
    );
  });

  it("an abort while a provider's https image downloads rejects with the abort's reason, not as a failed download", async () => {
    const imageURL = "https://cdn.provider.test/out/slow.png";
    const controller = new AbortController();
    let downloadAborted = false;
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 1_790_000_000,
          model: "zai/cogview-4",
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: null,
                images: [{ type: "image_url", image_url: { url: imageURL } }],
              },
              finish_reason: "stop",
            },
          ],
        }),
      ),
      // The page is stopped while the image downloads: the download waits for that abort.
      http.get(imageURL, async ({ request }) => {
        await new Promise<void>((resolve) => {
          request.signal.addEventListener("abort", () => resolve(), { once: true });
          controller.abort(new DOMException("The user stopped", "AbortError"));
        });
        downloadAborted = true;
        return new HttpResponse(null, { status: 499 });
      }),
    );
    const error = await caught(() =>
      generateText({
        model: provider().chat("zai/cogview-4"),
        prompt: "A fox",
        abortSignal: controller.signal,
      }),
    );
    expect(downloadAborted).toBe(true);
    expect(error).toBe(controller.signal.reason);
  });

  it("an error status is an APICallError with the chat URL; the AI SDK retries a 503", async () => {
    gateway.faults.enqueue({ type: "spend_cap" });
    const error = await caught(() => generateText({ model: gemini(), prompt: "A fox" }));
    expect(
      APICallError.isInstance(error) && [error.statusCode, error.isRetryable, error.url],
    ).toEqual([402, false, `${baseURL}/chat/completions`]);
    gateway.reset();
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const result = await generateText({ model: gemini(), prompt: "A fox" });
    expect(result.files).toHaveLength(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it("a typo of a catalog id in a streamed chat: the gateway's 404 says which id was meant", async () => {
    const errors: unknown[] = [];
    const result = streamText({
      model: provider().chat("gemini-3-pro-image-previw"),
      prompt: "A fox",
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0]) && errors[0].statusCode).toBe(404);
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(
        /Did you mean 'gemini-3-pro-image-preview'\? \(request id [^)]+\)$/,
      ),
    });
  });

  it("a completion cut off after its 200 is not retried (a retry would pay again)", async () => {
    gateway.faults.enqueue({ type: "truncated_body" });
    const error = await caught(() => generateText({ model: gemini(), prompt: "A fox" }));
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
    expect(APICallError.isInstance(error) && [error.statusCode, error.isRetryable]).toEqual([
      200,
      false,
    ]);
  });

  it("refuses an https file that is not an image without downloading it", async () => {
    let downloads = 0;
    server.use(
      http.get("https://files.example.test/report.pdf", () => {
        downloads++;
        return new HttpResponse("%PDF-1.7", { headers: { "content-type": "application/pdf" } });
      }),
    );
    const error = await summarisePdf(new URL("https://files.example.test/report.pdf"));
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(downloads).toBe(0);
    expect(gateway.calls).toHaveLength(0);
  });

  it("downloads an https file of no image type (a storage bucket's octet-stream) and sends it when it is an image", async () => {
    const png = await renderPromptImage({
      prompt: "a photo",
      model: "m",
      index: 0,
      width: 16,
      height: 16,
    });
    server.use(
      http.get("https://bucket.example.test/upload-1", () =>
        HttpResponse.arrayBuffer(png.slice().buffer, {
          headers: { "content-type": "application/octet-stream" },
        }),
      ),
    );
    await generateText({
      model: gemini(),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Make it blue" },
            {
              type: "file",
              data: new URL("https://bucket.example.test/upload-1"),
              mediaType: "application/octet-stream",
            },
          ],
        },
      ],
    });
    expect(JSON.stringify(bodies()[0])).toContain("data:image/png;base64,");
  });

  /** A question another model answered with a tool: the call (after `before`) and its result. */
  const toolExchange = (before: { type: "reasoning"; text: string }[]): ModelMessage[] => [
    { role: "user", content: "What is the weather in Oslo?" },
    {
      role: "assistant",
      content: [
        ...before,
        { type: "tool-call", toolCallId: "c1", toolName: "weather", input: { city: "Oslo" } },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "c1",
          toolName: "weather",
          output: { type: "text", value: "Snow" },
        },
      ],
    },
  ];

  it("leaves out the tool calls and results of earlier turns (another model's), with a warning", async () => {
    const result = await generateText({
      model: gemini(),
      messages: [
        ...toolExchange([]),
        { role: "assistant", content: "It snows in Oslo." },
        { role: "user", content: "Draw it" },
      ],
    });
    expect(result.files).toHaveLength(1);
    expect(bodies()[0]?.messages).toEqual([
      { role: "user", content: "What is the weather in Oslo?" },
      { role: "assistant", content: "It snows in Oslo." },
      { role: "user", content: "Draw it" },
    ]);
    expect(result.warnings).toEqual([
      { type: "other", message: expect.stringContaining("Tool calls and tool results") },
    ]);
  });

  it("sends the images a tool returned (another model's tool exchange) as the user's input images, so the edit sees them", async () => {
    const photo = await renderPromptImage({
      prompt: "photo",
      model: "m",
      index: 0,
      width: 32,
      height: 32,
    });
    const result = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "Fetch my profile photo and make it blue" },
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "photo", input: {} }],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "photo",
              output: {
                type: "content",
                value: [
                  { type: "text", text: "Your profile photo" },
                  { type: "file", mediaType: "image/png", data: { type: "data", data: photo } },
                  // What the gateway cannot take (another provider's file, an SVG): left out,
                  // as the rest of the exchange, not refused.
                  {
                    type: "file",
                    mediaType: "image/png",
                    data: { type: "reference", reference: { openai: "file-abc" } },
                  },
                  {
                    type: "file",
                    mediaType: "image/svg+xml",
                    data: { type: "text", text: "<svg/>" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(bodies()[0]?.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Fetch my profile photo and make it blue" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${encodeBase64(photo)}` } },
        ],
      },
    ]);
    expect(result.providerMetadata?.pictor).toMatchObject({ images: 1 });
    expect(result.warnings).toEqual([
      {
        type: "other",
        message: expect.stringContaining("The images tool results returned go as input images"),
      },
    ]);
  });

  it("providerOptions on an image a tool returned, which is sent, are an unsupported warning naming it, as on a user's image", async () => {
    const photo = await renderPromptImage({
      prompt: "photo",
      model: "m",
      index: 0,
      width: 32,
      height: 32,
    });
    const result = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "Fetch my profile photo and make it blue" },
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "photo", input: {} }],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "photo",
              output: {
                type: "content",
                value: [
                  { type: "text", text: "Your profile photo" },
                  {
                    type: "file",
                    mediaType: "image/png",
                    data: { type: "data", data: photo },
                    providerOptions: { openai: { imageDetail: "low" } },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(JSON.stringify(bodies()[0]?.messages)).toContain("image_url");
    expect(result.warnings).toContainEqual({
      type: "unsupported",
      feature: "providerOptions.openai on a message or part",
      details: expect.stringContaining(
        "messages[2].content[0].output.value[1] (tool result image) were not sent",
      ),
    });
  });

  it("an image a tool returned, with a model that takes no input images, is left out with a warning, not refused", async () => {
    const photo = await renderPromptImage({
      prompt: "photo",
      model: "m",
      index: 0,
      width: 32,
      height: 32,
    });
    const result = await generateText({
      // Seedream 4.5 makes images from text only.
      model: provider().chat("bytedance/seedream-4-5"),
      messages: [
        { role: "user", content: "Fetch my profile photo and draw a lighthouse" },
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "photo", input: {} }],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "photo",
              output: {
                type: "content",
                value: [
                  { type: "file", mediaType: "image/png", data: { type: "data", data: photo } },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(result.files).toHaveLength(1);
    expect(JSON.stringify(bodies()[0]?.messages)).not.toContain("image_url");
    expect(result.warnings).toContainEqual({
      type: "other",
      message: expect.stringContaining("takes no input images"),
    });
  });

  it("images tools returned beyond the model's input limit leave out the oldest, with a warning, rather than refusing the call", async () => {
    const photos = await Promise.all(
      [0, 1, 2, 3, 4].map((index) =>
        renderPromptImage({ prompt: "photo", model: "m", index, width: 32, height: 32 }),
      ),
    );
    /** A tool exchange whose result is one photo. */
    const exchange = (id: string, photo: Uint8Array): ModelMessage[] => [
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: id, toolName: "photo", input: {} }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: id,
            toolName: "photo",
            output: {
              type: "content",
              value: [
                { type: "file", mediaType: "image/png", data: { type: "data", data: photo } },
              ],
            },
          },
        ],
      },
    ];
    const result = await generateText({
      // Reve takes up to 4 input images.
      model: provider().chat("reve-create"),
      messages: [
        { role: "user", content: "Fetch my five photos and make a collage" },
        ...photos.flatMap((photo, index) => exchange(`c${index}`, photo)),
      ],
    });
    expect(result.files).toHaveLength(1);
    const sent = JSON.stringify(bodies()[0]?.messages);
    expect(sent.split(`"type":"image_url"`).length - 1).toBe(4);
    // The oldest went: the first photo.
    expect(sent).not.toContain(encodeBase64(photos[0] ?? new Uint8Array()));
    expect(result.warnings).toContainEqual({
      type: "other",
      message:
        "1 image(s) tool results returned were not sent: reve-create takes at most 4 input image(s), so the oldest were left out",
    });
  });

  it("another model's provider-specific (custom) content is left out with a warning naming its kind, not counted as a tool call", async () => {
    const result = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "A lighthouse" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Here it is." },
            { type: "custom", kind: "google.grounding-chunk" },
          ],
        },
        { role: "user", content: "At night" },
      ],
    });
    expect(bodies()[0]?.messages).toEqual([
      { role: "user", content: "A lighthouse" },
      { role: "assistant", content: "Here it is." },
      { role: "user", content: "At night" },
    ]);
    expect(result.warnings).toEqual([
      {
        type: "other",
        message: expect.stringContaining(
          "(google.grounding-chunk): the gateway's messages have no field for another provider's content",
        ),
      },
    ]);
    expect(JSON.stringify(result.warnings)).not.toContain("Tool calls");
  });

  it("an earlier assistant image given as text (an SVG) is sent back as other images are, and refused as an SVG input is, naming its place", async () => {
    const error = await caught(() =>
      generateText({
        model: gemini(),
        messages: [
          { role: "user", content: "A fox" },
          {
            role: "assistant",
            content: [
              { type: "text", text: "Here it is." },
              {
                type: "file",
                mediaType: "image/svg+xml",
                data: { type: "text", text: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
              },
            ],
          },
          { role: "user", content: "Make it blue" },
        ],
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    if (!InvalidArgumentError.isInstance(error)) return;
    expect(error.argument).toBe("messages[1].content[1]");
    expect(error.message).toContain(
      "messages[1].content[1] (assistant message): is an SVG image, which the gateway does not take: convert it to PNG, JPEG or WebP first",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("an earlier assistant image held by another provider's reference is an error naming the message, the provider and what to do", async () => {
    const error = await caught(() =>
      generateText({
        model: gemini(),
        messages: [
          { role: "user", content: "A fox" },
          {
            role: "assistant",
            content: [
              {
                type: "file",
                mediaType: "image/png",
                data: { type: "reference", reference: { openai: "file-abc123" } },
              },
            ],
          },
          { role: "user", content: "Make it blue" },
        ],
      }),
    );
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(error instanceof Error && error.message).toBe(
      'messages[1].content[0] (assistant message) is an image held by a provider reference (openai "file-abc123"), which the gateway cannot fetch: replace the part\'s data with the image itself (bytes, base64 or an https URL, downloaded from openai first) or leave the part out (nothing was sent).',
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("a file that is not an image in an earlier assistant turn (another model's PDF) is left out with a warning naming its type; the turn's text and image go", async () => {
    const png = await renderPromptImage({
      prompt: "cover",
      model: "test",
      index: 0,
      width: 16,
      height: 16,
    });
    const result = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "Write the report and draw its cover" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Here they are." },
            {
              type: "file",
              data: new TextEncoder().encode("%PDF-1.7"),
              mediaType: "application/pdf",
              // Left out whole (and said so): its options are not named again.
              providerOptions: { openai: { filename: "report.pdf" } },
            },
            { type: "file", data: png, mediaType: "image/png" },
          ],
        },
        { role: "user", content: "Make the cover blue" },
      ],
    });
    expect(result.files).toHaveLength(1);
    const sent = bodies()[0]?.messages as { role: string; content: unknown }[];
    expect(sent[1]).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "Here they are." },
        {
          type: "image_url",
          image_url: { url: expect.stringMatching(/^data:image\/png;base64,/) },
        },
      ],
    });
    expect(result.warnings).toEqual([
      {
        type: "other",
        message:
          "Files from earlier assistant turns that are not images were not sent (application/pdf): Pictor's image models take images only.",
      },
    ]);
  });

  it("joins the turns left on either side of a tool exchange, so roles still alternate", async () => {
    await generateText({
      model: gemini(),
      messages: [
        ...toolExchange([{ type: "reasoning", text: "Thinking" }]),
        { role: "user", content: "Draw it" },
      ],
    });
    expect(bodies()[0]?.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is the weather in Oslo?" },
          { type: "text", text: "Draw it" },
        ],
      },
    ]);
  });

  it("tools with toolChoice auto are an unsupported warning and are not sent", async () => {
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      tools: { lookUp },
    });
    expect(bodies()[0]).not.toHaveProperty("tools");
    expect(result.warnings).toEqual([
      { type: "unsupported", feature: "tools", details: expect.any(String) },
    ]);
    expect(result.files).toHaveLength(1);
  });

  it("tools with toolChoice none are left out without a warning: no tool call is what was asked", async () => {
    // An agent's tools, with this step told to call none of them (prepareStep's toolChoice).
    const result = await generateText({
      model: gemini(),
      prompt: "A fox",
      tools: { lookUp },
      toolChoice: "none",
    });
    expect(bodies()[0]).not.toHaveProperty("tools");
    expect(bodies()[0]).not.toHaveProperty("tool_choice");
    expect(result.warnings).toEqual([]);
    expect(result.files).toHaveLength(1);
  });

  it("a toolChoice that demands a tool call is refused before anything is sent (the AI SDK would throw after the image was paid for)", async () => {
    for (const toolChoice of ["required", { type: "tool", toolName: "lookUp" }] as const) {
      const refused = await caught(() =>
        generateText({ model: gemini(), prompt: "A fox", tools: { lookUp }, toolChoice }),
      );
      expect(UnsupportedFunctionalityError.isInstance(refused)).toBe(true);
      expect((refused as Error).message).toContain("toolChoice");
      const streamed = streamText({
        model: gemini(),
        prompt: "A fox",
        tools: { lookUp },
        toolChoice,
        onError: quiet,
      });
      const errors: unknown[] = [];
      for await (const part of streamed.stream) if (part.type === "error") errors.push(part.error);
      expect(errors.map((error) => UnsupportedFunctionalityError.isInstance(error))).toEqual([
        true,
      ]);
    }
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses non-image files with UnsupportedFunctionalityError", async () => {
    const error = await summarisePdf(new TextEncoder().encode("%PDF-1.7"));
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });

  it("an image the gateway would refuse is named by its place in the prompt, not as the whole prompt", async () => {
    const png = await renderPromptImage({
      prompt: "earlier",
      model: "test",
      index: 0,
      width: 64,
      height: 64,
    });
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const error = await caught(() =>
      generateText({
        model: gemini(),
        messages: [
          { role: "user", content: "A fox" },
          { role: "assistant", content: [{ type: "file", data: png, mediaType: "image/png" }] },
          // Joined with the next user message into one gateway message: still named as given.
          { role: "user", content: "Like this one" },
          {
            role: "user",
            content: [
              { type: "text", text: "and bluer" },
              { type: "file", data: svg, mediaType: "image/svg+xml" },
            ],
          },
        ],
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    if (!InvalidArgumentError.isInstance(error)) return;
    expect(error.argument).toBe("messages[3].content[1]");
    expect(error.message).toContain("messages[3].content[1] (user message): is an SVG image");
    expect(gateway.calls).toHaveLength(0);
  });
  it("behind a system prompt, a refused image is named by its index in the caller's messages and its role, saying the system prompt is counted apart", async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const error = await caught(() =>
      generateText({
        model: gemini(),
        system: "You draw foxes.",
        messages: [
          { role: "user", content: "A fox" },
          { role: "assistant", content: "Here it is." },
          {
            role: "user",
            content: [
              { type: "text", text: "Like this one" },
              { type: "file", data: svg, mediaType: "image/svg+xml" },
            ],
          },
        ],
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    if (!InvalidArgumentError.isInstance(error)) return;
    // messages[2], not prompt[3]: the AI SDK put the system prompt first.
    expect(error.argument).toBe("messages[2].content[1]");
    expect(error.message).toContain(
      "messages[2].content[1] (user message; messages counted without the system prompt): is an SVG image",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("a file that is not an image is refused naming where it is in the caller's messages", async () => {
    const error = await caught(() =>
      generateText({
        model: gemini(),
        system: "You draw foxes.",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Draw what this says" },
              {
                type: "file",
                data: new TextEncoder().encode("%PDF-1.7"),
                mediaType: "application/pdf",
              },
            ],
          },
        ],
      }),
    );
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(error instanceof Error && error.message).toBe(
      "messages[0].content[1] (user message; messages counted without the system prompt) is a file of type application/pdf: the gateway's image models take images only (nothing was sent).",
    );
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("multi-turn refinement", () => {
  it("sends the image of the earlier assistant turn back, and the model edits it", async () => {
    const first = await generateText({
      model: gemini(),
      prompt: "A lighthouse",
      providerOptions: { pictor: { image_config: { aspect_ratio: "16:9" } } },
    });
    const firstImage = first.files[0];
    expect(firstImage).toBeDefined();
    const second = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "A lighthouse" },
        ...first.responseMessages,
        { role: "user", content: "Make it night" },
      ],
    });
    const sent = bodies()[1]?.messages;
    expect(sent).toEqual([
      { role: "user", content: "A lighthouse" },
      {
        role: "assistant",
        // As content parts: the gateway reads no `images` field on a message sent to it.
        content: [
          { type: "text", text: "Here is your image: A lighthouse" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${firstImage?.base64}` } },
        ],
      },
      { role: "user", content: "Make it night" },
    ]);
    // The mock edits the latest image of the conversation: the new one keeps its 16:9 shape.
    expect(sizeOf(second.files[0]?.uint8Array ?? new Uint8Array())).toBe(
      sizeOf(firstImage?.uint8Array ?? new Uint8Array()),
    );
    expect(second.finalStep.providerMetadata?.pictor).toMatchObject({ images: 1 });
  });

  it("a long refinement keeps within the model's input images: the oldest made ones are left out, with a warning", async () => {
    // qwen-image-3.0 takes at most 3 input images; each turn makes one more.
    const qwen = provider().chat("alibaba/qwen-image-3.0");
    const messages: ModelMessage[] = [{ role: "user", content: "A lighthouse" }];
    const made: string[] = [];
    let last: Awaited<ReturnType<typeof generateText>> | undefined;
    for (let turn = 0; turn < 5; turn++) {
      last = await generateText({ model: qwen, messages });
      made.push(last.files[0]?.base64 ?? "");
      messages.push(...last.responseMessages, { role: "user", content: `Refine ${turn}` });
    }
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 200, 200, 200, 200]);
    // The fifth call had four earlier images to send back: the newest three went.
    const sent = JSON.stringify(bodies()[4]?.messages);
    expect(sent.split('"image_url":{').length - 1).toBe(3);
    expect(made.slice(1, 4).every((image) => image !== "" && sent.includes(image))).toBe(true);
    expect(sent.includes(made[0] ?? "")).toBe(false);
    expect(last?.warnings).toContainEqual({
      type: "other",
      message: expect.stringContaining(
        "1 image(s) from earlier assistant turns were not sent back: alibaba/qwen-image-3.0 takes at most 3",
      ),
    });
  });

  it("a refinement with a model that takes no input images says the earlier images were not sent back, and why", async () => {
    // Seedream 4.5 makes images from text only: the image of the first turn cannot go back.
    const seedream = provider().chat("bytedance/seedream-4-5");
    const first = await generateText({ model: seedream, prompt: "A lighthouse" });
    const second = await generateText({
      model: seedream,
      messages: [
        { role: "user", content: "A lighthouse" },
        ...first.responseMessages,
        { role: "user", content: "Make it night" },
      ],
    });
    expect(second.files).toHaveLength(1);
    expect(JSON.stringify(bodies()[1]?.messages)).not.toContain("image_url");
    expect(second.warnings).toEqual([
      {
        type: "other",
        message:
          "bytedance/seedream-4-5 takes no input images, so the 1 image(s) from earlier assistant turns were not sent back: each turn makes a new image from the conversation's text rather than editing the last one (to refine an image, use a model that takes input images)",
      },
    ]);
  });

  it("an earlier assistant turn of several texts sends them as text parts, kept apart (not glued into one word)", async () => {
    const result = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "Say hello" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Hello" },
            { type: "text", text: "world" },
          ],
        },
        // Two assistant messages in a row are joined into one turn the same way.
        { role: "assistant", content: "Again" },
        { role: "user", content: "A fox" },
      ],
    });
    expect(result.files).toHaveLength(1);
    expect(bodies()[0]?.messages).toEqual([
      { role: "user", content: "Say hello" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Hello" },
          { type: "text", text: "world" },
          { type: "text", text: "Again" },
        ],
      },
      { role: "user", content: "A fox" },
    ]);
  });

  it("earlier reasoning is left out with a warning that says why truthfully (the gateway would take it; image models do not need it)", async () => {
    const result = await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "A lighthouse" },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "Planning a lighthouse" },
            { type: "text", text: "Here it is." },
          ],
        },
        { role: "user", content: "At night" },
      ],
    });
    expect(bodies()[0]?.messages).toEqual([
      { role: "user", content: "A lighthouse" },
      { role: "assistant", content: "Here it is." },
      { role: "user", content: "At night" },
    ]);
    expect(result.warnings).toEqual([
      {
        type: "other",
        message:
          "Reasoning from earlier assistant turns was not sent back: Pictor sends a turn's text and images, and image models do not need their reasoning to refine an image.",
      },
    ]);
  });

  it("an earlier turn with nothing to send (reasoning only, or filtered) leaves no empty assistant message, and roles still alternate", async () => {
    // A turn that only reasoned (then was filtered, or stopped) has no text or image for the
    // gateway: sent as { role: "assistant", content: null } it is an empty model turn.
    await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "A lighthouse" },
        { role: "assistant", content: [{ type: "reasoning", text: "Planning a lighthouse" }] },
        { role: "user", content: "Try again" },
      ],
    });
    // A content-filtered turn leaves no response message at all: the retry follows the prompt.
    gateway.faults.enqueue({ type: "content_filter" });
    const filtered = await generateText({ model: gemini(), prompt: "A lighthouse" });
    expect(filtered.responseMessages).toEqual([]);
    await generateText({
      model: gemini(),
      messages: [
        { role: "user", content: "A lighthouse" },
        ...filtered.responseMessages,
        { role: "user", content: "Try again" },
      ],
    });
    for (const index of [0, 2]) {
      const sent = bodies()[index]?.messages as { role: string; content: unknown }[];
      expect(sent.filter((message) => message.role === "assistant" && !message.content)).toEqual(
        [],
      );
      expect(sent.map((message) => message.role)).toEqual(["user"]);
    }
  });

  it("useChat's messages round-trip: the UI file part goes back to the gateway as the assistant's image", async () => {
    const firstTurn = streamText({ model: gemini(), prompt: "A red boat" });
    const assistant = await uiMessageOf(await uiChunksOf(uiMessageStreamResponseOf(firstTurn)));
    const uiMessages: UIMessage[] = [
      { id: "u1", role: "user", parts: [{ type: "text", text: "A red boat" }] },
      assistant,
      { id: "u2", role: "user", parts: [{ type: "text", text: "Now make it blue" }] },
    ];
    const secondTurn = streamText({
      model: gemini(),
      messages: await convertToModelMessages(uiMessages),
    });
    await secondTurn.consumeStream();
    const file = assistant.parts.find((part) => part.type === "file");
    expect(bodies()[1]?.messages).toMatchObject([
      { role: "user", content: "A red boat" },
      {
        role: "assistant",
        content: expect.arrayContaining([
          { type: "image_url", image_url: { url: file?.type === "file" ? file.url : "" } },
        ]),
      },
      { role: "user", content: "Now make it blue" },
    ]);
    // Nothing of Pictor's own turn comes back as an option it would warn about.
    expect(await secondTurn.warnings).toEqual([]);
  });
});

describe("streamText", () => {
  it("streams text deltas, then the image as one file part, then finish with usage and cost", async () => {
    const result = streamText({ model: gemini(), prompt: "A fox in the snow" });
    const parts = await streamPartsOf(result);
    expect(parts.map((part) => part.type)).toEqual([
      "start",
      "start-step",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "file",
      "finish-step",
      "finish",
    ]);
    const file = parts.find((part) => part.type === "file");
    expect(file?.type === "file" && file.file.mediaType).toBe("image/png");
    expect(sizeOf(file?.type === "file" ? file.file.uint8Array : new Uint8Array())).toBe(
      "1024x1024",
    );
    expect(await result.text).toBe("Here is your image: A fox in the snow");
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect((await result.finalStep).providerMetadata?.pictor).toMatchObject({
      requestId: gateway.calls[0]?.requestId,
      cost: { source: "gateway" },
      images: 1,
    });
    expect(bodies()[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("doStream: stream-start first, the text block closed before the image, finish with metadata", async () => {
    const { stream, response, request } = await gemini().doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "A fox" }] }],
      topK: 2,
    });
    const parts = await readAll(stream);
    expect(parts.map((part) => part.type)).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "file",
      "finish",
    ]);
    expect(parts[0]).toEqual({
      type: "stream-start",
      warnings: [{ type: "unsupported", feature: "topK", details: expect.any(String) }],
    });
    const file = parts.find((part) => part.type === "file");
    // The gateway's base64, handed on as it came: no decode, no re-encode.
    expect(file?.type === "file" ? file.data : undefined).toMatchObject({
      type: "data",
      data: expect.stringMatching(/^iVBORw0KGgo/),
    });
    expect(parts.at(-1)).toMatchObject({
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      providerMetadata: { pictor: { images: 1, requestId: gateway.calls[0]?.requestId } },
    });
    expect(response?.headers?.["x-request-id"]).toBe(gateway.calls[0]?.requestId);
    expect(request?.url).toBe(`${baseURL}/chat/completions`);
  });

  it("maps reasoning deltas, and downloads a provider's https image mid-stream", async () => {
    const png = await renderPromptImage({
      prompt: "remote",
      model: "test",
      index: 0,
      width: 40,
      height: 24,
    });
    const imageURL = "https://cdn.provider.test/out/2.png";
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-2", object: "chat.completion.chunk", created: 1_790_000_000, model: "zai/cogview-4", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunk({ role: "assistant", reasoning: "Planning " }),
              chunk({ reasoning: "the fox." }),
              chunk({ content: "Done." }),
              chunk({ images: [{ type: "image_url", image_url: { url: imageURL } }] }),
              chunk({ content: " Enjoy." }),
              chunk({}, "stop"),
              "data: [DONE]\n\n",
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
      http.get(imageURL, () => new HttpResponse(png)),
    );
    const result = streamText({ model: provider().chat("zai/cogview-4"), prompt: "A fox" });
    const parts = await streamPartsOf(result);
    expect(parts.map((part) => part.type).filter((type) => !type.endsWith("step"))).toEqual([
      "start",
      "reasoning-start",
      "reasoning-delta",
      "reasoning-delta",
      "reasoning-end",
      "text-start",
      "text-delta",
      "text-end",
      "file",
      "text-start",
      "text-delta",
      "text-end",
      "finish",
    ]);
    expect((await result.finalStep).reasoningText).toBe("Planning the fox.");
    expect(await result.text).toBe("Done. Enjoy.");
    const [file] = await result.files;
    expect(file?.mediaType).toBe("image/png");
    expect(file?.uint8Array).toEqual(png);
  });

  it("text, then reasoning, then text again: each block is started and ended, and no text is lost", async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-3", object: "chat.completion.chunk", created: 1_790_000_000, model: "gemini-3.1-flash-image", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunk({ role: "assistant", content: "Hello " }),
              chunk({ reasoning: "Thinking again." }),
              chunk({ content: "world" }),
              // One chunk with both: reasoning first, as a reader of the delta would show it.
              chunk({ reasoning: " More.", content: "!" }),
              chunk({}, "stop"),
              "data: [DONE]\n\n",
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const result = streamText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "Hi",
    });
    const parts = await streamPartsOf(result);
    const blocks = parts.flatMap((part) =>
      "id" in part && /^(text|reasoning)-/.test(part.type) ? [`${part.type} ${part.id}`] : [],
    );
    expect(blocks).toEqual([
      "text-start text-0",
      "text-delta text-0",
      "text-end text-0",
      "reasoning-start reasoning-1",
      "reasoning-delta reasoning-1",
      "reasoning-end reasoning-1",
      "text-start text-2",
      "text-delta text-2",
      "text-end text-2",
      "reasoning-start reasoning-3",
      "reasoning-delta reasoning-3",
      "reasoning-end reasoning-3",
      "text-start text-4",
      "text-delta text-4",
      "text-end text-4",
    ]);
    expect(parts.filter((part) => part.type === "error")).toEqual([]);
    expect(await result.text).toBe("Hello world!");
    expect((await result.finalStep).reasoningText).toBe("Thinking again. More.");
  });

  it("a provider image that cannot be downloaded fails the stream after the chunk's other images", async () => {
    const png = await renderPromptImage({
      prompt: "kept",
      model: "test",
      index: 0,
      width: 40,
      height: 24,
    });
    const gone = "https://cdn.provider.test/out/gone.png";
    const images = [
      { type: "image_url", image_url: { url: gone } },
      { type: "image_url", image_url: { url: `data:image/png;base64,${encodeBase64(png)}` } },
    ];
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "zai/cogview-4", choices: [{ index: 0, delta: { images }, finish_reason: "stop" }] })}\n\n`,
              "data: [DONE]\n\n",
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
      http.get(gone, () => new HttpResponse(null, { status: 403 })),
    );
    const parts = await streamPartsOf(
      streamText({ model: provider().chat("zai/cogview-4"), prompt: "A fox", onError: quiet }),
    );
    const types = parts.map((part) => part.type).filter((type) => !type.endsWith("step"));
    expect(types).toEqual(["start", "file", "error", "finish"]);
    const file = parts.find((part) => part.type === "file");
    expect(file?.type === "file" && file.file.uint8Array).toEqual(png);
    const error = parts.find((part) => part.type === "error");
    expect(
      error?.type === "error" && APICallError.isInstance(error.error) && error.error.isRetryable,
    ).toBe(false);
  });

  it("of a chunk's provider images, those that downloaded are streamed before the error for the one that did not", async () => {
    const [first, third] = await Promise.all(
      [0, 2].map((index) =>
        renderPromptImage({ prompt: "kept", model: "test", index, width: 40, height: 24 }),
      ),
    );
    const url = (name: string) => `https://cdn.provider.test/out/${name}.png`;
    const images = ["1", "gone", "3"].map((name) => ({
      type: "image_url",
      image_url: { url: url(name) },
    }));
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "zai/cogview-4", choices: [{ index: 0, delta: { images }, finish_reason: "stop" }] })}\n\n`,
              "data: [DONE]\n\n",
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
      http.get(
        url("1"),
        () => new HttpResponse(first, { headers: { "content-type": "image/png" } }),
      ),
      http.get(url("gone"), () => new HttpResponse(null, { status: 403 })),
      http.get(
        url("3"),
        () => new HttpResponse(third, { headers: { "content-type": "image/png" } }),
      ),
    );
    const parts = await streamPartsOf(
      streamText({ model: provider().chat("zai/cogview-4"), prompt: "A fox", onError: quiet }),
    );
    const types = parts.map((part) => part.type).filter((type) => !type.endsWith("step"));
    expect(types).toEqual(["start", "file", "file", "error", "finish"]);
    // Made and paid for: the two that arrived, in order; the error names the one that did not.
    const files = parts.flatMap((part) => (part.type === "file" ? [part.file.uint8Array] : []));
    expect(files).toEqual([first, third]);
    const error = parts.find((part) => part.type === "error");
    expect(error?.type === "error" && APICallError.isInstance(error.error) && error.error.url).toBe(
      url("gone"),
    );
  });

  it("stream-start carries the warnings", async () => {
    const result = streamText({
      model: gemini(),
      prompt: "A fox",
      topK: 3,
      includeRawChunks: true,
    });
    const parts = await streamPartsOf(result);
    expect(await result.warnings).toEqual([
      { type: "unsupported", feature: "topK", details: expect.any(String) },
    ]);
    expect(parts.filter((part) => part.type === "raw").length).toBeGreaterThan(3);
  });

  it.each([
    [
      "createUIMessageStreamResponse of toUIMessageStream(result.stream)",
      uiMessageStreamResponseOf,
    ],
    // Deprecated in ai@7, and in the routes of apps written before: it must keep working.
    [
      "the deprecated result.toUIMessageStreamResponse()",
      (result: ReturnType<typeof streamText>) => result.toUIMessageStreamResponse(),
    ],
  ])("%s sends the image as a file part in the shape useChat renders", async (_, respond) => {
    const result = streamText({ model: gemini(), prompt: "A fox in the snow" });
    const response = respond(result);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await uiChunksOf(response);
    const fileChunk = chunks.find((chunk) => chunk.type === "file");
    expect(fileChunk).toEqual({
      type: "file",
      mediaType: "image/png",
      url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/),
    });
    const message = await uiMessageOf(chunks);
    expect(message.role).toBe("assistant");
    expect(message.parts.map((part) => part.type)).toEqual(["step-start", "text", "file"]);
    const file = message.parts[2];
    if (file?.type !== "file") throw new Error("no file part");
    expect(file.mediaType).toBe("image/png");
    const bytes = Uint8Array.from(atob(file.url.split(",")[1] ?? ""), (char) => char.charCodeAt(0));
    expect(sizeOf(bytes)).toBe("1024x1024");
  });

  it("a mid-stream `event: error` is an error part, and the finish reason is error", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider crashed" });
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", onError: quiet }),
    );
    const error = parts.find((part) => part.type === "error");
    expect(error?.type === "error" && APICallError.isInstance(error.error)).toBe(true);
    if (error?.type !== "error" || !APICallError.isInstance(error.error)) return;
    expect(error.error.message).toContain("Upstream provider crashed");
    expect(error.error.statusCode).toBe(502);
    expect(parts.filter((part) => part.type === "file")).toEqual([]);
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "error" });
  });

  it("with includeRawChunks, a mid-stream `event: error` comes as a raw part before its error part, as @ai-sdk/openai sends it", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider crashed" });
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", includeRawChunks: true, onError: quiet }),
    );
    const at = parts.findIndex((part) => part.type === "error");
    expect(parts[at - 1]).toEqual({
      type: "raw",
      rawValue: {
        error: expect.objectContaining({
          message: "Upstream provider crashed",
          code: "streaming_error",
          details: expect.objectContaining({ statusCode: 502 }),
        }),
      },
    });
  });

  it("with includeRawChunks, a chunk off the spec comes as a raw part (the chunk as parsed) before its error part", async () => {
    const ok = {
      id: "chatcmpl-7",
      object: "chat.completion.chunk",
      created: 1_790_000_000,
      model: "gemini-3.1-flash-image",
      choices: [{ index: 0, delta: { role: "assistant", content: "Here" }, finish_reason: null }],
    };
    // `image_url` as a bare string, as some OpenAI-compatible servers send it: not the spec's.
    const offSpec = {
      ...ok,
      choices: [
        {
          index: 0,
          delta: { images: [{ type: "image_url", image_url: "https://cdn.test/a.png" }] },
          finish_reason: null,
        },
      ],
    };
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            `data: ${JSON.stringify(ok)}\n\ndata: ${JSON.stringify(offSpec)}\n\ndata: [DONE]\n\n`,
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", includeRawChunks: true, onError: quiet }),
    );
    const at = parts.findIndex((part) => part.type === "error");
    const error = parts[at];
    expect(error?.type === "error" && InvalidResponseDataError.isInstance(error.error)).toBe(true);
    expect(parts.filter((part) => part.type === "raw")).toEqual([
      { type: "raw", rawValue: ok },
      { type: "raw", rawValue: offSpec },
    ]);
    expect(parts[at - 1]).toEqual({ type: "raw", rawValue: offSpec });
  });

  it("with includeRawChunks, an event that is not JSON gives no raw part: the client keeps only its first 200 characters", async () => {
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(`data: {"id": "chatcmpl-8", ${"x".repeat(500)}\n\ndata: [DONE]\n\n`, {
            headers: { "content-type": "text/event-stream" },
          }),
      ),
    );
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", includeRawChunks: true, onError: quiet }),
    );
    expect(parts.some((part) => part.type === "error")).toBe(true);
    expect(parts.filter((part) => part.type === "raw")).toEqual([]);
  });

  it("a mid-stream `event: error` after an image arrived is not retryable: a retry would make and bill it again", async () => {
    const png = await renderPromptImage({
      prompt: "fox",
      model: "test",
      index: 0,
      width: 8,
      height: 8,
    });
    const chunk = (delta: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id: "chatcmpl-3", object: "chat.completion.chunk", created: 1_790_000_000, model: "gemini-3.1-flash-image", choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
    const image = {
      type: "image_url",
      image_url: { url: `data:image/png;base64,${encodeBase64(png)}` },
    };
    const upstreamError = {
      error: {
        message: "Upstream went away",
        type: "gateway_error",
        code: "streaming_error",
        details: { statusCode: 502 },
      },
    };
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunk({ role: "assistant", images: [image] }),
              `event: error\ndata: ${JSON.stringify(upstreamError)}\n\n`,
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", onError: quiet }),
    );
    expect(parts.filter((part) => part.type === "file")).toHaveLength(1);
    const error = parts.find((part) => part.type === "error");
    if (error?.type !== "error" || !APICallError.isInstance(error.error))
      throw new Error("no APICallError part");
    expect(error.error.statusCode).toBe(502);
    expect(error.error.isRetryable).toBe(false);
    expect(error.error.message).toContain("after 1 image(s) arrived: not retried");
  });

  it("an `event: error` after the chunk that said `stop` finishes as error with no raw reason, as the AI SDK's own providers end a failed stream", async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-9", object: "chat.completion.chunk", created: 1_790_000_000, model: "gemini-3.1-flash-image", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const upstreamError = {
      error: { message: "Upstream went away", type: "gateway_error", code: "streaming_error" },
    };
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunk({ role: "assistant", content: "Here it is" }),
              chunk({}, "stop"),
              `event: error\ndata: ${JSON.stringify(upstreamError)}\n\n`,
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const result = streamText({ model: gemini(), prompt: "A fox", onError: quiet });
    const parts = await streamPartsOf(result);
    expect(parts.filter((part) => part.type === "error")).toHaveLength(1);
    expect(await result.finishReason).toBe("error");
    // Not "stop": the raw reason says what the gateway ended with, and it ended with an error.
    expect(await result.rawFinishReason).toBeUndefined();
  });

  it("a stream that reaches [DONE] without a finish_reason finishes as interrupted (raw undefined), without a warning, its text and image kept", async () => {
    const png = await renderPromptImage({
      prompt: "fox",
      model: "test",
      index: 0,
      width: 8,
      height: 8,
    });
    const chunk = (delta: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id: "chatcmpl-6", object: "chat.completion.chunk", created: 1_790_000_000, model: "gemini-3.1-flash-image", choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
    const image = {
      type: "image_url",
      image_url: { url: `data:image/png;base64,${encodeBase64(png)}` },
    };
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunk({ role: "assistant", content: "Here it is" }),
              chunk({ images: [image] }),
              "data: [DONE]\n\n",
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const result = streamText({ model: gemini(), prompt: "A fox" });
    const parts = await streamPartsOf(result);
    // The AI SDK's reason for "the stream ended without saying it was complete": `useChat`
    // marks the message interrupted instead of taking it as finished.
    expect(await result.finishReason).toBe("interrupted");
    expect(await result.rawFinishReason).toBeUndefined();
    expect(await result.warnings).toEqual([]);
    expect(await result.text).toBe("Here it is");
    expect((await result.files).map((file) => file.mediaType)).toEqual(["image/png"]);
    expect(parts.filter((part) => part.type === "error")).toEqual([]);
  });

  it("a stream cut before [DONE] is an error part: not retryable, with the 200's headers, cost unknown", async () => {
    gateway.faults.enqueue({ type: "truncated_stream" });
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", onError: quiet }),
    );
    const error = parts.find((part) => part.type === "error");
    if (error?.type !== "error" || !APICallError.isInstance(error.error))
      throw new Error("no APICallError part");
    // The gateway answered 200 and billed what it made: retrying from onError would pay again.
    expect(error.error.isRetryable).toBe(false);
    expect(error.error.statusCode).toBe(200);
    expect(error.error.responseHeaders?.["x-request-id"]).toEqual(expect.any(String));
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "error" });
    const step = parts.find((part) => part.type === "finish-step");
    expect(step?.type === "finish-step" && step.providerMetadata?.pictor?.cost).toBeNull();
  });

  it("a stream cut after its last chunk gave the finish_reason (only [DONE] missing) finishes with that reason, without an error: the answer is whole", async () => {
    const png = await renderPromptImage({
      prompt: "fox",
      model: "test",
      index: 0,
      width: 8,
      height: 8,
    });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id: "chatcmpl-8",
        object: "chat.completion.chunk",
        created: 1_790_000_000,
        model: "gemini-3.1-flash-image",
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...(finish
          ? { usage: { prompt_tokens: 8, completion_tokens: 1300, total_tokens: 1308 } }
          : {}),
      })}\n\n`;
    const image = {
      type: "image_url",
      image_url: { url: `data:image/png;base64,${encodeBase64(png)}` },
    };
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunk({ role: "assistant", content: "Here it is" }),
              chunk({ images: [image] }),
              chunk({}, "stop"),
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const result = streamText({ model: gemini(), prompt: "A fox", onError: quiet });
    const parts = await streamPartsOf(result);
    expect(parts.filter((part) => part.type === "error")).toEqual([]);
    expect(await result.finishReason).toBe("stop");
    expect(await result.text).toBe("Here it is");
    expect((await result.files).map((file) => file.mediaType)).toEqual(["image/png"]);
    expect((await result.usage).outputTokens).toBe(1300);
  });

  it("streamRetries reruns even a cut stream marked not retryable; the README's onError with streamRetries: 0 does not", async () => {
    const cutStreamCalls = async (
      streamRetries: number,
      onError: StreamTextOnErrorRetryCallback = quiet,
    ) => {
      const before = gateway.calls.length;
      gateway.faults.enqueue({ type: "truncated_stream" });
      await streamPartsOf(streamText({ model: gemini(), prompt: "A fox", streamRetries, onError }));
      return gateway.calls.length - before;
    };
    // ai@7 does not read isRetryable here: the image is made and billed a second time. If this
    // starts failing, ai honours it now and the README's warning can go.
    expect(await cutStreamCalls(1)).toBe(2);
    const readme: StreamTextOnErrorRetryCallback = ({ error }) =>
      APICallError.isInstance(error) && error.isRetryable ? { retry: true } : undefined;
    expect(await cutStreamCalls(0, readme)).toBe(1);
  });

  it("an error's requestBodyValues shows the conversation's images as their length, not their base64", async () => {
    const image = await renderPromptImage({
      prompt: "earlier",
      model: "test",
      index: 0,
      width: 512,
      height: 512,
    });
    const base64 = encodeBase64(image);
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const failure = await caught(() =>
      generateText({
        model: gemini(),
        maxRetries: 0,
        messages: [
          { role: "user", content: "A fox" },
          { role: "assistant", content: [{ type: "file", mediaType: "image/png", data: base64 }] },
          { role: "user", content: "Make it blue" },
        ],
      }),
    );
    if (!APICallError.isInstance(failure)) throw failure;
    const logged = JSON.stringify(failure.requestBodyValues);
    expect(logged).not.toContain(base64.slice(0, 200));
    expect(logged).toContain(`data:image/png;base64,<${base64.length} characters not shown>`);
    expect(logged).toContain("Make it blue");
    expect(gateway.calls[0]?.body).toMatchObject({
      messages: [{}, { content: [{ image_url: { url: `data:image/png;base64,${base64}` } }] }, {}],
    });
  });

  it("an answer off the spec is an InvalidResponseDataError that shows its images as their length, not their base64", async () => {
    const base64 = encodeBase64(
      await renderPromptImage({ prompt: "off", model: "test", index: 0, width: 256, height: 256 }),
    );
    // `image_url` as a bare string, as some OpenAI-compatible servers send it: not the spec's.
    const images = [{ type: "image_url", image_url: `data:image/png;base64,${base64}` }];
    const answer = { id: "c", created: 1_790_000_000, model: "gemini-3.1-flash-image" };
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const body = Object(await request.json());
        if (body.stream !== true)
          return HttpResponse.json({
            ...answer,
            object: "chat.completion",
            choices: [
              {
                index: 0,
                message: { role: "assistant", content: "", images },
                finish_reason: "stop",
              },
            ],
          });
        const chunk = {
          ...answer,
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta: { role: "assistant", images }, finish_reason: null }],
        };
        return new HttpResponse(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`, {
          headers: { "content-type": "text/event-stream" },
        });
      }),
    );
    const generated = await caught(() => generateText({ model: gemini(), prompt: "A fox" }));
    const parts = await streamPartsOf(
      streamText({ model: gemini(), prompt: "A fox", onError: quiet }),
    );
    const streamed = parts.find((part) => part.type === "error");
    for (const error of [generated, streamed?.type === "error" ? streamed.error : undefined]) {
      if (!InvalidResponseDataError.isInstance(error)) throw error;
      // What an error tracker, or an `onError` that serializes the error for the page, gets.
      const serialized = JSON.stringify(error);
      expect(serialized).not.toContain(base64.slice(0, 200));
      expect(serialized).toContain(`data:image/png;base64,<${base64.length} characters not shown>`);
      expect(serialized.length).toBeLessThan(2_000);
    }
  });

  it("a model that answers the stream with a plain completion still streams its image", async () => {
    // What a provider without streaming may do: the gateway answers stream: true with JSON.
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const body: unknown = await request.clone().json();
        const unstreamed = new Request(request.url, {
          method: "POST",
          headers: request.headers,
          body: JSON.stringify({ ...Object(body), stream: false, stream_options: undefined }),
        });
        return gateway.fetch(unstreamed);
      }),
    );
    const result = streamText({
      model: provider().chat("alibaba/qwen-image-3.0"),
      prompt: "A fox",
    });
    await result.consumeStream();
    expect((await result.files).map((file) => file.mediaType)).toEqual(["image/png"]);
    expect(await result.finishReason).toBe("stop");
  });

  it("an error before the stream starts is retried by the AI SDK", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const result = streamText({ model: gemini(), prompt: "A fox" });
    await result.consumeStream();
    expect((await result.files).length).toBe(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it("cancelling doStream's stream (a reader that stopped) stops a provider image download under way and the gateway's request", async () => {
    const imageURL = "https://cdn.provider.test/out/cancelled.png";
    const encoder = new TextEncoder();
    const chunk = (delta: Record<string, unknown>) =>
      encoder.encode(
        `data: ${JSON.stringify({ id: "chatcmpl-5", object: "chat.completion.chunk", created: 1_790_000_000, model: "zai/cogview-4", choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
      );
    let chatSignal: AbortSignal | undefined;
    let downloadSignal: AbortSignal | undefined;
    let downloadStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      downloadStarted = resolve;
    });
    let endDownload!: () => void;
    const ended = new Promise<void>((resolve) => {
      endDownload = resolve;
    });
    server.use(
      // The image's link, then nothing more yet: the model is still writing.
      http.post(`${baseURL}/chat/completions`, ({ request }) => {
        chatSignal = request.signal;
        return new HttpResponse(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(chunk({ role: "assistant", content: "Here it is." }));
              controller.enqueue(
                chunk({ images: [{ type: "image_url", image_url: { url: imageURL } }] }),
              );
            },
          }),
          { headers: { "content-type": "text/event-stream" } },
        );
      }),
      // A slow provider: the download runs until it is aborted (or the test ends it).
      http.get(imageURL, async ({ request }) => {
        downloadSignal = request.signal;
        downloadStarted();
        await Promise.race([
          ended,
          new Promise<void>((resolve) =>
            request.signal.addEventListener("abort", () => resolve(), { once: true }),
          ),
        ]);
        return new HttpResponse(null, { status: 499 });
      }),
    );
    // What every consumer of the model's stream does when it stops reading: streamText's
    // streaming-only variant passes its reader's cancel on, as does a UI message stream whose
    // client went away. No abortSignal is involved.
    const { stream } = await provider()
      .chat("zai/cogview-4")
      .doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "A fox" }] }] });
    const reader = stream.getReader();
    // Read until the image is downloading: the stream waits for it.
    const reading = (async () => {
      for (let next = await reader.read(); !next.done; next = await reader.read());
    })().catch(() => undefined);
    await started;
    expect(downloadSignal?.aborted).toBe(false);
    await reader.cancel();
    const downloadAborted = downloadSignal?.aborted;
    const requestAborted = chatSignal?.aborted;
    endDownload();
    await reading;
    expect(downloadAborted).toBe(true);
    expect(requestAborted).toBe(true);
  });

  it("an abort ends the stream", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const result = streamText({ model: gemini(), prompt: "A fox", abortSignal: controller.signal });
    const parts = await streamPartsOf(result);
    expect(parts.map((part) => part.type)).toContain("abort");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(gateway.calls).toHaveLength(1);
  });
});
