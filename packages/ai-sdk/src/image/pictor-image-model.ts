import {
  APICallError,
  type ImageModelV4,
  type ImageModelV4CallOptions,
  type ImageModelV4Result,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import {
  ContentFilterError,
  type ImageRequestOptions,
  type ImageResult,
  IncompleteMessageError,
  IncompleteResultError,
  type Pictor,
  type PictorWarning,
  type PictorWarningType,
  ResponseValidationError,
} from "@pictor/client";
import {
  fanOutSeed,
  findImageModelRules,
  type ImageModelId,
  type ImageModelRules,
  imagesEndpointModelId,
  imagesPerRequest,
} from "@pictor/contract";
import { downloadFailureMessage } from "../errors/download-failure";
import { abortReason, toAISDKError } from "../errors/to-ai-sdk-error";
import { providerKey } from "../internal/parse-pictor-options";
import { headersRecord, type PictorImageModelConfig } from "../internal/pictor-model-config";
import type { PictorImageMetadata } from "../metadata/pictor-image-metadata-of";
import { CallGate } from "./call-gate";
import { fromClientWarning } from "./from-client-warning";
import { requestBodyForError } from "./request-body-for-error";
import { type ResolvedImageSettings, resolveImageSettings } from "./resolve-image-settings";

/**
 * A gateway image model for `generateImage`. Each `doGenerate` is one gateway call: the AI SDK
 * splits `n` into calls of `maxImagesPerCall`, the model's native maximum from the catalog.
 */
export class PictorImageModel implements ImageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: ImageModelId;
  /** The catalog's native images per request (1 for an unknown model: one image per call always works). */
  readonly maxImagesPerCall: number;
  /** Whether the catalog says the model edits images; absent (unknown) for models it does not list. */
  readonly supportsFileInputs?: boolean;
  /** Never: the gateway has no mask input. */
  readonly supportsMaskInputs = false;
  readonly #config: PictorImageModelConfig;
  /** The catalog's rules for the model; undefined for a model it does not list. */
  readonly #model: ImageModelRules | undefined;
  /**
   * What the calls of one `generateImage` share, keyed by the headers object the AI SDK hands
   * every `doGenerate` of one `generateImage` (its retries included; a guarded test checks it).
   * `doGenerate` calls made by hand share it only when they pass the same headers object.
   */
  readonly #generateImageCalls = new WeakMap<object, GenerateImageCalls>();

  /** @internal Created by `createPictor().image(id)`. */
  constructor(modelId: ImageModelId, config: PictorImageModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.#config = config;
    // "auto" is the model /images/* route it to (the client checks and splits it as that model).
    const model = findImageModelRules(imagesEndpointModelId(modelId));
    this.#model = model;
    // As the client splits `n`: a model whose endpoint carries no `n` makes one image per call.
    this.maxImagesPerCall = model ? imagesPerRequest(model, "images") : 1;
    // Typed optional, not `| undefined`: the AI SDK's type has no explicit undefined (it would
    // not compile under exactOptionalPropertyTypes).
    if (model) this.supportsFileInputs = model.edits.supported;
  }

  async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
    const calls = this.#callsOf(options);
    const seeding = seedCall(options, calls);
    try {
      const warnings: SharedV4Warning[] = [];
      const settings = resolveImageSettings(this.modelId, seeding.options, warnings);
      const client = this.#config.client();
      // A call can be several requests (a caller's `maxImagesPerCall` above the native maximum),
      // which the client fans out, at most `maxConcurrency` at once: it takes that many places.
      const places = Math.min(
        requestsOf(this.#model, settings.params.n ?? 1, settings.params.seed),
        this.#config.maxConcurrency,
      );
      const leave = await calls?.gate.enter(
        options.abortSignal,
        () => abortReason(options.abortSignal),
        places,
      );
      try {
        const result = await this.#generate(options, settings, client, warnings, calls);
        // An empty answer the AI SDK retries: the retry takes these seeds again, as after a throw.
        if (result.isRetryable) seeding.free();
        return result;
      } finally {
        leave?.();
      }
    } catch (error) {
      // A failed call made no images: its retry takes these seeds again.
      seeding.free();
      throw error;
    }
  }

  /** One gateway call; a failure the AI SDK will not retry closes the gate of its `generateImage`. */
  async #generate(
    options: ImageModelV4CallOptions,
    settings: ResolvedImageSettings,
    client: Pictor,
    warnings: SharedV4Warning[],
    calls: GenerateImageCalls | undefined,
  ): Promise<ImageModelV4Result> {
    const timestamp = new Date();
    const responses: Response[] = [];
    const requestOptions: ImageRequestOptions = {
      signal: options.abortSignal,
      headers: this.#config.headers(options.headers),
      // Images made before a failure are paid for: return them rather than have the AI SDK
      // retry the whole batch (and pay again).
      partialResults: "return",
      onResponse: (response) => responses.push(response),
    };
    let result: ImageResult;
    try {
      result = settings.inputs
        ? await client.images.edit({ ...settings.params, images: settings.inputs }, requestOptions)
        : await client.images.generate(settings.params, requestOptions);
    } catch (error) {
      const response = {
        timestamp,
        modelId: this.modelId,
        headers: headersRecord(answered(responses)),
      };
      // An answer without images that was paid for, as `generateImage` expects one: a filter's
      // (not retryable: the same prompt is filtered again), a model that wrote instead of
      // drawing (through chat, where a seed goes; the gateway's /images/* answer it with a
      // retryable 500), or images whose provider links failed to download (not retryable: made
      // again, they are paid again). An empty result, not a throw, keeps its cost and the images
      // of the generateImage's other calls; with none at all the AI SDK throws
      // NoImageGeneratedError.
      const noImage =
        filteredWithoutImages(error) ?? textInsteadOfImages(error) ?? undownloaded(error);
      if (noImage)
        return {
          images: [],
          isRetryable: noImage.retryable,
          // This call's outcome: said by every call it stopped.
          warnings: [...unreported(warnings, calls), { type: "other", message: noImage.message }],
          providerMetadata: {
            [providerKey]: {
              images: [],
              contentFilter: noImage.filtered,
              // Gemini bills a filtered prompt, a written answer is billed: counted in the total.
              cost: noImage.cost ? { usd: noImage.cost.usd, source: noImage.cost.source } : null,
              requestId: noImage.requestId,
            },
          },
          response,
        };
      const failure = toAISDKError(error, {
        url: responses.at(-1)?.url || `${client.baseURL}${settings.endpoint}`,
        requestBodyValues: requestBodyForError(settings, options.files),
        abortSignal: options.abortSignal,
        argumentOf: settings.argumentOf,
        responses,
      });
      // The AI SDK throws for the whole generateImage now: every call of it that would start
      // from here on (those waiting, retries of others) would only be paid for. (A retryable
      // failure that runs out of retries ends it too, but nothing here can tell.)
      if (!(APICallError.isInstance(failure) && failure.isRetryable)) calls?.gate.close(failure);
      throw failure;
    }

    // The client decoded and checked each image already: hand over its bytes, not base64 the
    // AI SDK would decode a second time.
    const images = await Promise.all(result.images.map((image) => image.bytes()));
    return {
      images,
      warnings: [
        ...unreported([...warnings, ...fromClient(result.warnings, false)], calls),
        ...fromClient(result.warnings, true),
      ],
      providerMetadata: {
        [providerKey]: {
          // Per image, because generateImage keeps only `images` when it merges its calls'
          // metadata: summing `cost.usd` over the images gives what the request cost.
          images: result.images.map(
            (image) =>
              ({
                mediaType: image.mediaType,
                width: image.width,
                height: image.height,
                revisedPrompt: image.revisedPrompt ?? null,
                cost: result.cost
                  ? { usd: result.cost.usd / result.images.length, source: result.cost.source }
                  : null,
                requestId: image.requestId,
              }) satisfies PictorImageMetadata,
          ),
          cost: result.cost ? { usd: result.cost.usd, source: result.cost.source } : null,
          usage: result.usage ? { ...result.usage } : null,
          requestId: result.requestId,
          requestIds: result.requestIds,
        },
      },
      response: { timestamp, modelId: this.modelId, headers: headersRecord(answered(responses)) },
      usage: result.usage && {
        inputTokens: result.usage.input_tokens,
        outputTokens: result.usage.output_tokens,
        totalTokens: result.usage.total_tokens,
      },
    };
  }

  /** The shared state of the `generateImage` that `options` belongs to; none for a call made by hand without headers. */
  #callsOf(options: ImageModelV4CallOptions): GenerateImageCalls | undefined {
    if (options.headers === undefined) return undefined;
    let calls = this.#generateImageCalls.get(options.headers);
    if (!calls) {
      calls = {
        seeded: 0,
        freed: [],
        gate: new CallGate(this.#config.maxConcurrency),
        reported: new Set(),
      };
      this.#generateImageCalls.set(options.headers, calls);
    }
    return calls;
  }
}

/**
 * The filter's message, the cost and the request id of a call the content filter stopped with no
 * image: the client's `ContentFilterError`, or a fan-out of it whose first failure was the filter
 * (an `IncompleteResultError` without images, since other calls failed after it: its cost has
 * what the filtered calls were billed). Undefined for any other failure.
 */
function filteredWithoutImages(error: unknown): NoImageAnswer | undefined {
  if (ContentFilterError.isInstance(error))
    return {
      filtered: true,
      retryable: false,
      message: error.message,
      cost: error.cost,
      requestId: error.requestId,
    };
  const failed = withoutImages(error);
  const first = failed?.errors[0];
  if (!failed || !ContentFilterError.isInstance(first)) return undefined;
  const { cost } = failed.partialResult;
  return {
    filtered: true,
    retryable: false,
    message: first.message,
    cost,
    requestId: first.requestId,
  };
}

/**
 * The model's words, the cost and the request id of a call answered (and paid for) with no image
 * and no filter, whose failures are all answers off the images' spec: the client's
 * `IncompleteResultError` holding `ResponseValidationError`s, as a call through chat answered
 * with text alone gives. Undefined for any other failure.
 */
function textInsteadOfImages(error: unknown): NoImageAnswer | undefined {
  const failed = withoutImages(error);
  const first = failed?.errors[0];
  if (!failed || !ResponseValidationError.isInstance(first)) return undefined;
  if (!failed.errors.every(ResponseValidationError.isInstance)) return undefined;
  const { cost, requestId } = failed.partialResult;
  return { filtered: false, retryable: true, message: first.message, cost, requestId };
}

/**
 * The failed links (and why), the cost and the request id of a call through chat answered with
 * provider image links none of which could be downloaded: the client's `IncompleteResultError`
 * whose first failure is an `IncompleteMessageError` (the images were made and billed), so that
 * they reach `calls` as a filtered call's do, not only a thrown error's `cause`. Undefined for
 * any other failure.
 */
function undownloaded(error: unknown): NoImageAnswer | undefined {
  const failed = withoutImages(error);
  const first = failed?.errors[0];
  if (!failed || !IncompleteMessageError.isInstance(first)) return undefined;
  const { cost } = failed.partialResult;
  const message = downloadFailureMessage(first, first.failedURLs);
  return { filtered: false, retryable: false, message, cost, requestId: first.requestId };
}

/** The client's `IncompleteResultError` of a call that made no image at all, else undefined. */
function withoutImages(error: unknown): IncompleteResultError | undefined {
  return IncompleteResultError.isInstance(error) && error.partialImages.length === 0
    ? error
    : undefined;
}

/** A call answered and paid for with no image, as an empty result reports it. */
interface NoImageAnswer {
  /** The content filter stopped it. */
  filtered: boolean;
  /** Whether the AI SDK may make the call again. */
  retryable: boolean;
  /** What happened, as the call's warning. */
  message: string;
  cost: ImageResult["cost"];
  requestId: string | null;
}

/** What the calls of one `generateImage` share. */
interface GenerateImageCalls {
  /**
   * Images seeded so far. The AI SDK splits `n` above `maxImagesPerCall` into calls that all
   * carry the same seed, which would make the same images in each (and bill each): each call
   * after the first adds the images seeded before it, as the client does for its own fan-out
   * (seed 42, n 3, one per call: 42, 43, 44).
   */
  seeded: number;
  /**
   * The seed offsets of calls that failed, and their `n`. The AI SDK starts every call at once
   * and retries one only after it failed, with the same `n`: a retry takes the seeds of a failed
   * call of its size, so a 429 on the way does not change the images a seed makes. (Two failed
   * calls of one size are alike: either retry may take either's seeds.)
   */
  freed: { offset: number; n: number }[];
  /**
   * How many requests of them are in flight at once: the provider's `maxConcurrency`. The AI
   * SDK starts every call together with an unbounded `Promise.all` (so `n: 10` on a one-image
   * model would be ten requests against the rate limit at once); this bounds them as the client
   * bounds its own fan-out.
   */
  gate: CallGate;
  /**
   * The warnings a call of it has returned so far, as JSON. Every call checks the same options
   * and so warns the same; the AI SDK concatenates its calls' warnings as they are (and logs
   * each), so `n: 4` on a one-image model would say "seed is not honoured" four times.
   */
  reported: Set<string>;
}

/**
 * The warnings of `warnings` no earlier call of the same `generateImage` returned; all of them
 * for a call that belongs to none (made by hand without headers). Only a call that returns
 * reports: the retry of one that failed still says what the failed call would have.
 */
function unreported(
  warnings: readonly SharedV4Warning[],
  calls: GenerateImageCalls | undefined,
): SharedV4Warning[] {
  if (!calls) return [...warnings];
  return warnings.filter((warning) => {
    const key = JSON.stringify(warning);
    if (calls.reported.has(key)) return false;
    calls.reported.add(key);
    return true;
  });
}

/** Client warnings about what one call's answer was (its failed requests, its extra images), said by each call they happened to. */
const outcomeWarnings: ReadonlySet<PictorWarningType> = new Set([
  "partial-result",
  "ignored-option",
  "incomplete-usage",
]);

/**
 * The client's warnings about one call's answer (`outcome`: its failed requests, its extra
 * images), or about what its options asked for, as the AI SDK's.
 */
function fromClient(warnings: readonly PictorWarning[], outcome: boolean): SharedV4Warning[] {
  return warnings
    .filter((warning) => outcomeWarnings.has(warning.type) === outcome)
    .map(fromClientWarning);
}

/** A call's options with its seed, and how to give that seed back when the call fails. */
interface SeededCall {
  options: ImageModelV4CallOptions;
  free: () => void;
}

/**
 * `options` with its seed moved past the images earlier calls of the same `generateImage`
 * seeded, or, for a retry, to the seeds of the failed call it repeats.
 */
function seedCall(
  options: ImageModelV4CallOptions,
  calls: GenerateImageCalls | undefined,
): SeededCall {
  const { seed } = options;
  if (seed === undefined || !calls) return { options, free: () => undefined };
  const index = calls.freed.findIndex((freed) => freed.n === options.n);
  const reused = index >= 0 ? calls.freed.splice(index, 1)[0] : undefined;
  const offset = reused ? reused.offset : calls.seeded;
  if (!reused) calls.seeded += options.n;
  return {
    options: offset === 0 ? options : { ...options, seed: fanOutSeed(seed, offset) },
    free: () => calls.freed.push({ offset, n: options.n }),
  };
}

/**
 * How many gateway requests the client sends for one call, as its plan splits it: by the native
 * maximum of the route the call takes (chat when a seed goes there). A model the catalog does
 * not know gets one request: the gateway decides.
 */
function requestsOf(
  model: ImageModelRules | undefined,
  n: number,
  seed: number | undefined,
): number {
  if (!model) return 1;
  const viaChat = seed !== undefined && model.endpoints.chat.includes("seed");
  return Math.ceil(n / imagesPerRequest(model, viaChat ? "chat" : "images"));
}

/** The response whose headers the AI SDK gets: the first successful one (a fan-out's call may have failed first), else the first. */
function answered(responses: readonly Response[]): Response | undefined {
  return responses.find((response) => response.ok) ?? responses[0];
}
