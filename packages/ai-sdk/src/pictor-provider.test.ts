import { readFileSync } from "node:fs";
import { LoadAPIKeyError, LoadSettingError, NoSuchModelError } from "@ai-sdk/provider";
import { renderPromptImage } from "@pictor/mock";
import {
  createProviderRegistry,
  customProvider,
  generateImage,
  generateText,
  streamText,
  transcribe,
} from "ai";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { apiKey, baseURL, caught, usePictorTestServer } from "./__fixtures__/pictor-test-server";
import { createPictor, pictor } from "./pictor-provider";

const { gateway, provider } = usePictorTestServer();

beforeEach(() => {
  // Each test sets the environment it needs; a developer's real variables must not leak in.
  vi.stubEnv("LLM_GATEWAY_API_KEY", undefined);
  vi.stubEnv("LLM_GATEWAY_BASE_URL", undefined);
  vi.stubEnv("LLM_GATEWAY_API_BASE", undefined);
});
afterEach(() => vi.unstubAllEnvs());

describe("createPictor", () => {
  it("is an AI SDK v4 provider with image and chat models", () => {
    const pictor = provider();
    expect(pictor.specificationVersion).toBe("v4");
    const image = pictor.image("bytedance/seedream-4-5");
    expect([image.specificationVersion, image.provider, image.modelId]).toEqual([
      "v4",
      "pictor.image",
      "bytedance/seedream-4-5",
    ]);
    const chat = pictor.chat("gemini-3.1-flash-image");
    expect([chat.specificationVersion, chat.provider, chat.modelId]).toEqual([
      "v4",
      "pictor.chat",
      "gemini-3.1-flash-image",
    ]);
    expect(pictor.imageModel("openai/gpt-image-2").provider).toBe("pictor.image");
    expect(pictor.languageModel("openai/gpt-image-2").provider).toBe("pictor.chat");
  });

  it("is callable like first-party providers: pictor(id) is the chat model", async () => {
    const model = provider()("gemini-3-pro-image-preview");
    expect([model.provider, model.modelId]).toEqual(["pictor.chat", "gemini-3-pro-image-preview"]);
    const { files } = await generateText({ model, prompt: "A lighthouse" });
    expect(files.map((file) => file.mediaType)).toEqual(["image/png"]);
  });

  it("refuses `new pictor(id)` with the Error first-party providers throw, not a TypeError quoting its code", () => {
    for (const made of [pictor, provider(), createPictor()]) {
      // From untyped code: `new openai(id)` gets this same Error from @ai-sdk/openai.
      const error = caughtSync(() => Reflect.construct(made, ["gemini-3-pro-image-preview"]));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        "The Pictor model function cannot be called with the new keyword.",
      );
    }
  });

  it("has no embedding models", () => {
    const error = caughtSync(() => provider().embeddingModel("text-embedding-3-small"));
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ modelId: "text-embedding-3-small", modelType: "embeddingModel" });
  });

  it("says what it has no model of in words, not by a method name", () => {
    const pictor = provider();
    const messages = [
      caughtSync(() => pictor.embeddingModel("text-embedding-3-small")),
      caughtSync(() => pictor.transcriptionModel("whisper-1")),
      caughtSync(() => pictor.speechModel("tts-1")),
      caughtSync(() => pictor.rerankingModel("rerank-v3.5")),
    ].map((error) => (error as Error).message);
    expect(messages.map((message) => message.split(":")[0])).toEqual([
      'Pictor has no embedding models ("text-embedding-3-small" was asked for)',
      'Pictor has no transcription models ("whisper-1" was asked for)',
      'Pictor has no speech models ("tts-1" was asked for)',
      'Pictor has no reranking models ("rerank-v3.5" was asked for)',
    ]);
    for (const message of messages) expect(message).not.toMatch(/[a-z]Model\b/);
  });

  it("has no transcription, speech or reranking models: NoSuchModelError saying what it has, also from plain JS and a registry", async () => {
    // Untyped code, as a first-party provider's would be written: `pictor.transcriptionModel(…)`.
    const pictor = provider();
    for (const modelType of ["transcriptionModel", "speechModel", "rerankingModel"]) {
      const make: unknown = Reflect.get(pictor, modelType);
      const error = caughtSync(() => (make as (modelId: string) => unknown)("whisper-1"));
      expect(NoSuchModelError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ modelId: "whisper-1", modelType });
      expect((error as Error).message).toMatch(/pictor\.image\(id\).*pictor\.chat\(id\)/);
    }
    // Through the AI SDK's registry, the same error and message.
    const registry = createProviderRegistry({ pictor: provider() });
    const fromRegistry = caughtSync(() => registry.speechModel("pictor:tts-1"));
    expect((fromRegistry as Error).message).toContain("pictor.image(id)");
    const transcribed = await caught(() =>
      transcribe({ model: provider().transcriptionModel("whisper-1"), audio: new Uint8Array(8) }),
    );
    expect(NoSuchModelError.isInstance(transcribed)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });

  it("has no video models, and other providers' short method names fail the same way: NoSuchModelError from plain JS, a registry and customProvider", () => {
    const pictor = provider();
    // Code written for @ai-sdk/openai, the AI SDK gateway or @llmgateway/ai-sdk-provider, untyped.
    const modelTypes = {
      videoModel: "videoModel",
      video: "videoModel",
      completion: "languageModel",
      embedding: "embeddingModel",
      textEmbedding: "embeddingModel",
      textEmbeddingModel: "embeddingModel",
      transcription: "transcriptionModel",
      speech: "speechModel",
      reranking: "rerankingModel",
    };
    for (const [method, modelType] of Object.entries(modelTypes)) {
      const make: unknown = Reflect.get(pictor, method);
      expect(typeof make, method).toBe("function");
      const error = caughtSync(() => (make as (modelId: string) => unknown)("some-model"));
      expect(NoSuchModelError.isInstance(error), method).toBe(true);
      expect(error).toMatchObject({ modelId: "some-model", modelType });
      expect((error as Error).message).toMatch(/^Pictor has no \w+ models .*pictor\.image\(id\)/);
    }
    expect((caughtSync(() => pictor.completion("x")) as Error).message).toMatch(
      /^Pictor has no completion models/,
    );
    // The AI SDK's registry and customProvider read videoModel: Pictor's message, not "No such videoModel".
    for (const from of [
      () => createProviderRegistry({ pictor }).videoModel("pictor:veo-3.1"),
      () => customProvider({ fallbackProvider: pictor }).videoModel("veo-3.1"),
    ]) {
      const error = caughtSync(from);
      expect(NoSuchModelError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ modelId: "veo-3.1", modelType: "videoModel" });
      expect((error as Error).message).toContain(
        'Pictor has no video models ("veo-3.1" was asked for)',
      );
    }
    // With a videoModel the registry keeps a copy of the provider: its models still come through.
    const registry = createProviderRegistry({ pictor });
    expect(registry.imageModel("pictor:bytedance/seedream-4-5").provider).toBe("pictor.image");
    expect(registry.languageModel("pictor:gemini-3.1-flash-image").provider).toBe("pictor.chat");
    expect(gateway.calls).toHaveLength(0);
  });

  it("sends through the fetch it is given", async () => {
    const urls: string[] = [];
    const recording: typeof fetch = (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    await generateImage({
      model: provider({ fetch: recording }).image("bytedance/seedream-4-5"),
      prompt: "A cozy cabin",
      size: "2048x2048",
    });
    expect(urls).toEqual([`${baseURL}/images/generations`]);
  });

  it("adds its fetchOptions (a proxy's dispatcher on Node) to every fetch", async () => {
    const inits: (RequestInit | undefined)[] = [];
    const recording: typeof fetch = (input, init) => {
      inits.push(init);
      return fetch(input, init);
    };
    await generateImage({
      model: provider({ fetch: recording, fetchOptions: { redirect: "error" } }).image(
        "bytedance/seedream-4-5",
      ),
      prompt: "A cozy cabin",
      size: "2048x2048",
    });
    expect(inits).toEqual([expect.objectContaining({ method: "POST", redirect: "error" })]);
  });

  it("turns the client's retries off: a 503 is one gateway call when the AI SDK does not retry", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 503 });
    const error = await caught(() =>
      generateImage({
        model: provider().image("bytedance/seedream-4-5"),
        prompt: "A cozy cabin",
        size: "2048x2048",
        maxRetries: 0,
      }),
    );
    expect(error).toMatchObject({ statusCode: 503, isRetryable: true });
    expect(gateway.calls).toHaveLength(1);
  });

  it("passes its timeout to the client: a slower answer fails after it, not retried", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 5_000 });
    const started = Date.now();
    const error = await caught(() =>
      generateImage({
        model: provider({ timeout: 200 }).image("bytedance/seedream-4-5"),
        prompt: "A cozy cabin",
        size: "2048x2048",
      }),
    );
    expect(error).toMatchObject({ isRetryable: false });
    expect(error instanceof Error && error.message).toContain("timed out after 200 ms");
    // The fix is the provider's setting: the AI SDK's per-call `timeout` can only shorten a call.
    expect(error instanceof Error && error.message).toContain("createPictor({ timeout })");
    expect(error instanceof Error && error.message).not.toContain("per call");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(gateway.calls).toHaveLength(1);
  });
});

describe("the user agent", () => {
  /** The version in the package's package.json, which the release writes. */
  const { version } = JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  const pictorAgentPattern = `ai-sdk/pictor/${version}`.replaceAll(".", "\\.");
  /** The AI SDK's own part, `ai/<version>`. */
  const aiAgent = String.raw`ai/\d+\.\d+\.\d+\S*`;
  const userAgents = () => gateway.calls.map((call) => call.headers["user-agent"]);

  it("every request carries ai-sdk/pictor/<the package's version> after the AI SDK's: generations, edits, chat and streams", async () => {
    const pictor = provider();
    await generateImage({ model: pictor.image("bytedance/seedream-4-5"), prompt: "A cabin" });
    const photo = await renderPromptImage({
      prompt: "photo",
      model: "test",
      index: 0,
      width: 64,
      height: 64,
    });
    await generateImage({
      model: pictor.image("gemini-3.1-flash-image"),
      prompt: { text: "Watercolor", images: [photo] },
    });
    await generateText({ model: pictor.chat("gemini-3.1-flash-image"), prompt: "A fox" });
    await streamText({
      model: pictor.chat("gemini-3.1-flash-image"),
      prompt: "A fox",
    }).consumeStream();
    // streamText of ai@7 sends no `ai/<version>` of its own.
    const afterAI = new RegExp(`^(${aiAgent} )?${pictorAgentPattern}$`);
    expect(userAgents()).toEqual([
      expect.stringMatching(new RegExp(`^${aiAgent} ${pictorAgentPattern}$`)),
      expect.stringMatching(afterAI),
      expect.stringMatching(afterAI),
      expect.stringMatching(afterAI),
    ]);
  });

  it("keeps the user agent of the provider's headers and of the call's, in that order", async () => {
    const pictor = provider({ headers: { "User-Agent": "my-app/1.0", "x-team": "design" } });
    await generateText({
      model: pictor.chat("gemini-3.1-flash-image"),
      prompt: "A fox",
      headers: { "user-agent": "my-route/2" },
    });
    await generateImage({
      model: pictor.image("bytedance/seedream-4-5"),
      prompt: "A cabin",
      headers: { "x-trace": "abc" },
    });
    expect(userAgents()).toEqual([
      expect.stringMatching(
        new RegExp(`^my-app/1\\.0 my-route/2 ${aiAgent} ${pictorAgentPattern}$`),
      ),
      expect.stringMatching(new RegExp(`^my-app/1\\.0 ${aiAgent} ${pictorAgentPattern}$`)),
    ]);
    expect(gateway.calls[1]?.headers).toMatchObject({ "x-team": "design", "x-trace": "abc" });
  });

  it("a call made without the AI SDK (doGenerate by hand) still says it is Pictor's", async () => {
    await provider({ headers: [["user-agent", "my-app/1.0"]] })
      .image("bytedance/seedream-4-5")
      .doGenerate({
        prompt: "A cabin",
        n: 1,
        size: undefined,
        aspectRatio: undefined,
        seed: undefined,
        files: undefined,
        mask: undefined,
        providerOptions: {},
      });
    expect(userAgents()).toEqual([`my-app/1.0 ai-sdk/pictor/${version}`]);
  });
});

describe("the call's headers", () => {
  it("streamText: a call header that cannot be sent is refused naming the header, never quoting its value (a key), and nothing is sent", async () => {
    // (generateText and generateImage put the call's headers through `Headers` themselves, in
    // the AI SDK, before the provider sees them; streamText of ai@7 hands them over as given.)
    const secret = "sk-live-0123456789abcdef";
    // A key pasted with a zero-width space, and one split over two lines: `Headers` refuses
    // both, and its message for the second quotes the whole value.
    for (const value of [`Bearer ${secret}\u200b`, `Bearer sk-live-\n${secret}`]) {
      const errors: unknown[] = [];
      const result = streamText({
        model: provider().chat("gemini-3.1-flash-image"),
        prompt: "A fox",
        headers: { authorization: value },
        onError: ({ error }) => {
          errors.push(error);
        },
      });
      await result.consumeStream();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect(String(errors[0])).toContain(
        'the value of "authorization" holds a line break, a control character or a character beyond Latin-1',
      );
      expect(String(errors[0])).not.toContain(secret);
    }
    expect(gateway.calls).toHaveLength(0);
  });

  it("a call header's value loses the whitespace around it, as fetch strips it (a key read from a file ends in a line break)", async () => {
    await streamText({
      model: provider().chat("gemini-3.1-flash-image"),
      prompt: "A fox",
      headers: { "x-trace": " abc\n" },
    }).consumeStream();
    expect(gateway.calls.map((call) => call.headers["x-trace"])).toEqual(["abc"]);
  });
});

describe("the default provider and the API key", () => {
  it("`pictor` reads LLM_GATEWAY_API_KEY and LLM_GATEWAY_BASE_URL at its first call, not at import", async () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", apiKey);
    vi.stubEnv("LLM_GATEWAY_BASE_URL", baseURL);
    const { text } = await generateText({
      model: pictor.chat("gemini-3.1-flash-image"),
      prompt: "A fox",
    });
    expect(text).toBe("Here is your image: A fox");
    expect(gateway.calls[0]?.headers.authorization).toBe("Bearer [redacted]");
  });

  it("LLM_GATEWAY_API_BASE (@llmgateway/ai-sdk-provider's base URL variable) fails the call with LoadSettingError saying to rename it, instead of calling the public gateway", async () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", apiKey);
    // A self-hosted gateway's URL, as an app moving from @llmgateway/ai-sdk-provider still has it.
    vi.stubEnv("LLM_GATEWAY_API_BASE", baseURL);
    const sent: string[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const model = createPictor({ fetch: recording }).image("openai/gpt-image-2");
    // No retries: without the check, the call goes to the public gateway, which msw refuses.
    const error = await caught(() => generateImage({ model, prompt: "A fox", maxRetries: 0 }));
    expect(LoadSettingError.isInstance(error)).toBe(true);
    expect(error instanceof Error && error.message).toBe(
      "LLM_GATEWAY_API_BASE is set, the base URL variable of @llmgateway/ai-sdk-provider, but Pictor reads LLM_GATEWAY_BASE_URL, so it would call the public gateway https://api.llmgateway.io/v1 with your key. Rename the variable to LLM_GATEWAY_BASE_URL, or pass baseURL to createPictor.",
    );
    expect(sent).toEqual([]);
    // The variable Pictor reads, or the setting, says where to go: the old one is then not asked about.
    vi.stubEnv("LLM_GATEWAY_BASE_URL", baseURL);
    const { images } = await generateImage({
      model: pictor.image("openai/gpt-image-2"),
      prompt: "A fox",
    });
    expect(images).toHaveLength(1);
    vi.stubEnv("LLM_GATEWAY_BASE_URL", undefined);
    await generateImage({ model: provider().image("openai/gpt-image-2"), prompt: "A fox" });
    expect(gateway.calls).toHaveLength(2);
  });

  it("a missing key fails the call with LoadAPIKeyError, naming the variable", async () => {
    const model = createPictor().image("bytedance/seedream-4-5");
    const error = await caught(() => generateImage({ model, prompt: "A cozy cabin" }));
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ message: expect.stringContaining("LLM_GATEWAY_API_KEY") });
    // The advice names the provider's settings, not the client's constructor.
    expect(error).toMatchObject({ message: expect.stringContaining("createPictor({ apiKey })") });
    expect(error instanceof Error && error.message).not.toContain("new Pictor");
    expect(gateway.calls).toHaveLength(0);
  });

  it("an unknown setting is a TypeError at once, with the likely one (baseUrl would send the key to the public gateway)", () => {
    const make = () => createPictor({ apiKey, ...Object({ baseUrl: baseURL }) });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(
      'createPictor(settings): unknown setting "baseUrl" (did you mean baseURL?)',
    );
    expect(() => createPictor(Object.assign(Object.create(null), { retries: 2 }))).toThrow(
      'unknown setting "retries"',
    );
  });

  it("a settings argument to a model (@llmgateway/ai-sdk-provider's image(id, { extraBody })) is a TypeError saying where the options go, not dropped", async () => {
    const pictor = provider();
    // From untyped code, or code moved from @llmgateway/ai-sdk-provider: its models took settings.
    const settings = Object({ extraBody: { quality: "high" } });
    const calls: [string, () => unknown][] = [
      ["image", () => Reflect.apply(pictor.image, pictor, ["openai/gpt-image-2", settings])],
      ["imageModel", () => Reflect.apply(pictor.imageModel, pictor, ["gpt-image-2", settings])],
      [
        "chat",
        () => Reflect.apply(pictor.chat, pictor, ["gemini-3.1-flash-image", { user: "u-1" }]),
      ],
      [
        "languageModel",
        () =>
          Reflect.apply(pictor.languageModel, pictor, ["gemini-3.1-flash-image", { user: "u-1" }]),
      ],
      [
        "pictor",
        () => Reflect.apply(pictor, undefined, ["gemini-3.1-flash-image", { user: "u-1" }]),
      ],
    ];
    for (const [name, make] of calls) {
      const error = caughtSync(make);
      expect(error).toBeInstanceOf(TypeError);
      expect(error instanceof Error && error.message).toMatch(
        new RegExp(
          `^${name}\\(modelId\\) takes no settings: pass them with each call, as providerOptions\\.pictor`,
        ),
      );
    }
    // An undefined second argument asks for nothing.
    const model = Reflect.apply(pictor.image, pictor, ["openai/gpt-image-2", undefined]);
    const { images } = await generateImage({ model, prompt: "A fox" });
    expect(images).toHaveLength(1);
  });

  it("a model id that is not a string (from plain JavaScript) is a TypeError at creation naming the method, what was given and what is expected", () => {
    const pictor = provider();
    const makers: [string, unknown][] = [
      ["image", pictor.image],
      ["imageModel", pictor.imageModel],
      ["chat", pictor.chat],
      ["languageModel", pictor.languageModel],
      ["pictor", pictor],
    ];
    const given: [unknown, string][] = [
      [42, "42"],
      [undefined, "undefined"],
      [null, "null"],
      [{ id: "gemini-3-pro-image-preview" }, "an object"],
      [["gemini-3-pro-image-preview"], "an array"],
    ];
    for (const [method, make] of makers)
      for (const [modelId, described] of given) {
        const error = caughtSync(() => Reflect.apply(make as () => unknown, pictor, [modelId]));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toBe(
          `${method}(modelId): modelId must be a model id string such as "gemini-3-pro-image-preview", got ${described}`,
        );
      }
    // Nothing was sent: the mistake is caught where it is made, not at the call.
    expect(gateway.calls).toHaveLength(0);
    // Any string is still a model id, as with the AI SDK's providers.
    expect(pictor.image("my-org/brand-new-model").modelId).toBe("my-org/brand-new-model");
    expect(pictor("my-org/brand-new-model").modelId).toBe("my-org/brand-new-model");
  });

  it("@llmgateway/ai-sdk-provider's extraBody and compatibility are refused saying what to do instead", () => {
    expect(() => createPictor({ apiKey, ...Object({ extraBody: { user: "u-1" } }) })).toThrow(
      'createPictor(settings): unknown setting "extraBody" (fields for the request go with each call, as providerOptions.pictor, which is typed and checked)',
    );
    expect(() => createPictor({ apiKey, ...Object({ compatibility: "strict" }) })).toThrow(
      'createPictor(settings): unknown setting "compatibility" (Pictor always speaks the gateway\'s own API: leave it out)',
    );
  });

  it("maxRetries (a client option) is refused saying retries are the AI SDK call's maxRetries", () => {
    expect(() => createPictor({ apiKey, ...Object({ maxRetries: 2 }) })).toThrow(
      'createPictor(settings): unknown setting "maxRetries" (retries are the AI SDK\'s: pass maxRetries to generateImage, generateText or streamText)',
    );
  });

  it("a maxConcurrency given as a string says it got a string", () => {
    expect(() => createPictor({ apiKey, ...Object({ maxConcurrency: "4" }) })).toThrow(
      'maxConcurrency must be a whole number ≥ 1, got the string "4"',
    );
  });

  it("a setting of the wrong kind fails the call with a TypeError in createPictor's words", async () => {
    // From untyped code (a config file's null).
    const model = createPictor({ apiKey, ...Object({ baseURL: null }) }).image(
      "bytedance/seedream-4-5",
    );
    const error = await caught(() => generateImage({ model, prompt: "A cozy cabin" }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error instanceof Error && error.message).toContain(
      "createPictor(settings): baseURL is null",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it('system: "" (a settings field left empty) is sent, not refused', async () => {
    const { text } = await generateText({
      model: createPictor({ apiKey, baseURL }).chat("gemini-3.1-flash-image"),
      system: "",
      prompt: "A fox",
    });
    expect(text).toContain("A fox");
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
  });

  it("a key in a browser page fails the call with LoadAPIKeyError saying the provider belongs on a server", async () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const model = createPictor({ apiKey }).image("bytedance/seedream-4-5");
    const error = await caught(() => generateImage({ model, prompt: "A cozy cabin" }));
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    const message = error instanceof Error ? error.message : "";
    expect(message).toContain("run the provider on your server");
    // Not the client's opt-in, which createPictor does not take; and never the key.
    expect(message).not.toContain("dangerouslyAllowBrowser");
    expect(message).not.toContain(apiKey);
    expect(gateway.calls).toHaveLength(0);
  });

  it("the key never appears in an error", async () => {
    gateway.faults.enqueue({ type: "spend_cap" });
    const error = await caught(() =>
      generateImage({ model: provider().image("bytedance/seedream-4-5"), prompt: "A cozy cabin" }),
    );
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(String(error)).not.toContain(apiKey);
  });
});

/** What `run` throws; fails the test if it returns. */
function caughtSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but the call returned");
}
