import { decode } from "fast-png";
import OpenAI, { toFile } from "openai";
import type { ChatCompletionChunk, ChatCompletionMessage } from "openai/resources/chat/completions";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createMockGateway, decodeBase64 } from "..";
import { makePng } from "../faults/__fixtures__/wire";
import { listen, type MockServer } from "../node";

// The official OpenAI SDK, pointed at the mock's real HTTP server, must work as it does against
// LLM Gateway: the gateway is OpenAI-compatible, and many users call it with this SDK.

/** The gateway's image object in chat messages and deltas (the SDK's types do not know it). */
interface GatewayImage {
  type: "image_url";
  image_url: { url: string };
}

/** A chat message as the gateway sends it: OpenAI's, plus `images`. */
type MessageWithImages = ChatCompletionMessage & { images?: GatewayImage[] };
/** A stream delta as the gateway sends it: OpenAI's, plus `images`. */
type DeltaWithImages = ChatCompletionChunk.Choice.Delta & { images?: GatewayImage[] };

const gateway = createMockGateway();
let server: MockServer;

beforeAll(async () => {
  server = await listen({ port: 0, gateway });
});
afterEach(() => gateway.reset());
afterAll(() => server.close());

function client(options: { apiKey?: string; baseURL?: string; maxRetries?: number } = {}) {
  return new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, ...options });
}

/** Size of a base64 PNG, decoded with fast-png (throws unless it is a valid PNG). */
function pngSize(base64: string): [number, number] {
  const png = decode(decodeBase64(base64));
  return [png.width, png.height];
}

function pngSizeOfDataUrl(url: string): [number, number] {
  const prefix = "data:image/png;base64,";
  expect(url.startsWith(prefix)).toBe(true);
  return pngSize(url.slice(prefix.length));
}

describe("images", () => {
  it("images.generate returns a b64_json PNG of the requested size", async () => {
    const response = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "a lighthouse at dusk",
      size: "2048x2048",
    });

    expect(response.data).toHaveLength(1);
    expect(pngSize(response.data?.[0]?.b64_json ?? "")).toEqual([2048, 2048]);
    expect(gateway.calls[0]).toMatchObject({
      method: "POST",
      path: "/v1/images/generations",
      status: 200,
      body: { model: "bytedance/seedream-4-5", prompt: "a lighthouse at dusk", size: "2048x2048" },
    });
  });

  // The SDK sends edits as multipart/form-data, which the real gateway takes on
  // /v1/images/edits (reference §2.2: the first `image` file, `prompt`, `model`, `size`, …).
  it("images.edit (multipart) returns a PNG derived from the uploaded image", async () => {
    const image = await toFile(makePng(96, 64), "input.png", { type: "image/png" });
    const response = await client().images.edit({
      model: "gemini-3.1-flash-image",
      image,
      prompt: "make it blue",
    });

    expect(gateway.calls[0]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(gateway.calls[0]?.status).toBe(200);
    expect(response.data).toHaveLength(1);
    // Without a size, Gemini edits at its 1K default in the input's 3:2 shape.
    expect(pngSize(response.data?.[0]?.b64_json ?? "")).toEqual([1264, 848]);
  });

  it("images.edit without a prompt gets the gateway's 400, as an SDK BadRequestError", async () => {
    const image = await toFile(makePng(8, 8), "input.png", { type: "image/png" });
    const error = await client()
      .images.edit({ model: "gemini-3.1-flash-image", image, prompt: "" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: null, type: "invalid_request_error" });
    expect((error as Error).message).toContain("prompt is required");
  });
});

describe("chat completions", () => {
  it("returns the image in message.images", async () => {
    const completion = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "a lighthouse at dusk" }],
    });

    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("stop");
    const message = choice?.message as MessageWithImages | undefined;
    expect(message?.role).toBe("assistant");
    expect(message?.images).toHaveLength(1);
    expect(pngSizeOfDataUrl(message?.images?.[0]?.image_url.url ?? "")).toEqual([1024, 1024]);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("streams the image in delta.images and ends with a usage chunk", async () => {
    const stream = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "a lighthouse at dusk" }],
      stream: true,
    });

    const images: GatewayImage[] = [];
    const finishReasons: string[] = [];
    let text = "";
    let usage: ChatCompletionChunk["usage"];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const delta = choice?.delta as DeltaWithImages | undefined;
      images.push(...(delta?.images ?? []));
      text += delta?.content ?? "";
      if (choice?.finish_reason) finishReasons.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }

    expect(images).toHaveLength(1);
    expect(pngSizeOfDataUrl(images[0]?.image_url.url ?? "")).toEqual([1024, 1024]);
    expect(text.length).toBeGreaterThan(0);
    expect(finishReasons).toEqual(["stop"]);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });
});

describe("models", () => {
  it("models.list pages through the gateway's image models", async () => {
    const ids: string[] = [];
    for await (const model of client().models.list()) ids.push(model.id);
    expect(ids).toContain("gemini-3-pro-image");
    expect(ids).toContain("gemini-3.1-flash-image");
  });
});

describe("errors", () => {
  it("a 429 fault is an OpenAI.RateLimitError with status 429", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3 });
    const error = await client()
      .images.generate({ model: "gemini-3.1-flash-image", prompt: "a cat", size: "0.5K" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
    });
    if (!(error instanceof OpenAI.APIError)) throw error;
    expect(error.headers?.get("retry-after")).toBe("3");
    expect(gateway.calls).toHaveLength(1);
  });

  it("the SDK retries a 429 after retry-after-ms and then succeeds", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 20 });
    const response = await client({ maxRetries: 1 }).images.generate({
      model: "gemini-3.1-flash-image",
      prompt: "a cat",
      size: "0.5K",
    });

    expect(response.data).toHaveLength(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it("a bad key is an OpenAI.AuthenticationError when apiKeys is set", async () => {
    const strict = await listen({ port: 0, gateway: createMockGateway({ apiKeys: ["good"] }) });
    onTestFinished(() => strict.close());

    const error = await client({ apiKey: "bad", baseURL: strict.url })
      .images.generate({ model: "gemini-3.1-flash-image", prompt: "a cat", size: "0.5K" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalid_api_key" });
    const ok = await client({ apiKey: "good", baseURL: strict.url }).images.generate({
      model: "gemini-3.1-flash-image",
      prompt: "a cat",
      size: "0.5K",
    });
    expect(ok.data).toHaveLength(1);
  });

  it("a 503 fault is an OpenAI.InternalServerError", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 503 });
    const error = await client()
      .chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "a cat" }],
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 503 });
  });
});
