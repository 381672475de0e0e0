import {
  type ChatCompletion,
  type ChatCompletionRequest,
  type ImageModelId,
  usageCostUsd,
} from "@pictor/contract";
import type { ChatCompletionStream } from "../core/chat-completion-stream";
import type { ChatImageConfig } from "../core/chat-image-config";
import type { ChatInputMessage } from "../core/chat-input-message";
import { ContentFilterError } from "../core/errors";
import type { GeneratedImage } from "../core/generated-image";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "../internal/api-client";
import { checkCallOptions } from "../internal/option-checks";

/**
 * A chat completion request; `model` autocompletes the catalog's image models and takes any id,
 * `image_config` is typed per model from the catalog, and a user's image parts take any
 * `ImageInput` (bytes, a Blob, base64, an earlier result, a URL).
 */
export interface ChatCompletionCreateParams<
  M extends ImageModelId = ImageModelId,
  N extends number = number,
> extends Omit<ChatCompletionRequest, "model" | "messages" | "stream" | "image_config"> {
  /** The model: the catalog's image models autocomplete, any other id is sent as is. */
  model: M;
  /** The conversation; image parts take any `ImageInput`. */
  messages: readonly ChatInputMessage[];
  /** `true` answers with a stream of chunks (see the overloads of `create`). */
  stream?: boolean | undefined;
  /** Image options; for a known model, only the values it honours on chat compile. */
  // NoInfer: the model is read from `model` alone, not guessed from the options' types.
  image_config?: ChatImageConfig<NoInfer<M>, N> | undefined;
}

/** A chat completion request answered as a stream of chunks (`stream: true`). */
export interface ChatCompletionCreateParamsStreaming<
  M extends ImageModelId = ImageModelId,
  N extends number = number,
> extends ChatCompletionCreateParams<M, N> {
  /** Stream the answer as server-sent events. */
  stream: true;
}

/** A chat completion request answered whole (`stream` false or left out). */
export interface ChatCompletionCreateParamsNonStreaming<
  M extends ImageModelId = ImageModelId,
  N extends number = number,
> extends ChatCompletionCreateParams<M, N> {
  /** Answer whole, not as a stream. */
  stream?: false | undefined;
}

/** A chat completion as the gateway sent it, plus its `x-request-id`. */
export type ChatCompletionResult = ChatCompletion & { requestId: string | null };

/** `pictor.chat.completions`: OpenAI-style chat; image models answer with `message.images`. */
export class Completions {
  readonly #client: ApiClient;

  /** @internal */
  constructor(client: ApiClient) {
    this.#client = client;
  }

  /**
   * Creates a chat completion. With `stream: true` it resolves, once the headers arrive, to a
   * `ChatCompletionStream` of typed chunks.
   * @example
   * const stream = await pictor.chat.completions.create({ model: "gemini-3-pro-image-preview", messages, stream: true, image_config: { aspect_ratio: "16:9" } });
   * const { content, images } = await stream.finalMessage();
   */
  create<M extends ImageModelId, N extends number = number>(
    params: ChatCompletionCreateParamsStreaming<M, N>,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream>;
  create<M extends ImageModelId, N extends number = number>(
    params: ChatCompletionCreateParamsNonStreaming<M, N>,
    options?: RequestOptions,
  ): Promise<ChatCompletionResult>;
  /** `stream` known only at run time (a `boolean`, or params typed `ChatCompletionCreateParams`): either result. */
  create<M extends ImageModelId, N extends number = number>(
    params: ChatCompletionCreateParams<M, N>,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream | ChatCompletionResult>;
  async create(
    input: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream | ChatCompletionResult> {
    checkCallOptions("chat.completions.create", options);
    // Loaded on the first call: an app that only generates images does not download it.
    const { createChatCompletion } = await import("../internal/create-chat-completion");
    return createChatCompletion(this.#client, input, options);
  }

  /**
   * The images of a (non-streamed) completion, decoded; provider https URLs are downloaded, all
   * of them even when one fails. Throws `ContentFilterError` when the provider's filter stopped
   * the image, and `IncompleteMessageError` when an image could not be had: its `failedURLs` (and
   * `errors`) say which and why, `partialMessage.images` holds the ones that arrived.
   */
  async imagesOf(
    completion: ChatCompletionResult,
    options?: Pick<RequestOptions, "signal" | "timeout" | "fetchOptions">,
  ): Promise<GeneratedImage[]> {
    // Only what the downloads use: the rest would be accepted and ignored.
    checkCallOptions("chat.completions.imagesOf", options, ["signal", "timeout", "fetchOptions"]);
    const urls = completion.choices.flatMap((choice) =>
      (choice.message.images ?? []).map((image) => image.image_url.url),
    );
    // As a stream's finalMessage(): no image because the filter stopped it is an error to catch.
    if (
      urls.length === 0 &&
      completion.choices.some((choice) => choice.finish_reason === "content_filter")
    )
      throw new ContentFilterError(
        completion.requestId,
        undefined,
        usageCostUsd(completion.usage?.cost),
      );
    if (urls.length === 0) return [];
    const { withImages, turnOf } = await import("../internal/chat-images");
    const message = await withImages(
      turnOf(completion),
      urls,
      this.#client,
      options,
      completion.requestId,
    );
    return message.images;
  }
}

/** `pictor.chat`. */
export class Chat {
  /** Chat completions. */
  readonly completions: Completions;

  /** @internal */
  constructor(client: ApiClient) {
    this.completions = new Completions(client);
  }
}
