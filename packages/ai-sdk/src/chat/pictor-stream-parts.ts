import type {
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import {
  APIConnectionError,
  APIError,
  type ChatCompletionChunk,
  type ChatCompletionStream,
  ResponseValidationError,
} from "@pictor/client";
import type { ChatUsage, ImageObject } from "@pictor/contract";
import { abortReason, toAISDKError } from "../errors/to-ai-sdk-error";
import { elideImageData } from "../internal/elide-image-data";
import { onAbort } from "../internal/on-abort";
import { convertPictorUsage } from "./convert-pictor-usage";
import { type ImageDownloader, type ImageFileParts, imageFileParts } from "./image-file-parts";
import { mapPictorFinishReason } from "./map-pictor-finish-reason";

/** What turning a chat stream into AI SDK parts needs besides the stream. */
export interface StreamPartsContext {
  warnings: SharedV4Warning[];
  includeRawChunks: boolean;
  abortSignal: AbortSignal | undefined;
  url: string;
  /** The gateway's answer whose body this is. */
  response: Response;
  requestBody: unknown;
  /** Downloads provider image URLs of one chunk, until `signal` aborts. */
  download: (chunk: ChatCompletionChunk, signal: AbortSignal) => ImageDownloader;
  /** `providerMetadata` of the finish part; `failed` when the stream ended in an error. */
  metadata: (
    usage: ChatUsage | undefined,
    outputImages: number,
    failed: boolean,
  ) => SharedV4ProviderMetadata;
}

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;

/**
 * The AI SDK stream parts of a gateway chat stream, read as the consumer pulls (so a slow
 * consumer slows the download instead of buffering it): `stream-start` with the warnings,
 * `response-metadata`, text and reasoning deltas, one `file` part per image, then `finish`
 * with usage and cost (its reason `interrupted` when no chunk gave a `finish_reason`). A
 * mid-stream `event: error` or a cut connection becomes an `error` part followed by a `finish`
 * whose reason is `error`; a connection cut after a chunk gave the `finish_reason` lost only
 * `[DONE]`, and finishes with that reason. With `includeRawChunks`, a `raw` part precedes
 * each chunk's parts, and the error part of what the gateway sent as the error or of a chunk off
 * the spec.
 */
export function pictorStreamParts(
  stream: ChatCompletionStream,
  context: StreamPartsContext,
): ReadableStream<LanguageModelV4StreamPart> {
  const batches = stream.batches();
  const state = new PartsState(context);
  // The download under way, which cancelling the stream stops as the caller's signal does: a
  // reader that left (a consumer that stopped reading, useChat's stop) wants no more images.
  let downloading: AbortController | undefined;
  let cancelled = false;
  // Whether the failure came from reading the stream (an `event: error`), not from a download.
  let reading = false;
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      controller.enqueue({ type: "stream-start", warnings: context.warnings });
    },
    async pull(controller) {
      try {
        // All the chunks one network read completed, in one pull (one async step, not one per
        // text delta). A pull that enqueues nothing is not called again, so read until a batch
        // yields parts.
        for (;;) {
          reading = true;
          const next = await batches.next();
          reading = false;
          if (next.done) return state.finish(controller);
          let enqueued = false;
          for (const chunk of next.value) {
            if (state.deltas(chunk, controller)) enqueued = true;
            const images = chunk.choices[0]?.delta.images;
            // Only an image needs an async step (a provider URL is downloaded now).
            if (images && images.length > 0) {
              downloading = new AbortController();
              const files = await downloadFiles(images, chunk, context, downloading);
              downloading = undefined;
              if (cancelled) return;
              if (state.files(files.parts, controller)) enqueued = true;
              if (files.failure) {
                // The images that came as data went out first, and the chunk's usage counts.
                state.ends(chunk);
                throw files.failure;
              }
            }
            state.ends(chunk);
          }
          if (enqueued) return;
        }
      } catch (error) {
        // Nobody reads a cancelled stream any more: what broke off with it is not an error.
        if (cancelled) return;
        if (context.abortSignal?.aborted) return controller.error(abortReason(context.abortSignal));
        // The connection went after the last chunk had said why the model stopped: only
        // `[DONE]` was lost, the answer is whole (as the AI SDK's own providers end a body).
        if (reading && state.said && APIConnectionError.isInstance(error))
          return state.finish(controller);
        // What the gateway sent as the error, or the chunk off the spec that failed (its key
        // redacted), is a chunk of the stream too: a raw part before the error part, as
        // @ai-sdk/openai sends an error chunk.
        const raw = reading && context.includeRawChunks ? rawChunkOf(error) : undefined;
        if (raw !== undefined) controller.enqueue({ type: "raw", rawValue: raw });
        state.fail(
          toAISDKError(error, {
            url: context.url,
            requestBodyValues: elideImageData(context.requestBody),
            abortSignal: context.abortSignal,
            argumentOf: (path) => path,
            // The gateway answered 2xx and may have billed what it made: a cut connection is
            // not retryable, and carries that answer's status and headers (request id).
            responses: [context.response],
            imagesDelivered: state.imagesSent,
          }),
          controller,
        );
      }
    },
    cancel(reason) {
      cancelled = true;
      downloading?.abort(
        reason ?? new DOMException("The stream was cancelled by its reader", "AbortError"),
      );
      stream.abort();
      // Let the suspended reader run its cleanup now rather than at garbage collection.
      batches.return(undefined).catch(() => undefined);
    },
  });
}

/**
 * The chunk a failed read got, as the client's error keeps it: the payload of an `event: error`,
 * or a chunk off the spec as parsed. Undefined for the rest: an event that is not JSON is kept
 * as its first 200 characters only, not the chunk, and a cut connection got none.
 */
function rawChunkOf(error: unknown): unknown {
  if (APIError.isInstance(error)) return error.body;
  if (ResponseValidationError.isInstance(error) && typeof error.body === "object")
    return error.body ?? undefined;
  return undefined;
}

/**
 * The file parts of a chunk's images, their downloads stopped by `stop` or by the caller's
 * signal; the link to that signal lasts only while they run (a long-lived signal keeps nothing).
 */
async function downloadFiles(
  images: readonly ImageObject[],
  chunk: ChatCompletionChunk,
  context: StreamPartsContext,
  stop: AbortController,
): Promise<ImageFileParts> {
  const caller = context.abortSignal;
  if (caller?.aborted) stop.abort(caller.reason);
  const unlink = caller && onAbort(caller, () => stop.abort(caller.reason));
  try {
    return await imageFileParts(images, context.download(chunk, stop.signal));
  } finally {
    unlink?.();
  }
}

/** The open text and reasoning blocks, finish reason and usage of a stream so far. */
class PartsState {
  readonly #context: StreamPartsContext;
  #first = true;
  #textOpen = false;
  #reasoningOpen = false;
  // A block closes before an image, so the UI message keeps the order text, image, text; each
  // new block gets a new id.
  #block = 0;
  #textId = "text-0";
  #reasoningId = "reasoning-0";
  // Until a chunk says why the model stopped: a stream that reaches [DONE] without one ends as
  // a completion without one does.
  #finishReason: LanguageModelV4FinishReason = mapPictorFinishReason(undefined);
  #said = false;
  #usage: ChatUsage | undefined;
  #outputImages = 0;
  #failed = false;

  constructor(context: StreamPartsContext) {
    this.#context = context;
  }

  /** How many images went out as file parts so far: made and billed, whatever comes next. */
  get imagesSent(): number {
    return this.#outputImages;
  }

  /** Enqueues the metadata, reasoning and text parts of one chunk; false when it had none. */
  deltas(chunk: ChatCompletionChunk, controller: Controller): boolean {
    let enqueued = false;
    if (this.#context.includeRawChunks) {
      controller.enqueue({ type: "raw", rawValue: chunk });
      enqueued = true;
    }
    if (this.#first) {
      this.#first = false;
      controller.enqueue({
        type: "response-metadata",
        id: chunk.id,
        timestamp: new Date(chunk.created * 1000),
        modelId: chunk.model,
      });
      enqueued = true;
    }
    const delta = chunk.choices[0]?.delta;
    if (delta?.reasoning) {
      // Reasoning after text (a model that thinks again mid-answer): the text block ends, and
      // the text after it opens a new one, so every id is started before its deltas.
      if (this.#textOpen) {
        controller.enqueue({ type: "text-end", id: this.#textId });
        this.#textOpen = false;
        this.#nextBlock();
      }
      if (!this.#reasoningOpen)
        controller.enqueue({ type: "reasoning-start", id: this.#reasoningId });
      this.#reasoningOpen = true;
      controller.enqueue({
        type: "reasoning-delta",
        id: this.#reasoningId,
        delta: delta.reasoning,
      });
      enqueued = true;
    }
    if (delta?.content) {
      if (this.#reasoningOpen) {
        controller.enqueue({ type: "reasoning-end", id: this.#reasoningId });
        this.#nextBlock(); // an id is never reused after its block ended
      }
      this.#reasoningOpen = false;
      if (!this.#textOpen) controller.enqueue({ type: "text-start", id: this.#textId });
      this.#textOpen = true;
      controller.enqueue({ type: "text-delta", id: this.#textId, delta: delta.content });
      enqueued = true;
    }
    return enqueued;
  }

  /** Closes the open blocks and enqueues the file parts of a chunk's images; false when it enqueued nothing. */
  files(files: readonly LanguageModelV4StreamPart[], controller: Controller): boolean {
    const closing = this.#reasoningOpen || this.#textOpen;
    if (this.#reasoningOpen) controller.enqueue({ type: "reasoning-end", id: this.#reasoningId });
    if (this.#textOpen) controller.enqueue({ type: "text-end", id: this.#textId });
    if (closing) this.#nextBlock();
    this.#reasoningOpen = false;
    this.#textOpen = false;
    for (const part of files) {
      controller.enqueue(part);
      this.#outputImages += 1;
    }
    return closing || files.length > 0;
  }

  /** Whether a chunk has said why the model stopped (its `finish_reason`). */
  get said(): boolean {
    return this.#said;
  }

  /** Records a chunk's finish reason and usage, for the `finish` part. */
  ends(chunk: ChatCompletionChunk): void {
    const reason = chunk.choices[0]?.finish_reason;
    if (reason) {
      this.#finishReason = mapPictorFinishReason(reason);
      this.#said = true;
    }
    if (chunk.usage) this.#usage = chunk.usage;
  }

  /** Closes the open blocks, then `finish` with usage and cost, and closes the stream. */
  finish(controller: Controller): void {
    if (this.#reasoningOpen) controller.enqueue({ type: "reasoning-end", id: this.#reasoningId });
    if (this.#textOpen) controller.enqueue({ type: "text-end", id: this.#textId });
    controller.enqueue({
      type: "finish",
      finishReason: this.#finishReason,
      usage: convertPictorUsage(this.#usage),
      providerMetadata: this.#context.metadata(this.#usage, this.#outputImages, this.#failed),
    });
    controller.close();
  }

  /**
   * An `error` part, then `finish` with the reason `error` and no raw reason, as the AI SDK's own
   * providers end a failed stream: a `stop` an earlier chunk gave is not how this one ended.
   */
  fail(error: unknown, controller: Controller): void {
    controller.enqueue({ type: "error", error });
    this.#failed = true;
    this.#finishReason = { unified: "error", raw: undefined };
    this.finish(controller);
  }

  /** Text and reasoning after this point are new blocks, with new ids. */
  #nextBlock(): void {
    this.#block += 1;
    this.#textId = `text-${this.#block}`;
    this.#reasoningId = `reasoning-${this.#block}`;
  }
}
