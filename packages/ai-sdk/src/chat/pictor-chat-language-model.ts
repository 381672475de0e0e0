import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from "@ai-sdk/provider";
import type {
  ChatCompletion,
  ChatCompletionResult,
  ChatCompletionStream,
  Pictor,
  RequestOptions,
} from "@pictor/client";
import type { ImageModelId } from "@pictor/contract";
import { abortReason, toAISDKError } from "../errors/to-ai-sdk-error";
import { elideImageData } from "../internal/elide-image-data";
import { headersRecord, type PictorModelConfig } from "../internal/pictor-model-config";
import { convertPictorUsage } from "./convert-pictor-usage";
import { type ImageDownloader, imageFileParts } from "./image-file-parts";
import { mapPictorFinishReason } from "./map-pictor-finish-reason";
import { pictorChatMetadata } from "./pictor-chat-metadata";
import { pictorStreamParts } from "./pictor-stream-parts";
import { type PreparedChatRequest, prepareChatRequest } from "./prepare-chat-request";

const HTTPS = /^https:\/\//;

/**
 * A gateway image model behind chat completions, for `generateText`, `streamText` and `useChat`:
 * its text and images come back as text and `file` parts, and images of earlier assistant
 * turns are sent back so a conversation can refine them.
 */
export class PictorChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: ImageModelId;
  /**
   * https images go to the gateway as URLs (it fetches them). https files that are surely not
   * images reach the provider as URLs too, to be refused at once rather than downloaded first;
   * other types (`application/octet-stream` from a storage bucket) are downloaded by the AI SDK,
   * which tells an image by its bytes. Anything else is sent as data.
   */
  readonly supportedUrls: Record<string, RegExp[]> = {
    "image/*": [HTTPS],
    "application/pdf": [HTTPS],
    "text/*": [HTTPS],
    "audio/*": [HTTPS],
    "video/*": [HTTPS],
  };
  readonly #config: PictorModelConfig;

  /** @internal Created by `createPictor().chat(id)`. */
  constructor(modelId: ImageModelId, config: PictorModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.#config = config;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const request = prepareChatRequest(this.modelId, options);
    const client = this.#config.client();
    const call = callContext(options, this.#config);
    let completion: ChatCompletionResult;
    try {
      completion = await client.chat.completions.create(request.params, call.requestOptions);
    } catch (error) {
      throw failure(error, client, request, call, options);
    }

    const choice = completion.choices[0];
    const message = choice?.message;
    const content: LanguageModelV4Content[] = [];
    if (message?.reasoning) content.push({ type: "reasoning", text: message.reasoning });
    if (message?.content) content.push({ type: "text", text: message.content });
    const images = message?.images ?? [];
    const files = await imageFileParts(images, downloader(client, completion, call.requestOptions));
    // One result or none: a completion whose provider images could not be had fails whole. A
    // download the caller stopped is their abort (as in a stream), not a failed download.
    if (files.failure)
      throw options.abortSignal?.aborted ? abortReason(options.abortSignal) : files.failure;
    content.push(...files.parts);
    return {
      content,
      finishReason: mapPictorFinishReason(choice?.finish_reason),
      usage: convertPictorUsage(completion.usage),
      providerMetadata: pictorChatMetadata(completion.usage, {
        modelId: this.modelId,
        imageConfig: request.params.image_config,
        inputImages: request.inputImages,
        outputImages: images.length,
        requestId: completion.requestId,
      }),
      request: { url: chatUrl(client, call.responses[0]), body: request.params },
      response: {
        id: completion.id,
        timestamp: new Date(completion.created * 1000),
        modelId: completion.model,
        headers: headersRecord(call.responses[0]),
        // The body as the gateway sent it (its strings are shared with the parts, not copied).
        body: responseBody(completion),
      },
      warnings: request.warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const request = prepareChatRequest(this.modelId, options);
    const client = this.#config.client();
    const call = callContext(options, this.#config);
    // The body as sent, also in `request.body` and errors: the AI SDK user sees what went out.
    const body = {
      ...request.params,
      stream: true as const,
      stream_options: { include_usage: true },
    };
    let stream: ChatCompletionStream;
    try {
      stream = await client.chat.completions.create(body, call.requestOptions);
    } catch (error) {
      throw failure(error, client, request, call, options, body);
    }
    const url = chatUrl(client, stream.response);
    return {
      stream: pictorStreamParts(stream, {
        warnings: request.warnings,
        includeRawChunks: options.includeRawChunks === true,
        abortSignal: options.abortSignal,
        url,
        response: stream.response,
        requestBody: body,
        // Stopped by the caller's signal, or by cancelling the stream (which the signal cannot see).
        download: (chunk, signal) =>
          downloader(
            client,
            { ...chunk, requestId: stream.requestId },
            { ...call.requestOptions, signal },
          ),
        metadata: (usage, outputImages, failed) =>
          pictorChatMetadata(usage, {
            modelId: this.modelId,
            imageConfig: request.params.image_config,
            inputImages: request.inputImages,
            outputImages,
            requestId: stream.requestId,
            failed,
          }),
      }),
      request: { url, body },
      response: { headers: headersRecord(stream.response) },
    };
  }
}

/** The request options of one call, and the responses the client reports for it. */
interface CallContext {
  requestOptions: RequestOptions;
  responses: Response[];
}

function callContext(options: LanguageModelV4CallOptions, config: PictorModelConfig): CallContext {
  const responses: Response[] = [];
  return {
    responses,
    requestOptions: {
      signal: options.abortSignal,
      headers: config.headers(options.headers),
      onResponse: (response) => responses.push(response),
    },
  };
}

function failure(
  error: unknown,
  client: Pictor,
  request: PreparedChatRequest,
  call: CallContext,
  options: LanguageModelV4CallOptions,
  body: unknown = request.params,
): unknown {
  return toAISDKError(error, {
    url: chatUrl(client, call.responses.at(-1)),
    requestBodyValues: elideImageData(body),
    abortSignal: options.abortSignal,
    argumentOf: request.argumentOf,
    aboutArgument: request.aboutArgument,
    responses: call.responses,
  });
}

/**
 * The URL a chat call went to: its response's, else the endpoint's (a `fetch` that hands back a
 * Response it made itself, as a logging wrapper does, leaves `url` empty).
 */
function chatUrl(client: Pictor, response: Response | undefined): string {
  return response?.url || `${client.baseURL}/chat/completions`;
}

/** Downloads provider image URLs of a completion (or a stream chunk) through the client. */
function downloader(
  client: Pictor,
  source: Pick<ChatCompletionResult, "id" | "created" | "model" | "requestId">,
  requestOptions: RequestOptions,
): ImageDownloader {
  // Downloads are not gateway requests: only the call's abort and timeout apply to them (its
  // headers are the gateway's, and they must not reach onResponse).
  const options = { signal: requestOptions.signal, timeout: requestOptions.timeout };
  return (urls) =>
    client.chat.completions.imagesOf(
      {
        id: source.id,
        object: "chat.completion",
        created: source.created,
        model: source.model,
        requestId: source.requestId,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: null,
              images: urls.map((url) => ({ type: "image_url" as const, image_url: { url } })),
            },
            finish_reason: null,
          },
        ],
      },
      options,
    );
}

/** A completion as the gateway sent it: without the `requestId` the client adds from the headers. */
function responseBody(completion: ChatCompletionResult): ChatCompletion {
  const { requestId: _requestId, ...body } = completion;
  return body;
}
