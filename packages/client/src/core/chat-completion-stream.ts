import {
  type ChatCompletionChunk,
  type ChatUsage,
  type FinishReason,
  gatewayErrorObject,
  isValid,
  readGatewayError,
  readServerError,
  redactText,
  usageCostUsd,
  vChatCompletionChunk,
  vCreateChatCompletionResponse,
  vErrorResponse,
} from "@pictor/contract";
import { toPictorError } from "../internal/api-client";
import {
  attemptTimeoutOf,
  type GuardingTimeout,
  releaseAttemptTimeout,
} from "../internal/attempt-timeout";
import { type ImageDownloader, withImages } from "../internal/chat-images";
import { checkBaseURLAdvice } from "../internal/check-base-url-advice";
import { completionAsChunk } from "../internal/completion-as-chunk";
import { errorFrom, statusOfSentError } from "../internal/error-from";
import { linkAbortWeakly } from "../internal/link-abort-weakly";
import { parseEventJson } from "../internal/parse-event-json";
import { anySignal, orAbort, readOrAbort } from "../internal/read-or-abort";
import { credentialsSentFor, exposedResponse, redactBody } from "../internal/redact-credentials";
import { type SseEvent, sseEventBatches } from "../internal/sse-events";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  apiErrorFor,
  ContentFilterError,
  ResponseValidationError,
} from "./errors";
import type { GeneratedImage } from "./generated-image";
import type { RequestOptions } from "./request-options";

/** The whole assistant turn of a stream (its first choice): text, images, why it stopped, and usage. */
export interface ChatFinalMessage {
  /** Always the assistant. */
  role: "assistant";
  /** Every text delta, joined. */
  content: string;
  /** Every reasoning delta, joined (empty when the model sent none). */
  reasoning: string;
  /** Every image of the stream, decoded (provider https URLs downloaded). */
  images: GeneratedImage[];
  /** The last finish reason the stream gave (`stop`, `length`, `content_filter`, …). */
  finishReason: FinishReason;
  /** Token counts and cost, when the stream reported them (`stream_options.include_usage`). */
  usage: ChatUsage | undefined;
}

/** What {@link ChatCompletionStream.fromReadableStream} reads with. */
export interface ChatCompletionStreamSourceOptions {
  /** Stops reading (and `finalMessage()`'s downloads) when it aborts, as a request's `signal` does. */
  signal?: AbortSignal | undefined;
  /** What `finalMessage()` downloads provider https images with; the global `fetch` by default. */
  fetch?: typeof globalThis.fetch | undefined;
  /** How long each of those downloads may take, in milliseconds (10 minutes by default). */
  timeout?: number | undefined;
}

/** The chunks of a tee's branch, read from the stream it was split from. */
type ChunkSource = (signal: AbortSignal) => AsyncGenerator<ChatCompletionChunk[], void, undefined>;

/**
 * How long `fromReadableStream`'s image downloads may take by default: the client's
 * `defaultTimeout`, not imported from `client-options` because that import made Rolldown split
 * the client's start into three more chunks (+0.6 kB gzip for a page that only generates).
 */
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;
/** How much of a body that is not an event stream is kept to show in the error. */
const SNIFFED = 2000;
/** A line of the event-stream format: a comment or a field. */
const SSE_LINE = /^(?::|data:|event:|id:|retry:)/m;
/** A body that starts as an event stream does (after a byte-order mark or blank lines), not as JSON. */
const EVENT_STREAM_START = /^\uFEFF?\s*(?::|data:|event:|id:|retry:)/;

/**
 * A streaming chat completion: iterate it for typed chunks, `abort()` it, or let
 * `finalMessage()` collect the text and images (also after a loop). Read once; `tee()` it for
 * two readers.
 * @example
 * const stream = await pictor.chat.completions.create({ model, messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  /** The response headers arrived with this `x-request-id`. */
  readonly requestId: string | null;
  /** The HTTP response (its body is this stream); a credential of the request echoed in a header shows as `[redacted]`. */
  readonly response: Response;
  /** The response as it came, which the stream reads. */
  readonly #response: Response;
  readonly #controller: AbortController;
  readonly #options: RequestOptions;
  /** Downloads the images of provider URLs (its fetch and timeout). */
  readonly #client: ImageDownloader;
  /** The caller's own signal (the stream's follows it only while the stream runs). */
  readonly #callerSignal: AbortSignal | undefined;
  /** A tee's branch reads its chunks from here, not from the response (which its parent reads). */
  readonly #source: ChunkSource | undefined;
  /** Stops following a signal linked to this stream's controller, once the read ends. */
  #unlink: (() => void) | undefined;
  #consumed = false;
  /** `abort()` was called: the chunks read ahead are not handed on after it. */
  #aborted = false;
  /** The first choice's turn, gathered as its chunks pass, whoever reads them. */
  readonly #turn: Turn = {
    content: "",
    reasoning: "",
    urls: [],
    finishReason: null,
    usage: undefined,
  };
  /** How the read ended: `null` at its end, else with what error; undefined while it runs. */
  #outcome: { error: unknown } | null | undefined;
  /** The body's batches, read once by whoever pulls next (see `#pull`). */
  #batches: AsyncGenerator<ChatCompletionChunk[], void, undefined> | undefined;
  /** Batches `finalMessage()` read ahead of the stream's reader, which takes them first, in order. */
  readonly #ahead: Promise<IteratorResult<ChatCompletionChunk[], void>>[] = [];
  /** What `finalMessage()` resolves to, once asked. */
  #final: Promise<ChatFinalMessage> | undefined;
  /** The branches `tee()` made, which this stream's `abort()` ends too. */
  #branches: readonly ChatCompletionStream[] = [];

  /** @internal */
  constructor(
    response: Response,
    controller: AbortController,
    options: RequestOptions,
    client: ImageDownloader,
    callerSignal?: AbortSignal,
    source?: ChunkSource,
  ) {
    this.#response = response;
    this.response = exposedResponse(response);
    this.requestId = response.headers.get("x-request-id");
    this.#controller = controller;
    this.#options = options;
    this.#client = client;
    this.#callerSignal = callerSignal;
    this.#source = source;
    // In the consumer's hands now: the time until it reads is its own, not the gateway's. (A
    // tee's branch leaves the timer to its parent, which may be waiting for data already.)
    if (!source) attemptTimeoutOf(response)?.hold(true);
  }

  /** Closes the connection; iteration then rejects with `APIUserAbortError`. */
  abort(): void {
    this.#aborted = true;
    this.#controller.abort();
    // Iteration may never resume to release it (a dropped or cancelled stream). A tee's branch
    // leaves that to the stream it was split from: the other branch may still read.
    if (!this.#source) releaseAttemptTimeout(this.#response);
    // Nor to end it: a `finalMessage()` waiting beside it must not wait for ever.
    if (this.#consumed) this.#end({ error: new APIUserAbortError() });
    // Each branch may hold chunks read before the abort: it stops handing them on, as this does.
    for (const branch of this.#branches) branch.abort();
  }

  // An AsyncGenerator with its return and next types, not `AsyncIterator<…>`, whose defaults are
  // `any`: a reader calling next() by hand would get an untyped `value` when the stream ends.
  async *[Symbol.asyncIterator](): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    yield* this.#oneByOne(this.batches());
  }

  /**
   * The chunks of `batches` one by one. After `abort()` (a Stop button) or the caller's signal,
   * the rest of a batch is not handed on: one network read may bring a whole turn, which would
   * otherwise still reach the reader (and end its loop as if nothing had been aborted).
   */
  async *#oneByOne(
    batches: AsyncGenerator<ChatCompletionChunk[], void, undefined>,
  ): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    for await (const chunks of batches)
      for (const chunk of chunks) {
        if (this.#aborted || this.#callerSignal?.aborted) throw new APIUserAbortError();
        yield chunk;
      }
  }

  /**
   * The typed chunks in batches: each holds the chunks that one network read completed, for a
   * consumer that pays per async step (thousands of text deltas). Iterating the stream reads
   * this; like it, it can be read once. An error comes after the chunks before it.
   */
  async *batches(): AsyncGenerator<ChatCompletionChunk[], void, undefined> {
    this.#claim();
    yield* this.#read();
  }

  /** Marks the stream as read; a second reader gets a `TypeError`. */
  #claim(): void {
    if (this.#consumed)
      throw new TypeError(
        "This stream was already consumed: a ChatCompletionStream can be read once (for the turn of a loop, call finalMessage() after it; for two readers, tee() it first)",
      );
    this.#consumed = true;
  }

  /**
   * The batches of chunks (see {@link batches}), for a reader that has claimed the stream. The
   * turn is gathered as they pass, and how the read ended kept, for `finalMessage()`.
   */
  async *#read(): AsyncGenerator<ChatCompletionChunk[], void, undefined> {
    let ended = false;
    try {
      for (;;) {
        const ahead = this.#ahead.shift();
        // After `abort()` (a Stop button) or the caller's signal, the loop ends as it would at
        // the network, not after the chunks a `finalMessage()` read ahead for it.
        if (ahead && (this.#aborted || this.#callerSignal?.aborted)) throw new APIUserAbortError();
        const next = await (ahead ?? this.#pull());
        if (next.done) {
          ended = true;
          return;
        }
        yield next.value;
      }
    } catch (error) {
      ended = true;
      throw error;
    } finally {
      // Nobody reads the batches held for this reader any more, however it ended.
      this.#ahead.length = 0;
      if (!ended) {
        // Left before the end (`break`, a throw in the loop): the request is aborted, at once
        // even while a `finalMessage()` reading ahead waits for the next batch. Left after that
        // read reached the end, the turn is whole: its image downloads (on this signal) go on.
        if (this.#outcome === undefined) {
          this.#end({ error: leftEarly() });
          this.#controller.abort();
        }
        await this.#batches?.return();
      }
    }
  }

  /** The body's next batch, added to the turn as it is read, for whichever reader asked. */
  #pull(): Promise<IteratorResult<ChatCompletionChunk[], void>> {
    this.#batches ??= this.#chunks();
    return this.#batches.next().then(
      (result) => {
        if (result.done) this.#end(null);
        else for (const chunk of result.value) addToTurn(this.#turn, chunk);
        return result;
      },
      (error: unknown) => {
        this.#end({ error });
        throw error;
      },
    );
  }

  /**
   * Reads the rest of the body ahead of the stream's reader, which takes those batches later:
   * a `finalMessage()` awaited inside a loop must not wait for the loop, which waits for it (the
   * chunks are held once: an image's data URL is the same string in the turn).
   */
  async #readAhead(): Promise<void> {
    while (this.#outcome === undefined) {
      const next = this.#pull();
      this.#ahead.push(next);
      // The reader gets the error (if it reads on); here it only ends the loop.
      await next.catch(() => undefined);
    }
  }

  /**
   * `abort()`, for a reader that left, unless the body was read to its end already (by a
   * `finalMessage()` reading ahead): the turn is whole then, and its image downloads go on.
   */
  #abortWhileReading(): void {
    if (this.#outcome === undefined) this.abort();
  }

  /** The read ended (the first ending counts: an abort, then the read's own failure). */
  #end(outcome: { error: unknown } | null): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#unlink?.();
  }

  /** The batches of chunks as the body holds them. */
  async *#chunks(): AsyncGenerator<ChatCompletionChunk[], void, undefined> {
    if (this.#source) {
      try {
        yield* this.#source(this.#controller.signal);
      } catch (error) {
        // This branch's own abort() is the caller's abort, not the other branch's.
        throw toPictorError(error, this.#options);
      }
      return;
    }
    let body = this.#response.body;
    // Taken before the reads: released when they end, and it names the timeout in errors.
    let timeout = attemptTimeoutOf(this.#response);
    if (!body) {
      releaseAttemptTimeout(this.#response);
      throw new ResponseValidationError(
        "The gateway sent a stream without a body",
        undefined,
        this.requestId,
      );
    }
    // A route's error answer (only `fromReadableStream` hands one over): its typed error, read as
    // the client reads an error answer (the gateway's shape, or another server's words).
    if (!this.#response.ok) {
      const payload = parseEventJsonOrText(await this.#text(timeout));
      throw errorFrom(this.#response, payload, credentialsSentFor(this.#response));
    }
    let type = this.#response.headers.get("content-type")?.toLowerCase() ?? "";
    if (type.includes("json")) {
      const text = await this.#text(timeout);
      if (!EVENT_STREAM_START.test(text)) {
        yield [this.#wholeCompletion(text)];
        return;
      }
      // An event stream a proxy labelled as JSON: its events, read from the text (whole now).
      body = new Response(text).body ?? body;
      timeout = undefined;
      type = "text/event-stream";
    }
    // An HTML page (a route that is not mounted, a single-page app's fallback) is no stream:
    // read as one, it would end as a "cut connection" and hide what went wrong.
    if (type.includes("text/html") || type.includes("application/xhtml+xml")) {
      throw this.#notAnEventStream(type, await this.#text(timeout));
    }
    // The start of a body that is not labelled an event stream, to tell a relabelled stream
    // that was cut (it had SSE lines) from something else (a proxy's error text).
    const sniffing = type !== "" && !type.includes("text/event-stream");
    let head = "";
    // Twice what is kept: a key across the cut is then whole when it is redacted.
    const sniff = (text: string) => {
      if (head.length < 2 * SNIFFED) head += text.slice(0, 2 * SNIFFED);
    };
    let finished = false;
    try {
      for await (const events of sseEventBatches(
        body,
        this.#options.signal,
        timeout,
        sniffing ? sniff : undefined,
      )) {
        const chunks: ChatCompletionChunk[] = [];
        for (const event of events) {
          if (isDone(event.data)) {
            finished = true;
            if (chunks.length > 0) yield chunks;
            return;
          }
          let chunk: ChatCompletionChunk | undefined;
          try {
            chunk = this.#chunkOf(event);
          } catch (error) {
            if (chunks.length > 0) yield chunks;
            throw error;
          }
          if (chunk) chunks.push(chunk);
        }
        if (chunks.length > 0) yield chunks;
      }
    } catch (error) {
      throw toPictorError(error, this.#options, timeout?.ms, this.#response);
    } finally {
      // Left before [DONE] (`break`, a throw in the loop, an error): the request is aborted, not
      // only the body cancelled, which leaves the connection open (and the gateway generating)
      // when the body is one branch of a tee: a `fetch` wrapper that clones the response, msw.
      // Before the release below, which unlinks the request's signal from this controller.
      if (!finished) this.#controller.abort();
      // Ended, failed or left early (`break`): the attempt's timeout is no longer needed.
      releaseAttemptTimeout(this.#response);
    }
    // A whole body of something else (a proxy's text/plain error) is not a cut connection.
    if (sniffing && !SSE_LINE.test(head)) throw this.#notAnEventStream(type, head);
    throw new APIConnectionError("The stream ended before [DONE]: the connection was cut");
  }

  /**
   * An answer of another type (an HTML page, a proxy's error) where the stream should be, keeping
   * the first characters of its `body`: redacted before the cut, which would otherwise leave the
   * first characters of a key across it.
   */
  #notAnEventStream(type: string, body: string): ResponseValidationError {
    return new ResponseValidationError(
      `The gateway answered ${this.#response.status} with ${type.split(";")[0]}, not an event stream${checkBaseURLAdvice}`,
      redactText(body, credentialsSentFor(this.#response)).slice(0, SNIFFED),
      this.requestId,
    );
  }

  /** The whole body as text, within the attempt's timeout. */
  async #text(timeout: GuardingTimeout | undefined): Promise<string> {
    timeout?.hold(false);
    try {
      return await readOrAbort(this.#response.text(), this.#options.signal, timeout);
    } catch (error) {
      throw toPictorError(error, this.#options, timeout?.ms, this.#response);
    } finally {
      releaseAttemptTimeout(this.#response);
    }
  }

  /** A plain completion sent in answer to `stream: true`, as its one chunk (see `completionAsChunk`). */
  #wholeCompletion(text: string): ChatCompletionChunk {
    const payload = parseJson(text, this.#response);
    // An error in a 200 is still the gateway's error, with its status when it says one.
    if (readGatewayError(payload, 502)) throw this.#streamError(payload);
    if (!isValid(vCreateChatCompletionResponse, payload))
      throw new ResponseValidationError(
        "The gateway answered the stream with JSON that is not a chat completion",
        this.#redacted(payload),
        this.requestId,
      );
    return completionAsChunk(payload);
  }

  /**
   * The typed chunk of one event, or undefined for an event that carries none. An `event: error`
   * becomes the error it reports, whatever its data; so does a chunk that is an error (`data:
   * {"error": …}`, as OpenAI-compatible servers send one mid-stream, OpenRouter with
   * `finish_reason: "error"` beside it).
   */
  #chunkOf(event: SseEvent): ChatCompletionChunk | undefined {
    if (event.event === "error") throw this.#streamError(parseEventJsonOrText(event.data));
    if (event.event === "canceled")
      throw this.#canceledError(parseJson(event.data, this.#response));
    // A keep-alive `data:` alone carries nothing.
    if (isBlank(event.data)) return undefined;
    const named = event.event !== undefined && event.event !== "message";
    const payload = named
      ? parseEventJsonOrText(event.data)
      : parseJson(event.data, this.#response);
    // A named event of a type this reader does not know (a `ping`, a server's own) is skipped,
    // unless it holds a chunk: a server that names its chunks must not lose them.
    if (named && !isValid(vChatCompletionChunk, payload)) return undefined;
    // Any error a chunk reports, as openai-node reads `data.error`: the gateway's shape, or a
    // string (Hugging Face TGI's `{"error":"…","error_type":"…"}`), which is no chunk either.
    if (typeof payload === "object" && payload !== null && "error" in payload && payload.error)
      throw this.#streamError(payload);
    return validChunk(payload, this.#response);
  }

  /**
   * The assistant's whole turn: text, images (decoded; provider URLs downloaded), finish reason
   * and usage. Alone, it reads the stream. After a `for await` (or `batches()`) that ran to the
   * end, it is the turn of the chunks they read. Beside one or `toReadableStream()` (awaited
   * inside the loop too), it reads the rest ahead of that reader, which then gets the remaining
   * chunks in order, as openai-node's `finalChatCompletion()`. A read that failed, was aborted or
   * left early (`break`) before the end rejects it with that error (`APIUserAbortError` for the
   * last two). Every call returns the same promise.
   */
  finalMessage(): Promise<ChatFinalMessage> {
    this.#final ??= this.#collect();
    return this.#final;
  }

  async #collect(): Promise<ChatFinalMessage> {
    if (!this.#consumed) {
      this.#consumed = true;
      for await (const _ of this.#read()) {
        // gathered into the turn as it passes
      }
    } else await this.#readAhead();
    if (this.#outcome) throw this.#outcome.error;
    const { content, reasoning, urls, finishReason, usage } = this.#turn;
    if (finishReason === "content_filter" && urls.length === 0)
      throw new ContentFilterError(this.requestId, undefined, usageCostUsd(usage?.cost));
    // The stream is over, so its link to the caller's signal is gone: the downloads follow both.
    const either = anySignal([this.#callerSignal, this.#options.signal]);
    try {
      const options = { ...this.#options, signal: either.signal };
      const turn = { role: "assistant" as const, content, reasoning, finishReason, usage };
      return await withImages(turn, urls, this.#client, options, this.requestId);
    } finally {
      either.unlink();
    }
  }

  /**
   * Re-emits the stream as SSE bytes (`data: <chunk>`, then `data: [DONE]`), e.g. to forward to a
   * browser; a stream already read throws a `TypeError`. A failure is sent on as an `event:
   * error` frame in the gateway's error shape, so the reader at the other end gets the error
   * (status, code, message), not a cut connection.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    // Claimed now: a stream already read is the caller's mistake, thrown here, not a made-up
    // gateway error sent to the browser.
    this.#claim();
    const encoder = new TextEncoder();
    const iterator = this.#oneByOne(this.#read());
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const next = await iterator.next();
            if (next.done) {
              controller.enqueue(encoder.encode("data: [DONE]\n\n"));
              controller.close();
            } else controller.enqueue(encoder.encode(`data: ${JSON.stringify(next.value)}\n\n`));
          } catch (error) {
            // Then [DONE], as the gateway ends a failed stream (it names that event `done`; a
            // plain data line is what every reader takes): readers that wait for it stop.
            controller.enqueue(
              encoder.encode(`event: error\ndata: ${errorEvent(error)}\n\ndata: [DONE]\n\n`),
            );
            controller.close();
          }
        },
        cancel: () => {
          this.#abortWhileReading();
          // Let the suspended reader run its cleanup now rather than at garbage collection.
          iterator.return?.().catch(() => undefined);
        },
      },
      // Read when its reader reads, not once at creation (the default high-water mark of 1): a
      // stream handed on and never read must not wait for the gateway, whose wait keeps the
      // process alive (see `attempt-timeout.ts`).
      { highWaterMark: 0 },
    );
  }

  /**
   * Two streams of the same chunks, each read on its own, as openai-node's `Stream.tee()` (e.g.
   * one forwarded with `toReadableStream()`, one collected with `finalMessage()`). This stream is
   * read once for both; a chunk is kept until both branches have read it, so a branch nobody
   * reads holds the whole stream. Both get the same chunk objects: treat them as read-only. Ending one branch (its `abort()`, leaving its loop, a cancelled
   * `toReadableStream()`) ends only it: the request goes on for the other, and is aborted once
   * both branches ended (or were aborted, even unread) before the stream did. This stream's
   * `abort()` (or the request's `signal`) ends both. Throws a `TypeError` on a stream already
   * read; `finalMessage()` of this stream still works, with the turn the branches read.
   * @example
   * const [forwarded, logged] = stream.tee();
   * logged.finalMessage().then(({ usage }) => log(usage?.cost));
   * return new Response(forwarded.toReadableStream(), { headers: { "content-type": "text/event-stream" } });
   */
  tee(): [ChatCompletionStream, ChatCompletionStream] {
    this.#claim();
    const read = this.#read();
    // Each branch's results to come: one `read.next()` per batch, shared by the open branches.
    const queues: Promise<IteratorResult<ChatCompletionChunk[], void>>[][] = [[], []];
    const open = [true, true];
    let ended = false;
    /** A branch ended (read to the end, left, or aborted, maybe before it was ever read). */
    const close = (side: number) => {
      open[side] = false;
      const queue = queues[side];
      if (queue) queue.length = 0;
      // Both branches ended before the stream did: nobody reads the request any more.
      if (!open[0] && !open[1] && !ended) {
        this.#abortWhileReading();
        read.return().catch(() => undefined);
      }
    };
    const branch = (side: number): ChunkSource =>
      async function* (signal) {
        const queue = queues[side] ?? [];
        try {
          for (;;) {
            let next = queue.shift();
            if (!next) {
              next = read.next();
              // A branch that never reads again must not report the stream's error as unhandled.
              next.catch(() => undefined);
              for (const [index, each] of queues.entries())
                if (index !== side && open[index]) each.push(next);
            }
            const result = await orAbort(next, signal).catch((error: unknown) => {
              if (!signal.aborted) ended = true;
              throw error;
            });
            if (result.done) {
              ended = true;
              return;
            }
            yield result.value;
          }
        } finally {
          close(side);
        }
      };
    const branches: [ChatCompletionStream, ChatCompletionStream] = [
      this.#branch(branch(0), () => close(0)),
      this.#branch(branch(1), () => close(1)),
    ];
    this.#branches = branches;
    return branches;
  }

  /** A stream of this one's response that reads its chunks from `source` (see {@link tee}). */
  #branch(source: ChunkSource, onAbort: () => void): ChatCompletionStream {
    const controller = new AbortController();
    controller.signal.addEventListener("abort", onAbort, { once: true });
    return new ChatCompletionStream(
      this.#response,
      controller,
      { ...this.#options, signal: controller.signal },
      this.#client,
      this.#callerSignal,
      source,
    );
  }

  /**
   * The typed stream of an event stream that your own route forwarded (with `toReadableStream()`,
   * or @pictor/server's), for a page that reads it without calling the gateway through Pictor:
   * the same chunks, an `event: error` thrown as the same typed error, `finalMessage()`, `tee()`.
   * Pass the route's `Response` (its status, `x-request-id` and content type count: an error
   * status is thrown as its typed error) or only its body. As openai-node's
   * `Stream.fromReadableStream`.
   * @example
   * const response = await fetch("/api/story", { method: "POST", body: JSON.stringify({ prompt }) });
   * const stream = ChatCompletionStream.fromReadableStream(response);
   * for await (const chunk of stream) show(chunk.choices[0]?.delta);
   */
  static fromReadableStream(
    source: ReadableStream<Uint8Array> | Response,
    options: ChatCompletionStreamSourceOptions = {},
  ): ChatCompletionStream {
    const response =
      "getReader" in source
        ? new Response(source, { headers: { "content-type": "text/event-stream" } })
        : source;
    const controller = new AbortController();
    const { signal, fetch, timeout = DOWNLOAD_TIMEOUT_MS } = options;
    const stream = new ChatCompletionStream(
      response,
      controller,
      { signal: controller.signal },
      { timeout, resolveFetch: () => fetch ?? globalThis.fetch },
      signal,
    );
    if (signal) stream.#unlink = linkAbortWeakly(signal, controller);
    return stream;
  }

  /** `payload` with every credential the request carried replaced. */
  #redacted(payload: unknown): unknown {
    return redactBody(payload, credentialsSentFor(this.#response));
  }

  /** The gateway's `event: canceled` (`{ "message": … }`): the request was cancelled, as a 499. */
  #canceledError(received: unknown) {
    const payload = this.#redacted(received);
    const message =
      typeof payload === "object" && payload !== null && "message" in payload
        ? String(payload.message)
        : "Request canceled";
    return apiErrorFor({
      status: 499,
      headers: this.response.headers,
      error: { message, type: "invalid_request_error", param: null, code: "request_cancelled" },
      body: payload,
    });
  }

  /**
   * The error an `event: error` (or an error in a 200) reports, from its payload as read.
   * A payload that is not the gateway's error shape (`{ "message": … }`, plain text) is the
   * message itself: an upstream's words say more than "HTTP 502".
   */
  #streamError(received: unknown) {
    // A gateway or proxy may echo the key it was sent: it must reach no error (nor, through
    // `toReadableStream()`, a browser).
    const payload = this.#redacted(received);
    // In another server's words too (TGI's `error` string, FastAPI's `detail`, vLLM's `message`).
    const error = readServerError(payload, 502);
    // A stream that broke on the way is a bad gateway unless the error says its own status
    // (in `details`, or as OpenRouter does, as a numeric `code`).
    const status = statusOfSentError(error, payload);
    return apiErrorFor({
      status,
      headers: this.response.headers,
      error: error ?? gatewayErrorObject(status, messageOf(payload)),
      body: payload,
    });
  }
}

/** The first choice's turn so far (see `ChatFinalMessage`), with its images' URLs. */
interface Turn {
  content: string;
  reasoning: string;
  urls: string[];
  finishReason: FinishReason;
  usage: ChatUsage | undefined;
}

/** Adds a chunk's part of the first choice's turn: with `n` > 1 other choices' chunks interleave. */
function addToTurn(turn: Turn, chunk: ChatCompletionChunk): void {
  const choice = chunk.choices.find(isFirstChoice);
  if (choice) {
    const { delta } = choice;
    if (delta.content) turn.content += delta.content;
    if (delta.reasoning) turn.reasoning += delta.reasoning;
    if (delta.images) for (const image of delta.images) turn.urls.push(image.image_url.url);
    turn.finishReason = choice.finish_reason ?? turn.finishReason;
  }
  if (chunk.usage) turn.usage = chunk.usage;
}

function isFirstChoice(choice: { index: number }): boolean {
  return choice.index === 0;
}

/** What a reader that left the loop early (which aborts the request) left `finalMessage()` with. */
function leftEarly(): APIUserAbortError {
  return new APIUserAbortError({
    cause: new Error("the loop was left before the stream's end, which aborts it"),
  });
}

/**
 * The `data` of an `event: error` frame for `error`: the gateway's own `event: error` payload,
 * else the gateway's error shape around the error's message, type and code, with the status a
 * reader maps it by (502: the stream broke on the way; 504: it timed out).
 */
function errorEvent(error: unknown): string {
  // The gateway's own payload when it says its status (a reader maps the error by it).
  if (
    APIError.isInstance(error) &&
    isValid(vErrorResponse, error.body) &&
    error.body.error.details?.statusCode !== undefined
  )
    return JSON.stringify(error.body);
  const api = APIError.isInstance(error) ? error : undefined;
  // The gateway's words, not this error's message: that one adds the status and request id,
  // which the reader at the other end would add again at every hop.
  const own = api && readServerError(api.body, api.status);
  // A stream's error that was plain text or `{ message }`: its words, as `#streamError` read them.
  const words = api && !own && api.body !== undefined ? messageOf(api.body) : undefined;
  // A timeout is the gateway timing out as far as the reader can tell (504); a cut, a bad gateway.
  const status = api?.status ?? (APITimeoutError.isInstance(error) ? 504 : 502);
  return JSON.stringify({
    error: {
      message: own?.message ?? words ?? (error instanceof Error ? error.message : String(error)),
      type: api?.type ?? "stream_error",
      param: null,
      code: api?.code ?? null,
      details: { ...own?.details, statusCode: status },
    },
  });
}

/**
 * Whether an event's data is `[DONE]`, the end of the stream (with stray spaces around it too,
 * as some servers send it). Chunks are JSON objects, so only other data needs a closer look.
 */
function isDone(data: string): boolean {
  return data === "[DONE]" || (data.charCodeAt(0) !== OPEN_BRACE && data.trim() === "[DONE]");
}

/** Whether an event's data is empty or only whitespace: a keep-alive, no chunk. */
function isBlank(data: string): boolean {
  return data.charCodeAt(0) !== OPEN_BRACE && data.trim() === "";
}

/** `{`, the first character of every chunk. */
const OPEN_BRACE = 0x7b;

/** An event's data: its JSON, or the text itself when it is not JSON. */
function parseEventJsonOrText(data: string): unknown {
  try {
    return parseEventJson(data);
  } catch {
    return data;
  }
}

/**
 * The words of an error payload no server's error shape holds (`readServerError` reads those),
 * shortened to a message: plain text, or the JSON as sent.
 */
function messageOf(payload: unknown): string {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  const trimmed = text.trim();
  if (trimmed === "") return "The stream reported an error without a message";
  return trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed;
}

/**
 * Checks one stream chunk against the spec (with the generated lean validator: this runs ~2,000
 * times for a stream of 2,000 text deltas).
 */
function validChunk(payload: unknown, response: Response): ChatCompletionChunk {
  if (!isValid(vChatCompletionChunk, payload))
    throw new ResponseValidationError(
      "A stream chunk does not match the spec",
      redactBody(payload, credentialsSentFor(response)),
      response.headers.get("x-request-id"),
    );
  return payload;
}

function parseJson(data: string, response: Response): unknown {
  try {
    return parseEventJson(data);
  } catch (error) {
    throw new ResponseValidationError(
      "A stream event is not valid JSON",
      // Redacted before the cut: a key across it would leave its first characters behind.
      redactText(data, credentialsSentFor(response)).slice(0, 200),
      response.headers.get("x-request-id"),
      { cause: error },
    );
  }
}
