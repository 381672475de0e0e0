import type { ChatCompletionChunk } from "@pictor/contract";
import { describe, expectTypeOf, it } from "vitest";
import {
  ChatCompletionStream,
  type ChatCompletionStreamSourceOptions,
  type ChatFinalMessage,
} from "../index";

declare const stream: ChatCompletionStream;

describe("iteration", () => {
  it("types every step of the iterator, the last one too (no `any`)", async () => {
    const iterator = stream[Symbol.asyncIterator]();
    const step = await iterator.next();
    if (step.done) expectTypeOf(step.value).toEqualTypeOf<void>();
    else expectTypeOf(step.value).toEqualTypeOf<ChatCompletionChunk>();
    expectTypeOf(iterator.return).parameter(0).not.toBeAny();
  });
});

describe("tee() and fromReadableStream()", () => {
  it("tee() gives two streams of the same typed chunks", () => {
    const [one, two] = stream.tee();
    expectTypeOf(one).toEqualTypeOf<ChatCompletionStream>();
    expectTypeOf(two.finalMessage()).resolves.toEqualTypeOf<ChatFinalMessage>();
    expectTypeOf(stream.tee()).toEqualTypeOf<[ChatCompletionStream, ChatCompletionStream]>();
  });

  it("fromReadableStream() takes a route's Response or its body, and reads with a signal, fetch and timeout", () => {
    const fromResponse = ChatCompletionStream.fromReadableStream(new Response(""));
    expectTypeOf(fromResponse).toEqualTypeOf<ChatCompletionStream>();
    expectTypeOf(fromResponse).toMatchTypeOf<AsyncIterable<ChatCompletionChunk>>();
    const body = new ReadableStream<Uint8Array>();
    ChatCompletionStream.fromReadableStream(body, {
      signal: AbortSignal.timeout(1000),
      fetch: globalThis.fetch,
      timeout: 60_000,
    });
    expectTypeOf<ChatCompletionStreamSourceOptions["timeout"]>().toEqualTypeOf<
      number | undefined
    >();
    // @ts-expect-error: text is not a stream (pass `new Response(text).body`)
    ChatCompletionStream.fromReadableStream("data: [DONE]\n\n");
    // @ts-expect-error: a stream of strings is not the bytes of an event stream
    ChatCompletionStream.fromReadableStream(new ReadableStream<string>());
    // @ts-expect-error: an option it does not take
    ChatCompletionStream.fromReadableStream(body, { maxRetries: 2 });
  });
});
