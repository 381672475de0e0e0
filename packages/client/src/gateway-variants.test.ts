// Answers the real gateway may send that our mock does not by default (a provider's own finish
// reason, a null echo, a catalog entry of a kind added later): each is the mock's own answer with
// one field changed, and each must come back whole, never as a ResponseValidationError that
// throws away images already paid for.
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  baseURL,
  caught,
  gatewayHeaders,
  useClientTestServer,
} from "./__fixtures__/client-test-server";
import { pngOf } from "./__fixtures__/image-bytes";
import type { ChatFinalMessage } from "./core/chat-completion-stream";
import {
  APIError,
  BadRequestError,
  InternalServerError,
  PaymentRequiredError,
  RateLimitError,
  ResponseValidationError,
} from "./core/errors";

const { gateway, server, client } = useClientTestServer();

/** Serves `path` through the mock gateway, with its JSON answer changed by `change`. */
function rewriteJson(path: string, change: (body: Record<string, unknown>) => void): void {
  server.use(
    http.all(`${baseURL}${path}`, async ({ request }) => {
      const answer = await gateway.fetch(request);
      const body = (await answer.json()) as Record<string, unknown>;
      change(body);
      return HttpResponse.json(body, { status: answer.status, headers: gatewayHeaders(answer) });
    }),
  );
}

/** An SSE event of a stream chunk whose delta carries only `reasoning`. */
function reasoningChunk(reasoning: string): string {
  const chunk = {
    id: "chatcmpl-reasoning",
    object: "chat.completion.chunk",
    created: 1760000000,
    model: "gemini-3-pro-image-preview",
    choices: [{ index: 0, delta: { reasoning }, finish_reason: null }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** Serves chat completions through the mock gateway, with its SSE text changed by `change`. */
function rewriteStream(change: (text: string) => string): void {
  server.use(
    http.post(`${baseURL}/chat/completions`, async ({ request }) => {
      const answer = await gateway.fetch(request);
      return new HttpResponse(change(await answer.text()), { headers: answer.headers });
    }),
  );
}

/** The whole streamed answer to one prompt to an image model. */
async function streamedMessage(): Promise<ChatFinalMessage> {
  const stream = await client().chat.completions.create({
    model: "gemini-3-pro-image-preview",
    messages: [{ role: "user", content: "A fox" }],
    stream: true,
  });
  return stream.finalMessage();
}

/** What reading a stream throws when the gateway sends `payload` as an `event: error`. */
function streamErrorOf(payload: unknown): Promise<unknown> {
  server.use(
    http.post(
      `${baseURL}/chat/completions`,
      () =>
        new HttpResponse(`event: error\ndata: ${JSON.stringify(payload)}\n\ndata: [DONE]\n\n`, {
          headers: { "content-type": "text/event-stream" },
        }),
    ),
  );
  return caught(() => streamedMessage());
}

/** The first choice of a chat completion body. */
function firstChoice(body: Record<string, unknown>): Record<string, unknown> {
  const [choice] = body.choices as Record<string, unknown>[];
  if (!choice) throw new Error("the mock answered without a choice");
  return choice;
}

describe("answers the gateway may send", () => {
  it("a provider's own finish_reason (function_call) keeps the completion and its images", async () => {
    rewriteJson("/chat/completions", (body) => {
      firstChoice(body).finish_reason = "function_call";
    });
    const pictor = client();
    const completion = await pictor.chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A fox" }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("function_call");
    expect(await pictor.chat.completions.imagesOf(completion)).toHaveLength(1);
  });

  it("a provider's own finish_reason on the last stream chunk keeps the images and the usage", async () => {
    rewriteStream((text) => {
      expect(text).toContain('"finish_reason":"stop"');
      return text.replace('"finish_reason":"stop"', '"finish_reason":"sensitive"');
    });
    const message = await streamedMessage();
    expect(message.finishReason).toBe("sensitive");
    expect(message.images).toHaveLength(1);
    expect(message.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("reasoning deltas (Gemini's thinking) are joined in finalMessage().reasoning, apart from the text", async () => {
    // The model thinks aloud first, as Gemini does, then the gateway's own stream follows.
    rewriteStream(
      (text) => reasoningChunk("Planning the scene. ") + reasoningChunk("Adding light.") + text,
    );
    const message = await streamedMessage();
    expect(message.reasoning).toBe("Planning the scene. Adding light.");
    expect(message.content).toBe("Here is your image: A fox");
    expect(message.images).toHaveLength(1);
  });

  it("revised_prompt: null is an image without a revised prompt", async () => {
    rewriteJson("/images/generations", (body) => {
      for (const item of body.data as Record<string, unknown>[]) item.revised_prompt = null;
    });
    const { images } = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cozy cabin",
    });
    expect(images).toHaveLength(1);
    expect(images[0]?.revisedPrompt).toBeUndefined();
  });

  it("images that came back with finish_reason content_filter are kept (seed routes through chat)", async () => {
    rewriteJson("/chat/completions", (body) => {
      firstChoice(body).finish_reason = "content_filter";
    });
    const { images } = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 42,
    });
    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(images).toHaveLength(1);
  });

  it("a model of a modality and stability added later does not fail the model list", async () => {
    rewriteJson("/models", (body) => {
      const [first] = body.data as Record<string, unknown>[];
      if (!first) throw new Error("the mock listed no model");
      first.architecture = { input_modalities: ["text", "file"], output_modalities: ["image"] };
      first.stability = "preview";
    });
    const models = await client().models.list({ imageOnly: false });
    expect(models.map((model) => model.architecture.input_modalities)).toContainEqual([
      "text",
      "file",
    ]);
  });

  it("a provider error with details of its own shape and no param keeps its message, type and code", async () => {
    const provider = {
      message: "Image generation blocked by the provider's safety system",
      type: "invalid_request_error",
      code: "content_policy_violation",
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo" }],
    };
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json({ error: provider }, { status: 400, headers: { "x-request-id": "r1" } }),
      ),
    );
    const error = await caught(() =>
      client().images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    if (!APIError.isInstance(error)) return;
    expect(error.message).toBe(`400 ${provider.message} (request id r1)`);
    expect([error.type, error.code, error.param]).toEqual([provider.type, provider.code, null]);
    // The body stays as sent, the provider's details included.
    expect(error.body).toEqual({ error: provider });
  });

  it("an error body's diagnostics beyond the format (usedProvider) stay in the error's body", async () => {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: "All providers failed",
              type: "api_error",
              param: null,
              code: "all_providers_failed",
              usedProvider: "bytedance",
              requestedModel: "bytedance/seedream-4-5",
            },
          },
          { status: 502 },
        ),
      ),
    );
    const error = await caught(() =>
      client().images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    if (!APIError.isInstance(error)) return;
    expect(error.body).toMatchObject({ error: { usedProvider: "bytedance" } });
  });

  it("an event: error whose details stray from the format keeps its message and its status", async () => {
    const payload = {
      error: {
        message: "Upstream stream terminated unexpectedly before completion",
        type: "gateway_error",
        code: "streaming_error",
        details: { statusCode: "503", cause: { name: "SocketError" } },
      },
    };
    const error = await streamErrorOf(payload);
    expect(error).toBeInstanceOf(InternalServerError);
    if (!APIError.isInstance(error)) return;
    expect(error.status).toBe(503);
    expect(error.message).toContain(payload.error.message);
    expect(error.code).toBe("streaming_error");
    expect(error.body).toEqual(payload);
  });

  it.each([" ", "0x1f4", "200", "abc"])(
    "an event: error whose details.statusCode is %j is a bad gateway (502), not that status",
    async (statusCode) => {
      const error = await streamErrorOf({
        error: { message: "Upstream went away", details: { statusCode } },
      });
      expect(error).toBeInstanceOf(InternalServerError);
      if (!APIError.isInstance(error)) return;
      expect([error.status, error.retryable]).toEqual([502, true]);
    },
  );
});

describe("usage.cost as an object (llmgateway-ai-sdk-provider#15)", () => {
  const withTotal = { total_cost: 0.0421, input_cost: 0.0001, image_output_cost: 0.042 };

  /** Serves `path` through the mock gateway, its `usage.cost` replaced by `cost`. */
  function costAs(path: string, cost: unknown): void {
    rewriteJson(path, (body) => {
      const usage = body.usage as Record<string, unknown> | undefined;
      if (!usage) throw new Error("the mock answered without usage");
      usage.cost = cost;
    });
  }

  it("images.generate reports its total_cost as the gateway's cost", async () => {
    costAs("/images/generations", withTotal);
    const result = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cozy cabin",
    });
    expect(result.images).toHaveLength(1);
    expect(result.cost).toEqual({ usd: 0.0421, source: "gateway" });
  });

  it.each([
    { input_cost: 0.0001, image_output_cost: 0.042 },
    { total_cost: null },
    { total_cost: "0.0421" },
    { total_cost: -1 },
    {},
  ])(
    "images.generate with cost %j (no usable total) keeps the images and estimates the cost",
    async (cost) => {
      costAs("/images/generations", cost);
      const result = await client().images.generate({
        model: "bytedance/seedream-4-5",
        prompt: "A cozy cabin",
        size: "2048x2048",
      });
      expect(result.images).toHaveLength(1);
      // What the catalog charges for one 2048×2048 image, as when the gateway sends no usage.
      expect(result.cost).toEqual({ usd: 0.045, source: "estimate" });
      expect(result.warnings.map((warning) => warning.type)).toContain("estimated-cost");
    },
  );

  it("images.generate through chat reports its total_cost as the gateway's cost", async () => {
    costAs("/chat/completions", withTotal);
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 42,
    });
    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(result.images).toHaveLength(1);
    expect(result.cost).toEqual({ usd: 0.0421, source: "gateway" });
  });

  it("images.generate through chat with a cost object without a total estimates the cost", async () => {
    costAs("/chat/completions", { image_output_cost: 0.042 });
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 42,
    });
    expect(result.images).toHaveLength(1);
    expect(result.cost?.source).toBe("estimate");
  });

  it("a chat completion keeps the cost object in its usage as sent", async () => {
    costAs("/chat/completions", withTotal);
    const completion = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A fox" }],
    });
    expect(completion.choices[0]?.message.images).toHaveLength(1);
    expect(completion.usage?.cost).toEqual(withTotal);
  });

  it("a stream whose last chunk's usage has a cost object keeps the images and the usage", async () => {
    rewriteStream((text) => {
      expect(text).toMatch(/"cost":[\d.]+/);
      return text.replace(/"cost":[\d.]+/, `"cost":${JSON.stringify(withTotal)}`);
    });
    const message = await streamedMessage();
    expect(message.images).toHaveLength(1);
    expect(message.usage?.cost).toEqual(withTotal);
  });
});

describe("an error in a 200 answer (OpenRouter sends one once its headers are out)", () => {
  /** Answers every call to `path` with `body` and status 200; returns how many calls came. */
  function answer200(path: string, body: Record<string, unknown>): { calls: number } {
    const seen = { calls: 0 };
    server.use(
      http.post(`${baseURL}${path}`, () => {
        seen.calls++;
        return HttpResponse.json(body, { headers: { "x-request-id": "req-200" } });
      }),
    );
    return seen;
  }

  const rateLimited = { error: { message: "Rate limit exceeded: free-models-per-min", code: 429 } };

  it("/images/generations: a numeric code that is an HTTP status is that status's error, not a ResponseValidationError", async () => {
    answer200("/images/generations", rateLimited);
    const error = await caught(() =>
      client().images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    if (!APIError.isInstance(error)) return;
    expect(error.message).toBe(`429 ${rateLimited.error.message} (request id req-200)`);
    expect([error.status, error.requestId, error.retryable]).toEqual([429, "req-200", true]);
    expect(error.body).toEqual(rateLimited);
  });

  it("/images/edits: the server's message, type and code are kept", async () => {
    const body = {
      error: { message: "Provider returned error", type: "upstream_error", code: "provider_error" },
    };
    answer200("/images/edits", body);
    const input = await pngOf(8, 8, "an edit's input");
    const error = await caught(() =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: "Add a hat",
        images: [input],
      }),
    );
    // No status of its own: a bad gateway, as the same error in a chat stream is.
    expect(error).toBeInstanceOf(InternalServerError);
    if (!APIError.isInstance(error)) return;
    expect([error.status, error.type, error.code]).toEqual([
      502,
      "upstream_error",
      "provider_error",
    ]);
    expect(error.message).toContain("Provider returned error");
  });

  it("chat completions: the status the error names as a numeric code", async () => {
    answer200("/chat/completions", {
      error: { message: "Insufficient credits", code: 402 },
    });
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "A fox" }],
      }),
    );
    expect(error).toBeInstanceOf(PaymentRequiredError);
    if (!APIError.isInstance(error)) return;
    expect([error.status, error.retryable]).toEqual([402, false]);
  });

  it("chat completions: the status in the gateway's details.statusCode, as in a stream's error", async () => {
    answer200("/chat/completions", {
      error: {
        message: "Insufficient credits",
        type: "invalid_request_error",
        code: "billing_error",
        details: { statusCode: 402 },
      },
    });
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "A fox" }],
      }),
    );
    // Not a retryable 502: paying again is what fixes it.
    expect(error).toBeInstanceOf(PaymentRequiredError);
    if (!APIError.isInstance(error)) return;
    expect([error.status, error.code, error.retryable]).toEqual([402, "billing_error", false]);
  });

  it("is not sent again by the client's retries (the answer came), as a stream's error is not", async () => {
    const seen = answer200("/images/generations", rateLimited);
    const error = await caught(() =>
      client({ maxRetries: 2 }).images.generate({
        model: "bytedance/seedream-4-5",
        prompt: "A cozy cabin",
      }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(seen.calls).toBe(1);
  });

  it("a 200 whose body is neither a result nor an error is still a ResponseValidationError", async () => {
    answer200("/images/generations", { error: "not an object" });
    const error = await caught(() =>
      client().images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" }),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
  });
});

describe("null for a field left out (vLLM, SGLang and LiteLLM send every unset optional field)", () => {
  /** The fields of `target` named in `fields`, each set to null. */
  function nulled(target: unknown, fields: readonly string[]): void {
    if (typeof target !== "object" || target === null) throw new Error("nothing to null");
    for (const field of fields) Reflect.set(target, field, null);
  }

  it("a chat completion with images, usage details and their counts null keeps its text and usage", async () => {
    rewriteJson("/chat/completions", (body) => {
      nulled(firstChoice(body).message, ["images"]);
      nulled(body.usage, ["reasoning_tokens", "cost_details", "info"]);
      const usage = body.usage as Record<string, unknown>;
      usage.prompt_tokens_details = { cached_tokens: 0, audio_tokens: null, image_tokens: null };
      usage.completion_tokens_details = { reasoning_tokens: 0, image_tokens: null };
    });
    const completion = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A fox" }],
    });
    const message = completion.choices[0]?.message;
    expect(message?.images).toBeNull();
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    if (!message) return;
    // That message goes back as it came, its null images as none.
    await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [
        { role: "user", content: "A fox" },
        message,
        { role: "user", content: "At night" },
      ],
    });
    expect(gateway.calls[1]?.body).toMatchObject({
      messages: [{}, { role: "assistant", content: message.content }, {}],
    });
  });

  it("a chat completion whose usage details are null", async () => {
    rewriteJson("/chat/completions", (body) => {
      nulled(body.usage, ["prompt_tokens_details", "completion_tokens_details"]);
    });
    const completion = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A fox" }],
    });
    expect(completion.choices[0]?.message.images).toHaveLength(1);
  });

  it("a chat completion whose usage is null", async () => {
    rewriteJson("/chat/completions", (body) => nulled(body, ["usage"]));
    const completion = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A fox" }],
    });
    expect(completion.usage).toBeNull();
  });

  it("images.generate through chat with null usage details keeps the image and the gateway's cost", async () => {
    rewriteJson("/chat/completions", (body) => {
      nulled(body.usage, ["prompt_tokens_details", "completion_tokens_details", "cost_details"]);
    });
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 42,
    });
    expect(result.images).toHaveLength(1);
    expect(result.cost?.source).toBe("gateway");
  });

  it("images.generate whose usage is null keeps the image and estimates the cost", async () => {
    rewriteJson("/images/generations", (body) => nulled(body, ["usage"]));
    const result = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cozy cabin",
    });
    expect(result.images).toHaveLength(1);
    expect(result.cost?.source).toBe("estimate");
  });

  it("images.edit whose echoes (background, output_format, quality, size) and usage details are null", async () => {
    rewriteJson("/images/edits", (body) => {
      nulled(body, ["background", "output_format", "quality", "size"]);
      nulled(body.usage, ["cost_details"]);
    });
    const input = await pngOf(8, 8, "an edit's input");
    const result = await client().images.edit({
      model: "openai/gpt-image-2",
      prompt: "Add a hat",
      images: [input],
    });
    expect(result.images).toHaveLength(1);
  });

  it("a stream chunk whose delta has images: null", async () => {
    rewriteStream((text) =>
      text.replace('"delta":{"role":"assistant"', '"delta":{"images":null,"role":"assistant"'),
    );
    const message = await streamedMessage();
    expect(message.images).toHaveLength(1);
  });
});
