import { type ChatCompletionChunk, encodeBase64 } from "@pictor/contract";
import { delay, HttpResponse, http } from "msw";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  baseURL,
  caught,
  recordingFetch,
  settleWithin,
  useClientTestServer,
} from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { sseEvents } from "../internal/sse-events";
import { Pictor } from "../pictor";
import type { ChatCompletionCreateParams } from "../resources/chat";
import { ChatCompletionStream, type ChatFinalMessage } from "./chat-completion-stream";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  BadRequestError,
  ContentFilterError,
  InternalServerError,
  PictorError,
  RateLimitError,
  ResponseValidationError,
} from "./errors";
import { GeneratedImage } from "./generated-image";
import { IncompleteMessageError } from "./incomplete-message-error";

// A fixed clock, so two identical requests stream identical chunks (ids come from the request id).
const { gateway, server, client } = useClientTestServer({ now: () => 1_760_000_000_000 });

const params = {
  model: "gemini-3-pro-image-preview",
  messages: [{ role: "user", content: "A lighthouse" }],
  image_config: { aspect_ratio: "16:9" },
  stream: true,
} satisfies ChatCompletionCreateParams;

/** What one 1K 16:9 Gemini image costs: 1,120 image tokens at $120/M plus 3 prompt tokens at $2/M. */
const expectedUsage = {
  prompt_tokens: 3,
  completion_tokens: 1120,
  total_tokens: 1123,
  cost: 0.134406,
};

async function collect(stream: ChatCompletionStream): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("chat.completions.create({ stream: true })", () => {
  it("resolves to a ChatCompletionStream carrying the gateway's request id", async () => {
    const stream = await client().chat.completions.create(params);

    expect(stream).toBeInstanceOf(ChatCompletionStream);
    expect(stream.requestId).toBe(gateway.calls[0]?.requestId);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(gateway.calls[0]?.body).toMatchObject({
      stream: true,
      image_config: { aspect_ratio: "16:9" },
    });
    await collect(stream);
  });

  it("yields typed chunks in order: role, text, the image, then finish reason and usage", async () => {
    const chunks = await collect(await client().chat.completions.create(params));

    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta);
    expect(chunks).toHaveLength(5);
    expect(deltas[0]).toEqual({ role: "assistant", content: "" });
    expect(deltas.slice(1, 3).map((delta) => delta?.content)).toEqual([
      "Here is your image: A ",
      "lighthouse",
    ]);
    const images = deltas[3]?.images ?? [];
    expect(images).toHaveLength(1);
    expect(images[0]?.type).toBe("image_url");
    expect(images[0]?.image_url.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const last = chunks[4];
    expect(last?.choices[0]?.finish_reason).toBe("stop");
    expect(last?.usage).toMatchObject(expectedUsage);
    // Only the last chunk finishes or carries usage; every chunk is of the same completion.
    expect(chunks.slice(0, 4).map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(chunks.slice(0, 4).every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
  });

  it("finalMessage() joins the text, decodes the images and reports finish reason and usage", async () => {
    const stream = await client().chat.completions.create(params);
    const message = await stream.finalMessage();

    expect(message.role).toBe("assistant");
    expect(message.content).toBe("Here is your image: A lighthouse");
    expect(message.finishReason).toBe("stop");
    expect(message.usage).toMatchObject(expectedUsage);
    expect(message.images).toHaveLength(1);
    const [image] = message.images;
    expect(image).toBeInstanceOf(GeneratedImage);
    expect(image?.mediaType).toBe("image/png");
    // 1K at 16:9: 1024·√(16/9) and 1024/√(16/9), rounded to multiples of 16.
    expect([image?.width, image?.height]).toEqual([1376, 768]);
  });

  it("finalMessage() throws ContentFilterError when the provider filtered the image", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const stream = await client().chat.completions.create(params);

    const error = await caught(() => stream.finalMessage());

    expect(error).toBeInstanceOf(ContentFilterError);
    expect(ContentFilterError.isInstance(error) && error.requestId).toBe(
      gateway.calls[0]?.requestId,
    );
  });

  it("throws an APIError (502, streaming_error) when the gateway sends event: error mid-stream", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider went away" });
    const stream = await client().chat.completions.create(params);
    const chunks: ChatCompletionChunk[] = [];

    const error = await settleWithin(
      caught(async () => {
        for await (const chunk of stream) chunks.push(chunk);
      }),
      2000,
      "iterating a stream that carries event: error",
    );

    expect(error).toBeInstanceOf(InternalServerError);
    expect(APIError.isInstance(error)).toBe(true);
    expect(APIError.isInstance(error) && [error.status, error.code, error.type]).toEqual([
      502,
      "streaming_error",
      "gateway_error",
    ]);
    expect(error instanceof Error && error.message).toContain("Upstream provider went away");
    // The text before the failure arrived; no image did.
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      "",
      "Here is your image: A ",
      "lighthouse",
    ]);
  });

  it("throws APIConnectionError when the stream is cut before [DONE]", async () => {
    gateway.faults.enqueue({ type: "truncated_stream" });
    const stream = await client().chat.completions.create(params);
    const chunks: ChatCompletionChunk[] = [];

    const error = await caught(async () => {
      for await (const chunk of stream) chunks.push(chunk);
    });

    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(error instanceof Error && error.message).toMatch(
      /ended before \[DONE\]|Connection error while reading the response/,
    );
    // Some text arrived (a cut may drop chunks still queued), never the image or the usage.
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.images || chunk.usage)).toBe(false);
  });

  it("abort() mid-stream rejects the iteration with APIUserAbortError and closes the connection", async () => {
    const requests: Request[] = [];
    server.events.on("request:start", ({ request }) => {
      requests.push(request);
    });
    const stream = await client().chat.completions.create(params);
    const chunks: ChatCompletionChunk[] = [];

    const error = await settleWithin(
      (async () => {
        try {
          for await (const chunk of stream) {
            chunks.push(chunk);
            if (chunks.length === 1) stream.abort();
          }
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })(),
      2000,
      "iterating an aborted stream",
    );

    expect(requests).toHaveLength(1);
    expect(requests[0]?.signal.aborted).toBe(true);
    expect(error).toBeInstanceOf(APIUserAbortError);
    // The final chunk (finish reason and usage) never arrives after the abort.
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it.each([
    ["abort()", "stream"],
    ["the request's signal", "signal"],
  ])(
    "%s mid-stream hands on no more chunks, even those the same network read brought",
    async (_, by) => {
      useOneReadTurn();
      const controller = new AbortController();
      const stream = await client().chat.completions.create(providerParams, {
        signal: controller.signal,
      });
      const seen: ChatCompletionChunk[] = [];
      const thrown = await caught(async () => {
        for await (const chunk of stream) {
          seen.push(chunk);
          if (seen.length === 1) {
            if (by === "stream") stream.abort();
            else controller.abort();
          }
        }
      });
      expect(thrown).toBeInstanceOf(APIUserAbortError);
      expect(seen.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(["Once"]);
      expect(await caught(() => stream.finalMessage())).toBeInstanceOf(APIUserAbortError);
    },
  );

  it("leaving the loop early (break, a throw in it) aborts the request, even through a fetch that clones the response", async () => {
    const requests: Request[] = [];
    server.events.on("request:start", ({ request }) => {
      requests.push(request);
    });
    // A logging or caching wrapper: the body Pictor reads is one branch of a tee, so
    // cancelling it alone leaves the connection open and the gateway generating.
    const cloning: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      void response.clone();
      return response;
    };

    const broken = await client({ fetch: cloning }).chat.completions.create(params);
    for await (const _chunk of broken) break;
    const thrown = await client({ fetch: cloning }).chat.completions.create(params);
    const error = await caught(async () => {
      for await (const _chunk of thrown) throw new Error("the app's own failure");
    });

    expect(error instanceof Error && error.message).toBe("the app's own failure");
    expect(requests.map((request) => request.signal.aborted)).toEqual([true, true]);
    // A stream read to its end is not aborted.
    await collect(await client({ fetch: cloning }).chat.completions.create(params));
    expect(requests[2]?.signal.aborted).toBe(false);
  });

  it("rejects with APIUserAbortError and sends nothing when the caller's signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();

    const error = await caught(() =>
      client().chat.completions.create(params, { signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(gateway.calls).toHaveLength(0);
  });

  it("can be iterated only once (TypeError the second time, and after finalMessage() read it)", async () => {
    const stream = await client().chat.completions.create(params);
    expect(await collect(stream)).toHaveLength(5);

    const error = await caught(() => collect(stream));

    expect(error).toBeInstanceOf(TypeError);
    expect(error instanceof Error && error.message).toMatch(/already consumed/);
    const collected = await client().chat.completions.create(params);
    await collected.finalMessage();
    const afterFinal = await caught(() => collect(collected));
    expect(afterFinal instanceof TypeError && afterFinal.message).toMatch(
      /call finalMessage\(\) after it/,
    );
  });

  it("toReadableStream() of a stream already read (iterated, or forwarded once) throws a TypeError, sending nothing made up", async () => {
    const iterated = await client().chat.completions.create(params);
    await collect(iterated);
    expect(() => iterated.toReadableStream()).toThrow(/already consumed/);

    const forwarded = await client().chat.completions.create(params);
    const first = forwarded.toReadableStream();
    expect(() => forwarded.toReadableStream()).toThrow(/already consumed/);
    expect(await new Response(first).text()).toMatch(/data: \[DONE\]\n\n$/);
  });

  it("toReadableStream() re-emits each chunk as `data: <json>` and ends with `data: [DONE]`", async () => {
    // The same request twice, with the same request id and clock, each to a fresh gateway: the
    // gateway streams the same chunks (a repeat to the same one would paint a new image).
    const options = { headers: { "x-request-id": "req-stream-replay-0001" } };
    const direct = await collect(await client().chat.completions.create(params, options));
    expect(gateway.calls.map((call) => call.requestId)).toEqual(["req-stream-replay-0001"]);
    gateway.reset();
    const replayed = (await client().chat.completions.create(params, options)).toReadableStream();

    const text = await new Response(replayed).text();

    expect(gateway.calls.map((call) => call.requestId)).toEqual(["req-stream-replay-0001"]);
    expect(text.endsWith("\n\ndata: [DONE]\n\n")).toBe(true);
    const events = text.split("\n\n").filter((event) => event !== "");
    expect(events).toHaveLength(direct.length + 1);
    expect(events.every((event) => event.startsWith("data: ") && !event.includes("\n"))).toBe(true);
    const parsed = events.slice(0, -1).map((event) => JSON.parse(event.slice("data: ".length)));
    expect(parsed).toEqual(direct);
    // And it is valid SSE for Pictor's own reader.
    const reread: string[] = [];
    for await (const event of sseEvents(new Response(text).body ?? new ReadableStream()))
      reread.push(event.data);
    expect(reread.at(-1)).toBe("[DONE]");
    expect(reread).toHaveLength(direct.length + 1);
  });

  it.each([
    [
      "an `event: error` from the gateway",
      { type: "stream_error", message: "Upstream provider went away" },
      ["streaming_error", "gateway_error", "Upstream provider went away"],
    ],
    [
      "a stream cut before [DONE]",
      { type: "truncated_stream" },
      [null, "stream_error", "Connection error while reading"],
    ],
  ] as const)(
    "toReadableStream() forwards %s as an `event: error` frame that a reader turns back into the error",
    async (_, fault, [code, type, message]) => {
      gateway.faults.enqueue(fault);
      const forwarded = await new Response(
        (await client().chat.completions.create(params)).toReadableStream(),
      ).text();

      expect(forwarded).toMatch(/\n\nevent: error\ndata: \{.*\}\n\ndata: \[DONE\]\n\n$/);
      // A browser reading the forwarded stream with Pictor gets the error, status and code.
      const browser = new Pictor({
        baseURL: "https://app.example.test/api/pictor",
        fetch: async () =>
          new Response(forwarded, { headers: { "content-type": "text/event-stream" } }),
        maxRetries: 0,
      });
      const error = await caught(async () =>
        collect(await browser.chat.completions.create(params)),
      );
      expect(APIError.isInstance(error) && [error.status, error.code, error.type]).toEqual([
        502,
        code,
        type,
      ]);
      expect(error instanceof Error && error.message).toContain(message);
    },
  );

  it("toReadableStream() forwards an `event: canceled` keeping its status and code", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk({ role: "assistant", content: "Hi" }, null),
            'event: canceled\ndata: {"message":"Request canceled by client"}\n\n',
          ],
          "req-canceled-2",
        ),
      ),
    );
    const forwarded = await new Response(
      (await client().chat.completions.create(params)).toReadableStream(),
    ).text();

    const frame = forwarded.split("\n\n").find((event) => event.startsWith("event: error"));
    expect(JSON.parse(frame?.slice("event: error\ndata: ".length) ?? "null")).toEqual({
      error: {
        message: expect.stringContaining("Request canceled by client"),
        type: "invalid_request_error",
        param: null,
        code: "request_cancelled",
        details: { statusCode: 499 },
      },
    });
  });

  it("cancelling the readable stream aborts the request", async () => {
    const requests: Request[] = [];
    server.events.on("request:start", ({ request }) => {
      requests.push(request);
    });
    const readable = (await client().chat.completions.create(params)).toReadableStream();
    const reader = readable.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: \{"id":"chatcmpl-/);

    await reader.cancel();

    expect(requests[0]?.signal.aborted).toBe(true);
  });

  it("downloads a provider's https image URL through the client's fetch in finalMessage()", async () => {
    const png = await pngOf(48, 32, "provider image");
    const imageURL = "https://cdn.provider.test/generated/lighthouse-1.png";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk({ role: "assistant", content: "" }, null),
            providerChunk({ images: [{ type: "image_url", image_url: { url: imageURL } }] }, null),
            providerChunk({}, "stop"),
            "data: [DONE]\n\n",
          ],
          "req-provider-1",
        ),
      ),
      http.get(imageURL, () =>
        HttpResponse.arrayBuffer(png.buffer, { headers: { "content-type": "image/png" } }),
      ),
    );
    const recorder = recordingFetch();

    const stream = await client({ fetch: recorder.fetch }).chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "A lighthouse" }],
      stream: true,
    });
    const message = await settleWithin(stream.finalMessage(), 2000, "finalMessage()");

    expect(recorder.urls).toEqual([`${baseURL}/chat/completions`, imageURL]);
    expect(stream.requestId).toBe("req-provider-1");
    expect(message.images).toHaveLength(1);
    expect([message.images[0]?.width, message.images[0]?.height]).toEqual([48, 32]);
    expect(await message.images[0]?.bytes()).toEqual(png);
  });

  it.each([
    [
      "a download slower than the call's timeout fails with an APITimeoutError",
      () => delay(5_000).then(() => HttpResponse.arrayBuffer(new ArrayBuffer(8))),
      (error: unknown) => APITimeoutError.isInstance(error),
    ],
    [
      "a download larger than any image is refused, even without a Content-Length",
      () => {
        const chunk = new Uint8Array(1024 * 1024);
        let sent = 0;
        // 80 MiB, streamed with no length: the count while reading stops it.
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ < 80) controller.enqueue(chunk);
            else controller.close();
          },
        });
        return new HttpResponse(body, { headers: { "content-type": "image/png" } });
      },
      (error: unknown) =>
        ResponseValidationError.isInstance(error) &&
        error.message.includes("larger than the 64 MiB an image can be"),
    ],
    [
      "a download that stalls ends at the timeout even through a fetch that loses the signal",
      async () => {
        // The first bytes, then nothing: a provider CDN that stalls.
        const head = (await pngOf(48, 32, "stalled")).slice(0, 20);
        const body = new ReadableStream({ start: (controller) => controller.enqueue(head) });
        return new HttpResponse(body, { headers: { "content-type": "image/png" } });
      },
      (error: unknown) => APITimeoutError.isInstance(error),
      // A wrapper that drops the signal (on Node 20 a re-wrapping one can lose it to GC).
      ((input, init) => globalThis.fetch(input, { ...init, signal: null })) satisfies typeof fetch,
    ],
  ] as const)("%s", async (_, answer, is, fetch?: typeof globalThis.fetch) => {
    const imageURL = "https://cdn.provider.test/generated/slow-or-huge.png";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk({ images: [{ type: "image_url", image_url: { url: imageURL } }] }, null),
            providerChunk({}, "stop"),
            "data: [DONE]\n\n",
          ],
          "req-provider-2",
        ),
      ),
      http.get(imageURL, answer),
    );
    // The client's timeout: downloads are bounded by it as any attempt is.
    const stream = await client({ timeout: 200, fetch }).chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "A fox" }],
      stream: true,
    });

    const error = await settleWithin(
      caught(() => stream.finalMessage()),
      2000,
      "finalMessage()",
    );

    // The image was paid for: the failure comes with its URL (see IncompleteMessageError).
    expect(IncompleteMessageError.isInstance(error)).toBe(true);
    if (!IncompleteMessageError.isInstance(error)) return;
    expect(is(error.errors[0])).toBe(true);
    expect(error.failedURLs).toEqual([imageURL]);
  });

  it("a failed download in finalMessage() keeps what was paid for: every image URL, the images that arrived, the usage and the request id", async () => {
    const png = await pngOf(48, 32, "provider image");
    const arrived = "https://cdn.provider.test/generated/boat-1.png";
    const gone = "https://cdn.provider.test/generated/boat-2.png";
    const usage = { prompt_tokens: 4, completion_tokens: 2000, total_tokens: 2004, cost: 0.08 };
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk({ content: "Two boats" }, null),
            providerChunk(
              {
                images: [
                  { type: "image_url", image_url: { url: arrived } },
                  { type: "image_url", image_url: { url: gone } },
                ],
              },
              null,
            ),
            `data: ${JSON.stringify({ id: "chatcmpl-provider", object: "chat.completion.chunk", created: 1_760_000_000, model: "zai/cogview-4", choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage })}\n\n`,
            "data: [DONE]\n\n",
          ],
          "req-provider-paid",
        ),
      ),
      http.get(arrived, () =>
        HttpResponse.arrayBuffer(png.buffer, { headers: { "content-type": "image/png" } }),
      ),
      http.get(gone, () => new HttpResponse("Gone", { status: 410 })),
    );
    const stream = await client().chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "Two boats" }],
      stream: true,
    });

    const error = await settleWithin(
      caught(() => stream.finalMessage()),
      2000,
      "finalMessage()",
    );

    expect(IncompleteMessageError.isInstance(error)).toBe(true);
    expect(PictorError.isInstance(error)).toBe(true);
    if (!IncompleteMessageError.isInstance(error)) return;
    expect(error.imageURLs).toEqual([arrived, gone]);
    expect(error.failedURLs).toEqual([gone]);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toBeInstanceOf(APIConnectionError);
    expect(error.cause).toBe(error.errors[0]);
    expect(error.requestId).toBe("req-provider-paid");
    expect(error.message).toContain("HTTP 410");
    expect(error.message).toContain("req-provider-paid");
    expect(error.partialMessage.content).toBe("Two boats");
    expect(error.partialMessage.usage).toMatchObject(usage);
    expect(error.partialMessage.images).toHaveLength(1);
    expect(await error.partialMessage.images[0]?.bytes()).toEqual(png);
  });

  it("the caller's abort still ends finalMessage() while it downloads, after the stream itself ended", async () => {
    const imageURL = "https://cdn.provider.test/generated/never.png";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk(
              { images: [{ type: "image_url", image_url: { url: imageURL } }] },
              "stop",
            ),
            "data: [DONE]\n\n",
          ],
          "req-provider-3",
        ),
      ),
      http.get(imageURL, () => delay("infinite")),
    );
    const caller = new AbortController();
    const stream = await client({ timeout: 60_000 }).chat.completions.create(
      { model: "zai/cogview-4", messages: [{ role: "user", content: "A fox" }], stream: true },
      { signal: caller.signal },
    );
    setTimeout(() => caller.abort(), 100);

    const error = await settleWithin(
      caught(() => stream.finalMessage()),
      2000,
      "finalMessage()",
    );

    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it("an `event: canceled` from the gateway is an APIError 499 (request_cancelled)", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk({ role: "assistant", content: "Hi" }, null),
            'event: canceled\ndata: {"message":"Request canceled by client"}\n\n',
          ],
          "req-canceled-1",
        ),
      ),
    );
    const stream = await client().chat.completions.create(params);

    const error = await caught(() => collect(stream));

    expect(APIError.isInstance(error) && [error.status, error.code]).toEqual([
      499,
      "request_cancelled",
    ]);
    expect(error instanceof Error && error.message).toContain("Request canceled by client");
  });

  it("reads a plain completion sent in answer to stream: true as one chunk, image and usage included", async () => {
    const png = await pngOf(24, 16, "not streamed");
    const completion = {
      id: "chatcmpl-whole",
      object: "chat.completion",
      created: 1_760_000_000,
      model: "alibaba/qwen-image-3.0",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Here it is",
            images: [
              {
                type: "image_url",
                image_url: { url: `data:image/png;base64,${encodeBase64(png)}` },
              },
            ],
          },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 1290, total_tokens: 1300 },
    };
    server.use(http.post(`${baseURL}/chat/completions`, () => HttpResponse.json(completion)));

    const stream = await client().chat.completions.create(params);
    const message = await stream.finalMessage();

    expect(message.content).toBe("Here it is");
    expect(message.finishReason).toBe("stop");
    expect(message.usage?.total_tokens).toBe(1300);
    expect(await message.images[0]?.bytes()).toEqual(png);
  });

  it("an error object sent as JSON with a 200 in answer to stream: true is the gateway's error", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json(
          {
            error: {
              message: "Upstream failed",
              type: "gateway_error",
              param: null,
              code: "upstream_error",
              details: { statusCode: 502 },
            },
          },
          { headers: { "content-type": "Application/JSON; charset=utf-8" } },
        ),
      ),
    );
    const stream = await client().chat.completions.create(params);

    const error = await caught(() => collect(stream));

    expect(APIError.isInstance(error) && [error.status, error.code]).toEqual([
      502,
      "upstream_error",
    ]);
  });

  it("a 200 HTML page (a route that is not mounted) is a ResponseValidationError naming it, not a cut connection", async () => {
    const page = "<!doctype html><html><body>My app</body></html>";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.html(page, { headers: { "x-request-id": "req_html" } }),
      ),
    );
    const stream = await client().chat.completions.create(params);

    const error = await caught(() => collect(stream));

    if (!ResponseValidationError.isInstance(error)) throw error;
    expect(error.message).toContain("answered 200 with text/html, not an event stream");
    expect(error.message).toContain("baseURL");
    expect(error.body).toBe(page);
    expect(error.requestId).toBe("req_html");
  });

  it("a 200 of plain text with no events (a proxy's error page) is a ResponseValidationError, not a cut connection", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () => new HttpResponse("upstream connect error")),
    );
    const stream = await client().chat.completions.create(params);

    const error = await caught(() => collect(stream));

    if (!ResponseValidationError.isInstance(error)) throw error;
    expect(error.message).toContain("answered 200 with text/plain, not an event stream");
    expect(error.body).toBe("upstream connect error");
  });

  it("a relabelled event stream cut after its keep-alives is still a cut connection", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () => new HttpResponse(": keep-alive\n\n")),
    );
    const stream = await client().chat.completions.create(params);

    const error = await caught(() => collect(stream));

    expect(error).toBeInstanceOf(APIConnectionError);
  });

  it("an event stream labelled text/plain (a string body, a proxy that relabels) still streams", async () => {
    const events = [
      providerChunk({ role: "assistant", content: "Hello" }, null),
      providerChunk({}, "stop"),
      "data: [DONE]\n\n",
    ].join("");
    server.use(http.post(`${baseURL}/chat/completions`, () => new HttpResponse(events)));
    const stream = await client().chat.completions.create(params);
    expect(stream.response.headers.get("content-type")).toContain("text/plain");

    const chunks = await collect(stream);

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Hello");
  });

  it("ends at [DONE] when the whole stream is one string body (as msw handlers usually write it)", async () => {
    const text = [
      providerChunk({ role: "assistant", content: "Hi" }, null),
      providerChunk({}, "stop"),
      "data: [DONE]\n\n",
    ].join("");
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () => new HttpResponse(text, { headers: { "content-type": "text/event-stream" } }),
      ),
    );
    const stream = await client().chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "Say hi" }],
      stream: true,
    });

    const chunks = await settleWithin(collect(stream), 2000, "iterating a one-string stream");

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null)).toEqual(["Hi", null]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([null, "stop"]);
  });

  it("batches() hands out the chunks of each network read together, and stops at [DONE]", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            providerChunk({ role: "assistant", content: "A" }, null) +
              providerChunk({ content: "B" }, null),
            providerChunk({ content: "C" }, null) + providerChunk({}, "stop"),
            "data: [DONE]\n\ndata: not read\n\n",
          ],
          "req-batches-0001",
        ),
      ),
    );
    const stream = await client().chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "Say ABC" }],
      stream: true,
    });

    const batches: (string | null)[][] = [];
    for await (const chunks of stream.batches())
      batches.push(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null));

    expect(batches).toEqual([
      ["A", "B"],
      ["C", null],
    ]);
    await expect(caught(() => collect(stream))).resolves.toBeInstanceOf(TypeError);
  });

  it("batches() hands out the chunks before an `event: error` of the same read, then throws it", async () => {
    const failure = `event: error\ndata: ${JSON.stringify({ error: { message: "Upstream went away", type: "gateway_error", param: null, code: "streaming_error" } })}\n\n`;
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [providerChunk({ role: "assistant", content: "A" }, null) + failure],
          "req-batches-0002",
        ),
      ),
    );
    const stream = await client().chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "Say A" }],
      stream: true,
    });
    const batches: (string | null)[][] = [];

    const error = await caught(async () => {
      for await (const chunks of stream.batches())
        batches.push(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null));
    });

    expect(batches).toEqual([["A"]]);
    expect(APIError.isInstance(error) && [error.status, error.message]).toEqual([
      502,
      expect.stringContaining("Upstream went away"),
    ]);
  });
});

describe("what OpenAI-compatible servers send besides chunks", () => {
  /** Answers the stream with `pieces`, each written as sent. */
  const streaming = (pieces: readonly string[]) =>
    server.use(http.post(`${baseURL}/chat/completions`, () => sseReply(pieces, "req-sse")));
  const hi = providerChunk({ role: "assistant", content: "Hi" }, null);

  it("an error sent as a plain `data: {error}` line (OpenAI, LiteLLM, vLLM) is an APIError with its message and code", async () => {
    streaming([
      hi,
      'data: {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}\n\n',
    ]);
    const error = await caught(async () => collect(await client().chat.completions.create(params)));
    expect(APIError.isInstance(error) && [error.status, error.code, error.requestId]).toEqual([
      502,
      "rate_limit_exceeded",
      "req-sse",
    ]);
    expect(error instanceof Error && error.message).toContain("Rate limit reached");
  });

  it("an OpenRouter error chunk (error beside finish_reason: error) fails the stream with its message and numeric status", async () => {
    const chunk = {
      id: "gen-1",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      error: { code: 429, message: "Provider disconnected unexpectedly" },
      choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }],
    };
    streaming([hi, `data: ${JSON.stringify(chunk)}\n\n`, "data: [DONE]\n\n"]);
    const error = await caught(async () =>
      (await client().chat.completions.create(params)).finalMessage(),
    );
    expect(APIError.isInstance(error) && error.status).toBe(429);
    expect(error instanceof Error && error.message).toContain("Provider disconnected unexpectedly");
  });

  it('an error given as a string (`data: {error: "…"}`, as Hugging Face TGI sends it) is an APIError with those words, not a chunk off the spec', async () => {
    const words = "Input validation error: `inputs` must have less than 4096 tokens";
    for (const frame of [
      `data: ${JSON.stringify({ error: words, error_type: "validation" })}\n\n`,
      `event: error\ndata: ${JSON.stringify({ error: words })}\n\n`,
    ]) {
      streaming([hi, frame]);
      const error = await caught(async () =>
        collect(await client().chat.completions.create(params)),
      );
      expect(InternalServerError.isInstance(error) && error.message, frame).toBe(
        `502 ${words} (request id req-sse)`,
      );
    }
  });

  it("an `event: error` whose data is plain text, { message } or FastAPI's { detail } is an APIError with those words, and no baseURL advice", async () => {
    for (const data of [
      "upstream exploded",
      '{"message":"upstream exploded"}',
      '{"detail":"upstream exploded"}',
      '"upstream exploded"',
    ]) {
      streaming([hi, `event: error\ndata: ${data}\n\n`]);
      const error = await caught(async () =>
        collect(await client().chat.completions.create(params)),
      );
      expect(InternalServerError.isInstance(error) && error.message, data).toBe(
        "502 upstream exploded (request id req-sse)",
      );
    }
  });

  it("finalMessage() is the first choice's turn when the chunks of several choices interleave (n: 2)", async () => {
    const of = (index: number, delta: object, finish: "stop" | "length" | null = null) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index, delta, finish_reason: finish }] })}\n\n`;
    streaming([
      of(0, { role: "assistant", content: "Cabin" }),
      of(1, { role: "assistant", content: "Lighthouse" }),
      of(0, { content: " in snow" }, "stop"),
      of(1, { content: " at dusk" }, "length"),
      "data: [DONE]\n\n",
    ]);
    const message = await (await client().chat.completions.create(params)).finalMessage();
    expect([message.content, message.finishReason]).toEqual(["Cabin in snow", "stop"]);
  });

  it("skips events of other types (`event: ping`) and keep-alives with empty data", async () => {
    streaming([
      "event: ping\ndata: {}\n\n",
      "data:\n\n",
      "data: \n\n",
      providerChunk({ role: "assistant", content: "Hi" }, "stop"),
      "data: [DONE]\n\n",
    ]);
    const chunks = await collect(await client().chat.completions.create(params));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(["Hi"]);
  });

  it("reads a chunk sent under a name of the server's own (`event: chunk`): only what is no chunk is skipped", async () => {
    streaming([
      `event: chunk\n${providerChunk({ role: "assistant", content: "Hi" }, "stop")}`,
      "data: [DONE]\n\n",
    ]);
    const chunks = await collect(await client().chat.completions.create(params));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(["Hi"]);
  });

  it("toReadableStream() forwards a plain-text `event: error` once: read back, it says its words once", async () => {
    streaming([hi, "event: error\ndata: upstream exploded\n\n"]);
    const forwarded = await new Response(
      (await client().chat.completions.create(params)).toReadableStream(),
    ).text();
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.text(forwarded, { headers: { "content-type": "text/event-stream" } }),
      ),
    );
    const again = await caught(async () => collect(await client().chat.completions.create(params)));
    expect(APIError.isInstance(again) && again.message).toBe("502 upstream exploded");
  });

  it("reads an event stream a proxy labelled application/json as the stream it is", async () => {
    const text = `${providerChunk({ role: "assistant", content: "Hi" }, "stop")}data: [DONE]\n\n`;
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.text(text, { headers: { "content-type": "application/json" } }),
      ),
    );
    const chunks = await collect(await client().chat.completions.create(params));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(["Hi"]);
  });

  it("ends at a final [DONE] the server closed without its blank line (or any line end), and still reports a line cut mid-way as a cut", async () => {
    const hiStop = providerChunk({ role: "assistant", content: "Hi" }, "stop");
    for (const done of ["data: [DONE]\n", "data: [DONE]\r\n", "data: [DONE]"]) {
      streaming([hiStop, done]);
      const chunks = await collect(await client().chat.completions.create(params));
      expect(chunks, JSON.stringify(done)).toHaveLength(1);
    }
    streaming([hiStop, 'data: {"id":"chatcmpl-provider","obj']);
    const error = await caught(async () => collect(await client().chat.completions.create(params)));
    expect(error).toBeInstanceOf(APIConnectionError);
  });

  it("ends at a [DONE] with stray spaces around it", async () => {
    for (const done of ["data: [DONE] \n\n", "data:  [DONE]\n\n"]) {
      streaming([providerChunk({ role: "assistant", content: "Hi" }, "stop"), done]);
      const chunks = await collect(await client().chat.completions.create(params));
      expect(chunks, JSON.stringify(done)).toHaveLength(1);
    }
  });

  it("toReadableStream() forwards the gateway's own message and details, so a reader at the other end does not get them twice", async () => {
    streaming([
      hi,
      'event: error\ndata: {"error":{"message":"boom","type":"gateway_error","code":"streaming_error","details":{"usedProvider":"z-ai"}}}\n\n',
    ]);
    const forwarded = await new Response(
      (await client().chat.completions.create(params)).toReadableStream(),
    ).text();
    const frame = forwarded.split("\n\n").find((event) => event.startsWith("event: error"));
    const payload = JSON.parse(frame?.slice("event: error\ndata: ".length) ?? "null");
    expect(payload.error).toMatchObject({
      message: "boom",
      code: "streaming_error",
      details: { usedProvider: "z-ai", statusCode: 502 },
    });
    // Read back by the client, as a browser behind a Pictor route would: the same message once.
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.text(forwarded, { headers: { "content-type": "text/event-stream" } }),
      ),
    );
    const again = await caught(async () => collect(await client().chat.completions.create(params)));
    expect(APIError.isInstance(again) && again.message).toBe("502 boom");
  });
});

describe("finalMessage() after or beside another reader (openai-node's finalChatCompletion after a loop)", () => {
  it("after a for await that ran to the end, it is the turn that was iterated: nothing is read twice", async () => {
    const stream = await client().chat.completions.create(params);
    let streamed = "";
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";

    const message = await stream.finalMessage();

    expect(message.content).toBe(streamed);
    expect(message.content).toBe("Here is your image: A lighthouse");
    expect(message.images).toHaveLength(1);
    expect(message.finishReason).toBe("stop");
    expect(message.usage).toMatchObject(expectedUsage);
    expect(gateway.calls).toHaveLength(1);
    // Asked again, the same turn (not a second download of its images).
    expect(await stream.finalMessage()).toBe(message);
  });

  it("after batches() read to the end, too", async () => {
    const stream = await client().chat.completions.create(params);
    for await (const _ of stream.batches()) {
      // read every batch
    }
    expect((await stream.finalMessage()).content).toBe("Here is your image: A lighthouse");
  });

  it("called before a loop ends (not awaited in it), it resolves once the loop reaches the end", async () => {
    const stream = await client().chat.completions.create(params);
    let final: Promise<ChatFinalMessage> | undefined;
    const seen: string[] = [];
    for await (const chunk of stream) {
      final ??= stream.finalMessage();
      seen.push(chunk.choices[0]?.delta.content ?? "");
    }
    expect((await final)?.content).toBe(seen.join(""));
  });

  it("awaited inside the loop, it reads the rest ahead of the loop, which then gets every remaining chunk in order", async () => {
    const expected = await collect(await client().chat.completions.create(params));
    const stream = await client().chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    let message: ChatFinalMessage | undefined;
    for await (const chunk of stream) {
      seen.push(chunk);
      message ??= await settleWithin(stream.finalMessage(), 2000, "finalMessage() in the loop");
    }
    const deltas = (chunks: ChatCompletionChunk[]) =>
      // The mock draws each request's image anew: the text and where the image comes count.
      chunks.map(({ choices: [choice] }) => [choice?.delta.content, choice?.delta.images?.length]);
    expect(deltas(seen)).toEqual(deltas(expected));
    expect(message?.content).toBe("Here is your image: A lighthouse");
    expect(message?.images).toHaveLength(1);
    expect(message?.usage).toMatchObject(expectedUsage);
    // A loop left after the turn arrived does not take it back.
    const again = await client().chat.completions.create(params);
    for await (const _ of again) {
      await again.finalMessage();
      break;
    }
    expect((await again.finalMessage()).content).toBe("Here is your image: A lighthouse");
  });

  it("awaited inside the loop of a stream that fails later, it rejects with the stream's error, and so does the loop", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider went away" });
    const stream = await client().chat.completions.create(params);
    let final: unknown;
    const thrown = await caught(async () => {
      for await (const _ of stream)
        final ??= await settleWithin(
          caught(() => stream.finalMessage()),
          2000,
          "finalMessage()",
        );
    });
    expect(thrown).toBeInstanceOf(APIError);
    expect(final).toBe(thrown);
  });

  it("beside a loop left after it read the rest ahead, it still downloads the turn's provider images", async () => {
    const { png, downloading, release } = heldProviderImage();
    const stream = await client().chat.completions.create(providerParams);
    let final: Promise<ChatFinalMessage> | undefined;
    for await (const _ of stream) {
      final = stream.finalMessage();
      // The whole body was read ahead: the turn is whole, its image being downloaded.
      await settleWithin(downloading, 2000, "the image download");
      break;
    }
    release();
    const message = await settleWithin(
      final ?? Promise.reject(new Error("the stream sent no chunk")),
      2000,
      "finalMessage()",
    );
    expect(message.images).toHaveLength(1);
    expect(await message.images[0]?.bytes()).toEqual(await png);
  });

  it("beside toReadableStream() cancelled after it read the rest ahead (the browser left), it still downloads the turn's provider images", async () => {
    const { png, downloading, release } = heldProviderImage();
    const stream = await client().chat.completions.create(providerParams);
    const reader = stream.toReadableStream().getReader();
    await reader.read();
    const final = stream.finalMessage();
    await settleWithin(downloading, 2000, "the image download");
    await reader.cancel();
    release();
    const message = await settleWithin(final, 2000, "finalMessage()");
    expect(message.images).toHaveLength(1);
    expect(await message.images[0]?.bytes()).toEqual(await png);
  });

  it("beside toReadableStream() (a route that forwards and logs the usage), it resolves once the forwarded stream ends", async () => {
    const stream = await client().chat.completions.create(params);
    const forwarded = new Response(stream.toReadableStream()).text();
    const message = await stream.finalMessage();
    expect(message.usage).toMatchObject(expectedUsage);
    expect(message.images).toHaveLength(1);
    expect(await forwarded).toMatch(/data: \[DONE\]\n\n$/);
  });

  it("after a loop left early (break) it rejects with APIUserAbortError: the request was aborted, there is no whole turn", async () => {
    const stream = await client().chat.completions.create(params);
    for await (const _ of stream) break;
    const error = await caught(() => stream.finalMessage());
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it("read ahead beside a loop, abort() (a Stop button) still ends the loop with APIUserAbortError, not with the chunks held for it", async () => {
    const stream = await client().chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    const thrown = await caught(async () => {
      for await (const chunk of stream) {
        seen.push(chunk);
        if (seen.length === 1) {
          await stream.finalMessage();
          stream.abort();
        }
      }
    });
    expect(thrown).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(1);
  });

  it("read ahead beside a loop, the request's signal (the page left) still ends the loop with APIUserAbortError", async () => {
    const controller = new AbortController();
    const stream = await client().chat.completions.create(params, { signal: controller.signal });
    const seen: ChatCompletionChunk[] = [];
    const thrown = await caught(async () => {
      for await (const chunk of stream) {
        seen.push(chunk);
        if (seen.length === 1) {
          await stream.finalMessage();
          controller.abort();
        }
      }
    });
    expect(thrown).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(1);
  });

  it("after abort() while a loop holds a chunk, it rejects with APIUserAbortError instead of waiting for the loop", async () => {
    const stream = await client().chat.completions.create(params);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const final = stream.finalMessage();
    stream.abort();
    const error = await settleWithin(
      caught(() => final),
      2000,
      "finalMessage()",
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it("after a loop that ended in the stream's error, it rejects with that error", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider went away" });
    const stream = await client().chat.completions.create(params);
    const thrown = await caught(() => collect(stream));
    expect(thrown).toBeInstanceOf(APIError);
    expect(await caught(() => stream.finalMessage())).toBe(thrown);
  });
});

describe("tee(): two streams of one request", () => {
  it("the stream's abort() mid-batch ends both branches with APIUserAbortError, not with the chunks that read brought", async () => {
    useOneReadTurn();
    const stream = await client().chat.completions.create(providerParams);
    const [forwarded, logged] = stream.tee();
    const seen: ChatCompletionChunk[] = [];
    const thrown = await caught(async () => {
      for await (const chunk of forwarded) {
        seen.push(chunk);
        if (seen.length === 1) stream.abort();
      }
    });
    expect(thrown).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(1);
    // The other branch, read after the abort, holds the same chunks: it is ended too.
    expect(await caught(() => logged.finalMessage())).toBeInstanceOf(APIUserAbortError);
  });

  /** The requests msw sees, to tell whether one was aborted. */
  function recordRequests(): Request[] {
    const requests: Request[] = [];
    server.events.on("request:start", ({ request }) => {
      requests.push(request);
    });
    return requests;
  }

  it("gives two streams of the same typed chunks, each read on its own, from one request", async () => {
    const [shown, kept] = (await client().chat.completions.create(params)).tee();

    const [chunks, message] = await Promise.all([collect(shown), kept.finalMessage()]);

    expect(chunks).toHaveLength(5);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(
      message.content,
    );
    expect(message.images).toHaveLength(1);
    expect(message.usage).toMatchObject(expectedUsage);
    expect(gateway.calls).toHaveLength(1);
    expect(shown.requestId).toBe(gateway.calls[0]?.requestId);
  });

  it("a branch left early (break) or aborted ends only itself: the other reads to the end, and the request is not aborted", async () => {
    const requests = recordRequests();
    const [left, reader] = (await client().chat.completions.create(params)).tee();
    for await (const _ of left) break;
    expect(await caught(() => left.finalMessage())).toBeInstanceOf(APIUserAbortError);

    expect(await collect(reader)).toHaveLength(5);
    expect(requests[0]?.signal.aborted).toBe(false);

    const [aborted, other] = (await client().chat.completions.create(params)).tee();
    aborted.abort();
    expect(await caught(() => collect(aborted))).toBeInstanceOf(APIUserAbortError);
    expect((await other.finalMessage()).content).toBe("Here is your image: A lighthouse");
    expect(requests[1]?.signal.aborted).toBe(false);
  });

  it("the request is aborted once both branches ended early (even one never read), and by the stream's own abort()", async () => {
    const requests = recordRequests();
    const [first, second] = (await client().chat.completions.create(params)).tee();
    for await (const _ of first) break;
    second.abort();
    expect(requests[0]?.signal.aborted).toBe(true);

    const stream = await client().chat.completions.create(params);
    const [one, two] = stream.tee();
    const iterator = one[Symbol.asyncIterator]();
    await iterator.next();
    stream.abort();
    expect(requests[1]?.signal.aborted).toBe(true);
    expect(await caught(() => iterator.next())).toBeInstanceOf(APIUserAbortError);
    expect(await caught(() => collect(two))).toBeInstanceOf(APIUserAbortError);
  });

  it("both branches left after this stream's finalMessage() read the rest ahead: its image downloads go on", async () => {
    const { png, downloading, release } = heldProviderImage();
    const stream = await client().chat.completions.create(providerParams);
    const [one, two] = stream.tee();
    const final = stream.finalMessage();
    await settleWithin(downloading, 2000, "the image download");
    for await (const _ of one) break;
    for await (const _ of two) break;
    release();
    const message = await settleWithin(final, 2000, "finalMessage()");
    expect(await message.images[0]?.bytes()).toEqual(await png);
  });

  it("the stream's error reaches both branches as the same typed error", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider went away" });
    const [one, two] = (await client().chat.completions.create(params)).tee();
    const [first, second] = await Promise.all([
      caught(() => collect(one)),
      caught(() => two.finalMessage()),
    ]);
    expect(first).toBeInstanceOf(InternalServerError);
    expect(second).toBe(first);
  });

  it("a stream already read cannot be split (TypeError), nor can a branch be read twice", async () => {
    const stream = await client().chat.completions.create(params);
    const [one] = stream.tee();
    expect(() => stream.tee()).toThrow(/already consumed/);
    await collect(one);
    expect(await caught(() => collect(one))).toBeInstanceOf(TypeError);
  });
});

describe("ChatCompletionStream.fromReadableStream(): a stream your route forwarded, read in the page", () => {
  const route = "https://app.example.test/api/story";
  /** Your own route (not @pictor/server): it takes a prompt and forwards the chat stream. */
  function useRoute(): void {
    server.use(
      http.post(route, async ({ request }) => {
        const { prompt } = (await request.json()) as { prompt: string };
        const stream = await client().chat.completions.create(
          { ...params, messages: [{ role: "user", content: prompt }] },
          { signal: request.signal },
        );
        return new HttpResponse(stream.toReadableStream(), {
          headers: {
            "content-type": "text/event-stream",
            ...(stream.requestId ? { "x-request-id": stream.requestId } : {}),
          },
        });
      }),
    );
  }
  const post = (prompt: string) =>
    fetch(route, { method: "POST", body: JSON.stringify({ prompt }) });

  it("reads the route's Response back into the same typed chunks, request id and finalMessage()", async () => {
    useRoute();
    const direct = await collect(await client().chat.completions.create(params));

    const stream = ChatCompletionStream.fromReadableStream(await post("A lighthouse"));
    const chunks = await collect(stream);

    // The same chunks (each request's image differs: the mock draws it from the request id).
    const shape = (each: ChatCompletionChunk) => [
      each.object,
      each.choices[0]?.delta.content,
      each.choices[0]?.delta.images?.length,
      each.choices[0]?.finish_reason,
      each.usage?.total_tokens,
    ];
    expect(chunks.map(shape)).toEqual(direct.map(shape));
    expect(stream.requestId).toBe(gateway.calls[1]?.requestId);
    const message = await stream.finalMessage();
    expect(message.content).toBe("Here is your image: A lighthouse");
    expect(message.images[0]).toBeInstanceOf(GeneratedImage);
    expect(message.usage).toMatchObject(expectedUsage);
  });

  it("takes the body alone too, and tee() splits it", async () => {
    useRoute();
    const body = (await post("A lighthouse")).body;
    if (!body) throw new Error("the route sent no body");
    const [one, two] = ChatCompletionStream.fromReadableStream(body).tee();
    const [chunks, message] = await Promise.all([collect(one), two.finalMessage()]);
    expect(chunks).toHaveLength(5);
    expect(message.images).toHaveLength(1);
  });

  it("a forwarded `event: error` is thrown as the same typed error the gateway's would be", async () => {
    useRoute();
    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider went away" });

    const error = await caught(async () =>
      ChatCompletionStream.fromReadableStream(await post("A lighthouse")).finalMessage(),
    );

    expect(error).toBeInstanceOf(InternalServerError);
    expect(APIError.isInstance(error) && [error.status, error.code]).toEqual([
      502,
      "streaming_error",
    ]);
    expect(error instanceof Error && error.message).toContain("Upstream provider went away");
  });

  it("a route's error answer (a JSON 429) is thrown as its typed error, and an HTML page as not a stream", async () => {
    server.use(
      http.post(route, () =>
        HttpResponse.json(
          {
            error: {
              message: "Slow down",
              type: "rate_limit_error",
              param: null,
              code: "rate_limited",
            },
          },
          { status: 429, headers: { "retry-after": "3" } },
        ),
      ),
    );
    const error = await caught(async () =>
      collect(ChatCompletionStream.fromReadableStream(await post("x"))),
    );
    expect(
      RateLimitError.isInstance(error) && [error.status, error.code, error.retryAfterMs],
    ).toEqual([429, "rate_limited", 3000]);

    server.use(http.post(route, () => HttpResponse.html("<!doctype html><p>Not here</p>")));
    const html = await caught(async () =>
      collect(ChatCompletionStream.fromReadableStream(await post("x"))),
    );
    expect(html).toBeInstanceOf(ResponseValidationError);
  });

  it("a route that answers create()'s refusal with its status and body, as the streaming guide's does: the page throws the same typed error", async () => {
    server.use(
      http.post(route, async () => {
        try {
          const stream = await client().chat.completions.create(params, { maxRetries: 0 });
          return new HttpResponse(stream.toReadableStream());
        } catch (error) {
          if (!APIError.isInstance(error)) throw error;
          const retryAfter = error.headers.get("retry-after");
          return Response.json(error.body ?? null, {
            status: error.status,
            headers: retryAfter ? { "retry-after": retryAfter } : {},
          });
        }
      }),
    );
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 2 });
    const error = await caught(async () =>
      collect(ChatCompletionStream.fromReadableStream(await post("x"))),
    );
    expect(
      RateLimitError.isInstance(error) && [error.status, error.code, error.retryAfterMs],
    ).toEqual([429, "rate_limit_exceeded", 2000]);
  });

  it.each([
    ["TGI's and Ollama's error string", { error: "prompt is too long", error_type: "validation" }],
    ["a FastAPI route's detail", { detail: "prompt is too long" }],
    ["vLLM's top-level error", { object: "error", message: "prompt is too long", code: 400 }],
  ])(
    "a refusal an OpenAI-compatible server words its own way (%s), forwarded as the guide's route does: the page's error keeps its words, as create()'s does",
    async (_, refusal) => {
      server.use(
        http.post(`${baseURL}/chat/completions`, () => HttpResponse.json(refusal, { status: 400 })),
      );
      let inRoute: unknown;
      server.use(
        http.post(route, async () => {
          try {
            const stream = await client().chat.completions.create(params, { maxRetries: 0 });
            return new HttpResponse(stream.toReadableStream());
          } catch (error) {
            inRoute = error;
            if (!APIError.isInstance(error)) throw error;
            return Response.json(error.body ?? null, { status: error.status });
          }
        }),
      );
      const error = await caught(async () =>
        collect(ChatCompletionStream.fromReadableStream(await post("x"))),
      );
      expect(BadRequestError.isInstance(inRoute) && inRoute.message).toBe("400 prompt is too long");
      expect(BadRequestError.isInstance(error) && error.message).toBe("400 prompt is too long");
    },
  );

  it("its signal stops the reading with APIUserAbortError and cancels the body", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(providerChunk({ content: "Hi" }, null)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const caller = new AbortController();
    const stream = ChatCompletionStream.fromReadableStream(body, { signal: caller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta.content).toBe("Hi");
    const pending = caught(() => iterator.next());
    caller.abort();
    expect(await settleWithin(pending, 2000, "the read after abort")).toBeInstanceOf(
      APIUserAbortError,
    );
    expect(cancelled).toBe(true);
  });
});

describe("the stream's timeout counts only its waits for the gateway, never the consumer's time", () => {
  /**
   * Fake timers and clock, moved only by {@link slowWork}: time passes while the consumer holds
   * a chunk, never while a read waits (the mock answers at once).
   */
  function fakeClock(): void {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
  }
  /**
   * The consumer's own slow work (writing an image to a slow disk): six seconds, beyond the
   * five-second `timeout`, once what the stream had in flight arrived.
   */
  async function slowWork(): Promise<void> {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(6_000);
  }
  const words = ["A ", "light", "house ", "at ", "dusk"];
  /** A stream of five text chunks, each its own network read. */
  function useTextStream(): void {
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sseReply(
          [
            ...words.map((content) => providerChunk({ content }, null)),
            providerChunk({}, "stop"),
            "data: [DONE]\n\n",
          ],
          "req-slow-consumer",
        ),
      ),
    );
  }

  it("a loop whose body takes longer than `timeout` (a slow write of each chunk) reads the whole stream", async () => {
    fakeClock();
    useTextStream();
    const stream = await client({ timeout: 5_000 }).chat.completions.create(params);
    let text = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      await slowWork();
    }
    expect(text).toBe(words.join(""));
  });

  it("toReadableStream() read more slowly than `timeout` (a slow browser, backpressure) forwards the whole stream", async () => {
    fakeClock();
    useTextStream();
    const stream = await client({ timeout: 5_000 }).chat.completions.create(params);
    const reader = stream.toReadableStream().getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
      await slowWork();
    }
    expect(text).not.toContain("event: error");
    expect(text).toMatch(/data: \[DONE\]\n\n$/);
  });

  it("finalMessage() called later than `timeout` after the stream opened still collects it", async () => {
    fakeClock();
    useTextStream();
    const stream = await client({ timeout: 5_000 }).chat.completions.create(params);
    await slowWork();
    expect((await stream.finalMessage()).content).toBe(words.join(""));
  });
});

/** One chunk of a provider-style stream (as the gateway relays Z.AI, with image URLs). */
function providerChunk(
  delta: ChatCompletionChunk["choices"][number]["delta"],
  finish: "stop" | null,
): string {
  const chunk: ChatCompletionChunk = {
    id: "chatcmpl-provider",
    object: "chat.completion.chunk",
    created: 1_760_000_000,
    model: "zai/cogview-4",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** A provider model's stream request (its images come as https URLs to download). */
const providerParams = {
  model: "zai/cogview-4",
  messages: [{ role: "user", content: "A lighthouse" }],
  stream: true,
} satisfies ChatCompletionCreateParams;

/**
 * A stream whose one image is a provider URL, whose download waits for `release()`:
 * `downloading` resolves once it was asked for.
 */
function heldProviderImage() {
  const imageURL = "https://cdn.provider.test/generated/held.png";
  const png = pngOf(48, 32, "held provider image");
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = () => {};
  const downloading = new Promise<void>((resolve) => {
    started = resolve;
  });
  server.use(
    http.post(`${baseURL}/chat/completions`, () =>
      sseReply(
        [
          providerChunk({ role: "assistant", content: "" }, null),
          providerChunk({ images: [{ type: "image_url", image_url: { url: imageURL } }] }, null),
          providerChunk({}, "stop"),
          "data: [DONE]\n\n",
        ],
        "req-provider-held",
      ),
    ),
    http.get(imageURL, async () => {
      started();
      await released;
      const bytes = await png;
      return HttpResponse.arrayBuffer(bytes.buffer, { headers: { "content-type": "image/png" } });
    }),
  );
  return { png, downloading, release };
}

/** A stream whose whole turn comes in one network read: the reader holds every chunk of it at once. */
function useOneReadTurn(): void {
  server.use(
    http.post(`${baseURL}/chat/completions`, () =>
      sseReply(
        [
          [
            providerChunk({ role: "assistant", content: "Once" }, null),
            providerChunk({ content: " upon" }, null),
            providerChunk({ content: " a time" }, "stop"),
            "data: [DONE]\n\n",
          ].join(""),
        ],
        "req-one-read",
      ),
    ),
  );
}

/** An SSE response that sends each of `pieces` as its own network chunk, when asked for it. */
function sseReply(pieces: readonly string[], requestId: string): HttpResponse<ReadableStream> {
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else controller.enqueue(encoder.encode(piece));
    },
  });
  return new HttpResponse(body, {
    headers: { "content-type": "text/event-stream", "x-request-id": requestId },
  });
}
