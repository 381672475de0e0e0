import { NoSuchModelError, type ProviderV4 } from "@ai-sdk/provider";
import { type FetchOptions, type HeadersInput, Pictor } from "@pictor/client";
import { type ImageModelId, unknownKey, wrongValue } from "@pictor/contract";
import { PictorChatLanguageModel } from "./chat/pictor-chat-language-model";
import { settingsError } from "./errors/to-ai-sdk-error";
import { PictorImageModel } from "./image/pictor-image-model";
import { checkLLMGatewayBaseVariable } from "./internal/check-llmgateway-base-variable";
import { checkModelId } from "./internal/check-model-id";
import { pictorRequestHeaders } from "./internal/pictor-request-headers";

/** How `createPictor` connects to the gateway; every setting has a default. */
export interface PictorProviderSettings {
  /** The gateway API key. Default: `LLM_GATEWAY_API_KEY`, read at the first call. */
  apiKey?: string | undefined;
  /** Gateway base URL. Default: `LLM_GATEWAY_BASE_URL`, else `https://api.llmgateway.io/v1`. */
  baseURL?: string | undefined;
  /** Headers sent with every request (per-call `headers` of the AI SDK are added to them): a record, a `Headers` or `[name, value]` pairs. */
  headers?: HeadersInput | undefined;
  /** The fetch to use, e.g. for a proxy or tests. Default: `globalThis.fetch`, looked up at each call. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Options added to every fetch, e.g. a proxy on Node: `{ dispatcher: new ProxyAgent(url) }` (see @pictor/client's `fetchOptions`). */
  fetchOptions?: FetchOptions | undefined;
  /** Per-request timeout in milliseconds. Default 10 minutes (image generation can take minutes); a timeout is not retried. */
  timeout?: number | undefined;
  /**
   * How many gateway requests of one `generateImage` are in flight at once. The AI SDK splits
   * `n` above the model's `maxImagesPerCall` into calls and starts them all together; Pictor lets
   * this many go at a time, as the client bounds its own fan-out. Default 4; for no bound, a
   * number above any `n` you use.
   */
  maxConcurrency?: number | undefined;
}

/** The Pictor provider: every gateway image model for `generateImage`, and as chat models for `generateText` / `streamText` / `useChat`. */
export interface PictorProvider extends ProviderV4 {
  /** A chat model, as `chat(modelId)`: `pictor("gemini-3-pro-image-preview")`, as first-party providers are called. */
  (modelId: ImageModelId): PictorChatLanguageModel;
  /** An image model for `generateImage`; ids autocomplete from Pictor's catalog, any other string works. */
  image(modelId: ImageModelId): PictorImageModel;
  /** The same as `image`, under the AI SDK's provider method name. */
  imageModel(modelId: ImageModelId): PictorImageModel;
  /** A chat model for `generateText`, `streamText` and `useChat`: text and images as `file` parts. */
  chat(modelId: ImageModelId): PictorChatLanguageModel;
  /** The same as `chat`, under the AI SDK's provider method name. */
  languageModel(modelId: ImageModelId): PictorChatLanguageModel;
  /** The gateway's image models embed nothing: always throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  /** Pictor has no transcription models: always throws `NoSuchModelError`. */
  transcriptionModel(modelId: string): never;
  /** Pictor has no speech models: always throws `NoSuchModelError`. */
  speechModel(modelId: string): never;
  /** Pictor has no reranking models: always throws `NoSuchModelError`. */
  rerankingModel(modelId: string): never;
  /** Pictor has no video models: always throws `NoSuchModelError` (the AI SDK's registry, `customProvider` and `experimental_generateVideo` read it). */
  videoModel(modelId: string): never;
  /** As `videoModel`, under the short name of other providers (the AI SDK gateway, `@llmgateway/ai-sdk-provider`). */
  video(modelId: string): never;
  /** Pictor has no completion models (`@llmgateway/ai-sdk-provider` and `@ai-sdk/openai` have): always throws `NoSuchModelError`. */
  completion(modelId: string): never;
  /** As `embeddingModel`, under `@ai-sdk/openai`'s short name. */
  embedding(modelId: string): never;
  /** As `embeddingModel`, under `@ai-sdk/openai`'s older name. */
  textEmbedding(modelId: string): never;
  /** As `embeddingModel`, under the older name of `@ai-sdk/openai` and the AI SDK gateway. */
  textEmbeddingModel(modelId: string): never;
  /** As `transcriptionModel`, under `@ai-sdk/openai`'s short name. */
  transcription(modelId: string): never;
  /** As `speechModel`, under `@ai-sdk/openai`'s short name. */
  speech(modelId: string): never;
  /** As `rerankingModel`, under the short name of other providers. */
  reranking(modelId: string): never;
}

/**
 * Creates a Pictor provider for the Vercel AI SDK. All calls go through one `@pictor/client`
 * with its retries off: the AI SDK retries (`maxRetries`), from the `isRetryable` of the errors.
 * @example
 * const pictor = createPictor({ apiKey: process.env.LLM_GATEWAY_API_KEY });
 * const { images } = await generateImage({ model: pictor.image("bytedance/seedream-4-5"), prompt: "A cozy cabin", n: 3, size: "2048x2048" });
 */
export function createPictor(settings: PictorProviderSettings = {}): PictorProvider {
  checkSettingKeys(settings);
  const maxConcurrency = settings.maxConcurrency ?? defaultMaxConcurrency;
  // Checked here, not by the client (made at the first call): nothing about it can change later.
  if (!(Number.isInteger(maxConcurrency) && maxConcurrency >= 1))
    throw new TypeError(
      `maxConcurrency must be a whole number ≥ 1, got ${wrongValue(maxConcurrency)}`,
    );
  let client: Pictor | undefined;
  // Created at the first call, not here: the default `pictor` is made at import time, when the
  // key may not be in the environment yet, and a missing key must fail the call, not the import.
  const getClient = (): Pictor => {
    if (client) return client;
    checkLLMGatewayBaseVariable(settings.baseURL);
    try {
      client = new Pictor({
        apiKey: settings.apiKey,
        baseURL: settings.baseURL,
        headers: settings.headers,
        fetch: settings.fetch,
        fetchOptions: settings.fetchOptions,
        timeout: settings.timeout,
        maxRetries: 0,
        // A batch made above the model's native maximum is fanned out by the client: the same bound.
        maxConcurrency,
      });
    } catch (error) {
      throw settingsError(error);
    }
    return client;
  };
  const headers = pictorRequestHeaders(settings.headers);
  const image = (modelId: ImageModelId) =>
    new PictorImageModel(modelId, {
      provider: "pictor.image",
      client: getClient,
      headers,
      maxConcurrency,
    });
  const chat = (modelId: ImageModelId) =>
    new PictorChatLanguageModel(modelId, { provider: "pictor.chat", client: getClient, headers });
  const noEmbedding = noSuchModel("embeddingModel");
  const noTranscription = noSuchModel("transcriptionModel");
  const noSpeech = noSuchModel("speechModel");
  const noReranking = noSuchModel("rerankingModel");
  const noVideo = noSuchModel("videoModel");
  const callable = withoutSettings("pictor", chat);
  // A function, not an arrow: `new pictor(id)` from untyped code gets the Error first-party
  // providers throw, not "is not a constructor" quoting our code.
  function provider(modelId: ImageModelId, ...settings: unknown[]): PictorChatLanguageModel {
    if (new.target)
      throw new Error("The Pictor model function cannot be called with the new keyword.");
    return callable(modelId, ...settings);
  }
  return Object.assign(provider, {
    specificationVersion: "v4" as const,
    image: withoutSettings("image", image),
    imageModel: withoutSettings("imageModel", image),
    chat: withoutSettings("chat", chat),
    languageModel: withoutSettings("languageModel", chat),
    embeddingModel: noEmbedding,
    embedding: noEmbedding,
    textEmbedding: noEmbedding,
    textEmbeddingModel: noEmbedding,
    transcriptionModel: noTranscription,
    transcription: noTranscription,
    speechModel: noSpeech,
    speech: noSpeech,
    rerankingModel: noReranking,
    reranking: noReranking,
    videoModel: noVideo,
    video: noVideo,
    completion: noSuchModel("languageModel", "completion"),
  });
}

/**
 * A model kind Pictor has none of. Declared rather than left out, as first-party providers do:
 * untyped code (or a registry) calling it gets `NoSuchModelError` saying what Pictor has, not
 * "is not a function". `kind` is the kind in words, by default from the method name
 * ("transcription" from `transcriptionModel`), which reads badly as a noun.
 */
function noSuchModel(
  modelType: NoSuchModelError["modelType"],
  kind = modelType.slice(0, -"Model".length),
): (modelId: string) => never {
  return (modelId) => {
    throw new NoSuchModelError({
      modelId,
      modelType,
      message: `Pictor has no ${kind} models ("${modelId}" was asked for): it serves image models only. Use pictor.image(id) with generateImage, or pictor.chat(id) with generateText and streamText.`,
    });
  };
}

/** What `createPictor` takes. */
const settingKeys: readonly (keyof PictorProviderSettings)[] = [
  "apiKey",
  "baseURL",
  "headers",
  "fetch",
  "fetchOptions",
  "timeout",
  "maxConcurrency",
];

const retriesHint =
  "retries are the AI SDK's: pass maxRetries to generateImage, generateText or streamText";

/**
 * Where a setting of another kind goes: the client's retries are off here (the AI SDK retries),
 * and `@llmgateway/ai-sdk-provider`, which an app may move from, took the other two.
 */
const movedSettings: Readonly<Record<string, string>> = {
  maxRetries: retriesHint,
  retries: retriesHint,
  extraBody:
    "fields for the request go with each call, as providerOptions.pictor, which is typed and checked",
  compatibility: "Pictor always speaks the gateway's own API: leave it out",
};
/**
 * Settings must be an object of known keys: an ignored typo is costly here (with `baseUrl` for
 * `baseURL` the key would go to the public gateway).
 */
function checkSettingKeys(settings: unknown): void {
  if (typeof settings !== "object" || settings === null || Array.isArray(settings))
    // Not shown: a string here is most likely the API key.
    throw new TypeError(
      `createPictor(settings): settings must be an object such as { apiKey, baseURL }, got ${settings === null ? "null" : typeof settings}`,
    );
  const unknown = unknownKey(settings, settingKeys);
  if (unknown) {
    const moved = Object.hasOwn(movedSettings, unknown.key)
      ? movedSettings[unknown.key]
      : undefined;
    const hint = moved ? ` (${moved})` : unknown.near ? ` (did you mean ${unknown.near}?)` : "";
    throw new TypeError(
      `createPictor(settings): unknown setting "${unknown.key}"${hint}; the settings are ${settingKeys.join(", ")}`,
    );
  }
}

/**
 * `make`, refusing a model id that is not a string (see `checkModelId`) and a second argument:
 * the models of `@llmgateway/ai-sdk-provider` took settings there (`image(id, { extraBody })`,
 * `chat(id, { user })`), which untyped code moved here would still pass, and lose without a word.
 */
function withoutSettings<Model>(
  method: string,
  make: (modelId: ImageModelId) => Model,
): (modelId: ImageModelId, ...settings: unknown[]) => Model {
  return (modelId, ...settings) => {
    checkModelId(method, modelId);
    if (settings.some((setting) => setting !== undefined))
      throw new TypeError(
        `${method}(modelId) takes no settings: pass them with each call, as providerOptions.pictor (the call warns about any it does not send)`,
      );
    return make(modelId);
  };
}

/** Four calls at a time, as the client's fan-out. */
const defaultMaxConcurrency = 4;

/**
 * The default Pictor provider: `LLM_GATEWAY_API_KEY` and `LLM_GATEWAY_BASE_URL` from the environment.
 * @example
 * const { image } = await generateImage({ model: pictor.image("gemini-3.1-flash-image"), prompt: "A lighthouse" });
 */
export const pictor: PictorProvider = /* @__PURE__ */ createPictor();
