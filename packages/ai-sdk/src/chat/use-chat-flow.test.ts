// The README's chat flow end to end: a route that runs `streamText` with `abortSignal:
// request.signal` and answers `createUIMessageStreamResponse` of `toUIMessageStream(result.stream)`,
// read by the AI SDK's `AbstractChat` (the chat `useChat` wraps) through its default transport,
// against the mock gateway.
import { encodeBase64 } from "@pictor/contract";
import { renderPromptImage } from "@pictor/mock";
import {
  AbstractChat,
  type ChatInit,
  type ChatState,
  type ChatStatus,
  convertToModelMessages,
  createUIMessageStreamResponse,
  DefaultChatTransport,
  type FinishReason,
  streamText,
  toUIMessageStream,
  type UIMessage,
} from "ai";
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { apiKey, baseURL, usePictorTestServer } from "../__fixtures__/pictor-test-server";
import { pictorCostOf } from "../metadata/pictor-cost-of";

const { gateway, server, provider } = usePictorTestServer();

/** The state `useChat` keeps in React, kept in plain fields; `rendered` sees each new state. */
class ChatFields implements ChatState<UIMessage> {
  status: ChatStatus = "ready";
  error: Error | undefined = undefined;
  messages: UIMessage[] = [];
  constructor(readonly rendered: (messages: UIMessage[]) => void) {}
  pushMessage = (message: UIMessage) => {
    this.messages = [...this.messages, message];
    this.rendered(this.messages);
  };
  popMessage = () => {
    this.messages = this.messages.slice(0, -1);
    this.rendered(this.messages);
  };
  replaceMessage = (index: number, message: UIMessage) => {
    this.messages = this.messages.map((each, at) => (at === index ? message : each));
    this.rendered(this.messages);
  };
  snapshot = <T>(value: T): T => structuredClone(value);
}

/** What a route's `streamText` reported when it ended. */
interface RouteEnd {
  providerMetadata: unknown;
  usd: number | undefined;
}

/** The README's route (`app/api/chat/route.ts`), with what its `onEnd` saw. */
function chatRoute(
  model: string,
  options: { ends?: RouteEnd[]; onError?: (error: unknown) => string } = {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    const { messages }: { messages: UIMessage[] } = await request.json();
    const result = streamText({
      model: provider().chat(model),
      messages: await convertToModelMessages(messages),
      abortSignal: request.signal,
      onEnd: ({ finalStep }) => {
        options.ends?.push({
          providerMetadata: finalStep.providerMetadata,
          usd: pictorCostOf(finalStep)?.usd,
        });
      },
      onError: () => undefined, // the tests read the errors from the page
    });
    return createUIMessageStreamResponse({
      stream: toUIMessageStream({
        stream: result.stream,
        onError: options.onError,
        // Cost to the page, as an app would put it in the message's metadata.
        messageMetadata: ({ part }) =>
          part.type === "finish-step" ? { cost: pictorCostOf(part) } : undefined,
      }),
    });
  };
}

/** A chat as `useChat` runs it, posting to `route` as the browser would post to the app. */
function chatWith(
  route: (request: Request) => Promise<Response>,
  init: Pick<ChatInit<UIMessage>, "onFinish"> & { rendered?: (messages: UIMessage[]) => void } = {},
): AbstractChat<UIMessage> {
  class Chat extends AbstractChat<UIMessage> {}
  const { rendered = () => undefined, ...callbacks } = init;
  return new Chat({
    ...callbacks,
    state: new ChatFields(rendered),
    transport: new DefaultChatTransport({
      api: "https://app.test/api/chat",
      // The browser's stop() aborts this request; the route gets it as request.signal.
      fetch: (input, requestInit) => route(requestToRoute(String(input), requestInit)),
    }),
  });
}

/**
 * The request as the route's server hands it over, its `signal` the page's own, as a server's is
 * its connection's. A `new Request(url, init)` alone would not do on Node 20: its signal follows
 * `init.signal` through a weak reference, which a garbage collection between the page's first
 * words and its stop() cut (one run in five or ten on a loaded machine; every run with a forced
 * collection), so the stop never reached the route.
 */
function requestToRoute(url: string, init: RequestInit | undefined): Request {
  const request = new Request(url, init);
  if (init?.signal) Object.defineProperty(request, "signal", { value: init.signal });
  return request;
}

/** One SSE event of a chat completion chunk. */
function chunkEvent(
  delta: Record<string, unknown>,
  more: { finish_reason?: string; usage?: Record<string, unknown> } = {},
): string {
  const chunk = {
    id: "chatcmpl-flow",
    object: "chat.completion.chunk",
    created: 1_790_000_000,
    model: "zai/cogview-4",
    choices: [{ index: 0, delta, finish_reason: more.finish_reason ?? null }],
    ...(more.usage ? { usage: more.usage } : {}),
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

describe("useChat against the README's route", () => {
  it("stop() mid-stream closes the gateway request, keeps what arrived and shows nothing after it", async () => {
    const encoder = new TextEncoder();
    let gatewayRequest: Request | undefined;
    let textShown: () => void = () => undefined;
    const streaming = new Promise<void>((resolve) => {
      textShown = resolve;
    });
    server.use(
      http.post(`${baseURL}/chat/completions`, ({ request }) => {
        gatewayRequest = request;
        let sent = 0;
        return new HttpResponse(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              if (sent++ === 0) {
                controller.enqueue(
                  encoder.encode(chunkEvent({ role: "assistant", content: "A " })),
                );
                return;
              }
              // The model would go on: it does once the request is gone, and nobody may see it.
              await new Promise<void>((resolve) =>
                request.signal.addEventListener("abort", () => resolve(), { once: true }),
              );
              controller.enqueue(encoder.encode(chunkEvent({ content: "late text" })));
              controller.close();
            },
          }),
          { headers: { "content-type": "text/event-stream" } },
        );
      }),
    );
    const chat = chatWith(chatRoute("zai/cogview-4"), {
      rendered: (messages) => {
        if (JSON.stringify(messages.at(-1)?.parts).includes('"text":"A "')) textShown();
      },
    });
    const sending = chat.sendMessage({ text: "A fox" });
    // The page shows the first words, then the user presses Stop.
    await streaming;
    await chat.stop();
    // The abort travels page → route → client → gateway through a few turns of the event loop,
    // which a loaded machine spreads out: waited for (five seconds at most: one second failed
    // 3 runs in 14 at a load of 5–8), not assumed done.
    await vi.waitFor(() => expect(gatewayRequest?.signal.aborted).toBe(true), { timeout: 5_000 });
    await sending;
    expect(chat.status).toBe("ready");
    expect(chat.error).toBeUndefined();
    const answer = chat.messages.at(-1);
    expect(answer?.parts.flatMap((part) => (part.type === "text" ? [part.text] : []))).toEqual([
      "A ",
    ]);
    expect(JSON.stringify(chat.messages)).not.toContain("late text");
  });

  it("images reach the page in order as file parts with data URLs, a provider's https image as its bytes", async () => {
    const [first, second, remote] = await Promise.all(
      [40, 48, 64].map((width) =>
        renderPromptImage({ prompt: `fox ${width}`, model: "test", index: 0, width, height: 32 }),
      ),
    );
    const remoteURL = "https://cdn.provider.test/out/fox.png";
    const asDataURL = (bytes: Uint8Array | undefined) =>
      `data:image/png;base64,${encodeBase64(bytes ?? new Uint8Array())}`;
    const image = (url: string) => ({ type: "image_url", image_url: { url } });
    server.use(
      http.post(
        `${baseURL}/chat/completions`,
        () =>
          new HttpResponse(
            [
              chunkEvent({ role: "assistant", content: "Three foxes" }),
              chunkEvent({ images: [image(asDataURL(first)), image(asDataURL(second))] }),
              chunkEvent({ images: [image(remoteURL)] }, { finish_reason: "stop" }),
              "data: [DONE]\n\n",
            ].join(""),
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
      // A storage bucket's type: the media type comes from the bytes.
      http.get(
        remoteURL,
        () => new HttpResponse(remote, { headers: { "content-type": "application/octet-stream" } }),
      ),
    );
    const chat = chatWith(chatRoute("zai/cogview-4"));
    await chat.sendMessage({ text: "Three foxes" });
    expect(chat.error).toBeUndefined();
    const files = chat.messages.at(-1)?.parts.filter((part) => part.type === "file");
    expect(files).toEqual([
      { type: "file", mediaType: "image/png", url: asDataURL(first) },
      { type: "file", mediaType: "image/png", url: asDataURL(second) },
      { type: "file", mediaType: "image/png", url: asDataURL(remote) },
    ]);
  });

  it("cost reaches streamText's onEnd, and the page through messageMetadata", async () => {
    const ends: RouteEnd[] = [];
    const chat = chatWith(chatRoute("gemini-3.1-flash-image", { ends }));
    await chat.sendMessage({ text: "A fox" });
    const usd = ends[0]?.usd;
    expect(usd).toBeGreaterThan(0);
    expect(ends[0]?.providerMetadata).toMatchObject({
      pictor: { requestId: gateway.calls[0]?.requestId, images: 1, usage: expect.any(Object) },
    });
    expect(chat.messages.at(-1)?.metadata).toEqual({ cost: { usd, source: "gateway" } });
  });

  it("a gateway error mid-stream is hidden by default, and with the README's onError says what the gateway said, never the key", async () => {
    const readmeOnError = (error: unknown) =>
      error instanceof Error ? error.message : "The image could not be made";
    const shown: (string | undefined)[] = [];
    for (const onError of [undefined, readmeOnError]) {
      gateway.faults.enqueue({ type: "stream_error", message: `Upstream refused key ${apiKey}` });
      const chat = chatWith(chatRoute("gemini-3.1-flash-image", { onError }));
      await chat.sendMessage({ text: "A fox" });
      expect(chat.status).toBe("error");
      shown.push(chat.error?.message);
    }
    expect(shown[0]).toBe("An error occurred.");
    expect(shown[1]).toMatch(/^502 Upstream refused key \[redacted\] \(request id \w+\)$/);
  });

  it("a 429 that outlasts the retries is the page's error, with the gateway's words", async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 1 });
    const chat = chatWith(
      chatRoute("gemini-3.1-flash-image", {
        onError: (error) => (error instanceof Error ? error.message : "failed"),
      }),
    );
    await chat.sendMessage({ text: "A fox" });
    expect(chat.status).toBe("error");
    expect(chat.error?.message).toMatch(/^Failed after 3 attempts\. .*429 Rate limit exceeded/);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 429, 429]);
  });

  it("a content filter leaves nothing to show and no error: only onFinish's finishReason says it", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const reasons: (FinishReason | undefined)[] = [];
    const chat = chatWith(chatRoute("gemini-3.1-flash-image"), {
      onFinish: ({ finishReason }) => reasons.push(finishReason),
    });
    await chat.sendMessage({ text: "A fox" });
    expect(chat.status).toBe("ready");
    expect(chat.error).toBeUndefined();
    // No text, no image: at most an empty answer (here, for its metadata).
    const shown = chat.messages
      .filter((message) => message.role === "assistant")
      .flatMap((message) => message.parts)
      .filter((part) => part.type === "text" || part.type === "file");
    expect(shown).toEqual([]);
    expect(reasons).toEqual(["content-filter"]);
  });
});
