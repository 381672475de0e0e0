import type { Chat as ChatResource, Completions as CompletionsResource } from "./resources/chat";
import type { Images as ImagesResource } from "./resources/images";
import type { Models as ModelsResource } from "./resources/models";

/**
 * @pictor/client: a typed client for image generation through LLM Gateway.
 * @example
 * import { Pictor } from "@pictor/client";
 * const { images } = await new Pictor().images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" });
 */

export type {
  AspectRatioOf,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionDelta,
  ChatCompletionRequest,
  ChatMessage,
  ChatUsage,
  EditCapableImageModelId,
  FinishReason,
  GenerateCapableImageModelId,
  ImageMediaType,
  ImageModelId,
  ImageObject,
  ImageQuality,
  ImageQualityOf,
  ImageSizeOf,
  KnownImageModelId,
  Model,
  RetiringImageModelId,
  SuggestedEditModelId,
  SuggestedGenerateModelId,
  UsageCost,
} from "@pictor/contract";
/** The USD total of a gateway `usage.cost`, which may be a number or an object with `total_cost`. */
export { usageCostUsd } from "@pictor/contract";
export type { ClientOptions, FetchOptions } from "./client-options";
export {
  ChatCompletionStream,
  type ChatCompletionStreamSourceOptions,
  type ChatFinalMessage,
} from "./core/chat-completion-stream";
export type { ChatImageConfig } from "./core/chat-image-config";
export type { ChatInputMessage } from "./core/chat-input-message";
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ContentFilterError,
  IncompleteResultError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  PayloadTooLargeError,
  PaymentRequiredError,
  PermissionDeniedError,
  PictorError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  UnprocessableEntityError,
  type ValidationIssue,
} from "./core/errors";
export { GeneratedImage } from "./core/generated-image";
export type { ImageInput } from "./core/image-input";
export { maxInputImageBytes, maxInputImagesTotalChars } from "./core/image-input";
export type {
  ImageCount,
  ImageEditParams,
  ImageGenerateParams,
  NotTakenBy,
} from "./core/image-params";
export type { ImageRequestOptions } from "./core/image-request-options";
export type {
  ImageCost,
  ImageResult,
  ImageUsageTotals,
  PictorWarning,
  PictorWarningType,
} from "./core/image-result";
export { IncompleteMessageError } from "./core/incomplete-message-error";
export type { HeadersInput, RequestOptions } from "./core/request-options";
export type { RetryEvent } from "./core/retry-event";
export { Pictor } from "./pictor";
export { rawClient } from "./raw-client";
export type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionResult,
} from "./resources/chat";
export type { ModelListParams } from "./resources/models";

// The resources are types only: a client's `images`, `chat` and `models` are their instances,
// and the classes are not exported. Aliases, because the declaration bundle turned a type-only
// re-export of a class into a value export, which `instanceof Models` compiled against and then
// failed at run time.
/** `pictor.chat`: chat completions. */
export type Chat = ChatResource;
/** `pictor.chat.completions`: create a completion (or a stream), and decode a completion's images. */
export type Completions = CompletionsResource;
/** `pictor.images`: generate and edit images. */
export type Images = ImagesResource;
/** `pictor.models`: the gateway's model list. */
export type Models = ModelsResource;
