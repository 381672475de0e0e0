import type {
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { ChatCompletionChunk, ChatCompletionStream } from "@pictor/client";
import type { ChatUsage } from "@pictor/contract";
import { abortReason, toAISDKError } from "../errors/to-ai-sdk-error";
import { convertPictorUsage } from "./convert-pictor-usage";
import { type ImageDownloader, imageFileParts } from "./image-file-parts";
import { mapPictorFinishReason } from "./map-pictor-finish-reason";

/** What turning a chat stream into AI SDK parts needs besides the stream. */
export interface StreamPartsContext {
  warnings: SharedV4Warning[];
  includeRawChunks: boolean;
  abortSignal: AbortSignal | undefined;
  url: string;
  requestBody: unknown;
  /** Downloads provider image URLs of one chunk. */
  download: (chunk: ChatCompletionChunk) => ImageDownloader;
  /** `providerMetadata` of the finish part. */
  metadata: (usage: ChatUsage | undefined, outputImages: number) => SharedV4ProviderMetadata;
}

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;

/**
 * The AI SDK stream parts of a gateway chat stream, read as the consumer pulls (so a slow
 * consumer slows the download instead of buffering it): `stream-start` with the warnings,
 * `response-metadata`, text and reasoning deltas, one `file` part per image, then `finish`
 * with usage and cost. A mid-stream `event: error` or a cut connection becomes an `error` part
 * followed by a `finish` whose reason is `error`.
 */
export function pictorStreamParts(
  stream: ChatCompletionStream,
  context: StreamPartsContext,
): ReadableStream<LanguageModelV4StreamPart> {
  const chunks = stream[Symbol.asyncIterator]();
  let first = true;
  let textOpen = false;
  let reasoningOpen = false;
  // A block closes before an image, so the UI message keeps the order text, image, text; each
  // new block gets a new id.
  let block = 0;
  const textId = () => `text-${block}`;
  const reasoningId = () => `reasoning-${block}`;
  let finishReason: LanguageModelV4FinishReason = { unified: "other", raw: undefined };
  let usage: ChatUsage | undefined;
  let outputImages = 0;

  const finish = (controller: Controller) => {
    if (reasoningOpen) controller.enqueue({ type: "reasoning-end", id: reasoningId() });
    if (textOpen) controller.enqueue({ type: "text-end", id: textId() });
    controller.enqueue({
      type: "finish",
      finishReason,
      usage: convertPictorUsage(usage),
      providerMetadata: context.metadata(usage, outputImages),
    });
    controller.close();
  };

  /** Enqueues the parts of one chunk; false when it had none (a usage-only chunk, say). */
  const handle = async (chunk: ChatCompletionChunk, controller: Controller): Promise<boolean> => {
    let enqueued = false;
    const enqueue = (part: LanguageModelV4StreamPart) => {
      controller.enqueue(part);
      enqueued = true;
    };
    if (context.includeRawChunks) enqueue({ type: "raw", rawValue: chunk });
    if (first) {
      first = false;
      enqueue({
        type: "response-metadata",
        id: chunk.id,
        timestamp: new Date(chunk.created * 1000),
        modelId: chunk.model,
      });
    }
    const choice = chunk.choices[0];
    const delta = choice?.delta;
    if (delta?.reasoning) {
      if (!reasoningOpen) enqueue({ type: "reasoning-start", id: reasoningId() });
      reasoningOpen = true;
      enqueue({ type: "reasoning-delta", id: reasoningId(), delta: delta.reasoning });
    }
    if (delta?.content) {
      if (reasoningOpen) {
        enqueue({ type: "reasoning-end", id: reasoningId() });
        block += 1; // an id is never reused after its block ended
      }
      reasoningOpen = false;
      if (!textOpen) enqueue({ type: "text-start", id: textId() });
      textOpen = true;
      enqueue({ type: "text-delta", id: textId(), delta: delta.content });
    }
    if (delta?.images && delta.images.length > 0) {
      const parts = await imageFileParts(delta.images, context.download(chunk));
      if (reasoningOpen) enqueue({ type: "reasoning-end", id: reasoningId() });
      if (textOpen) enqueue({ type: "text-end", id: textId() });
      if (reasoningOpen || textOpen) block += 1;
      reasoningOpen = false;
      textOpen = false;
      for (const part of parts) {
        enqueue(part);
        outputImages += 1;
      }
    }
    if (choice?.finish_reason) finishReason = mapPictorFinishReason(choice.finish_reason);
    if (chunk.usage) usage = chunk.usage;
    return enqueued;
  };

  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      controller.enqueue({ type: "stream-start", warnings: context.warnings });
    },
    async pull(controller) {
      try {
        // A pull that enqueues nothing is not called again, so read until a chunk yields parts.
        for (;;) {
          const next = await chunks.next();
          if (next.done) return finish(controller);
          if (await handle(next.value, controller)) return;
        }
      } catch (error) {
        if (context.abortSignal?.aborted) return controller.error(abortReason(context.abortSignal));
        controller.enqueue({
          type: "error",
          error: toAISDKError(error, {
            url: context.url,
            requestBodyValues: context.requestBody,
            abortSignal: context.abortSignal,
            argumentOf: (path) => path,
          }),
        });
        finishReason = { unified: "error", raw: finishReason.raw };
        finish(controller);
      }
    },
    cancel() {
      stream.abort();
    },
  });
}
