import { getEventListeners } from "node:events";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import vm from "node:vm";
import { encodeBase64 } from "@pictor/contract";
import { delay, HttpResponse, http, passthrough } from "msw";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { apiKey, baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { settleWithFakeTimers, until } from "../__fixtures__/resilience-helpers";
import { defaultTimeout } from "../client-options";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  PictorError,
} from "../core/errors";
import type { RetryEvent } from "../core/retry-event";
import { Pictor } from "../pictor";

const { gateway, server, client } = useClientTestServer();

const seedream = { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" } as const;

/**
 * A real HTTP server answering with `handler` (msw's mocked bodies ignore the fetch's abort),
 * closed after the test; msw lets requests to it through. Returns its base URL.
 */
async function localServer(handler: RequestListener): Promise<string> {
  const local = createServer(handler);
  await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    local.closeAllConnections();
    local.close();
  });
  const { port } = local.address() as AddressInfo;
  server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
  return `http://127.0.0.1:${port}/v1`;
}

/**
 * The timeout of a call to a stream that stalls mid-way: its headers and first event must come
 * within it for the stall to be mid-way. 150 ms was not enough on CI's 2 loaded cores (the call
 * timed out before the stream began); a second is, and still ends the stall soon.
 */
const midStreamTimeout = 1_000;

/** A server that answers `status` with `head` of a body and never sends the rest: a stalled connection. */
function stallingServer(head: string, contentType: string, status = 200): Promise<string> {
  return localServer((_, response) => {
    response.writeHead(status, { "content-type": contentType });
    response.write(head);
  });
}

// Several calls here render a 2048×2048 PNG in the mock (seedream's default size): one call took
// over 5 s, vitest's default, on CI's 2 loaded cores.
describe("timeouts", { timeout: 30_000 }, () => {
  it("a gateway slower than `timeout` is an APITimeoutError that says to raise `timeout`", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    const started = performance.now();
    const error = await caught(() => client({ timeout: 100 }).images.generate(seedream));
    expect(performance.now() - started).toBeGreaterThanOrEqual(99);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(APIError.isInstance(error)).toBe(false);
    if (!APITimeoutError.isInstance(error)) return;
    expect(error.message).toContain("Request timed out after 100 ms");
    expect(error.message).toContain("raise the `timeout` option");
  });

  it("a timeout beyond what a timer can wait (a huge number meaning 'no timeout') does not fire at once", async () => {
    // Timers overflow past 2^31 - 1 ms and fire after 1 ms: the call then failed at once.
    gateway.faults.enqueue({ type: "latency", ms: 50 });
    const pictor = client({ timeout: 30 * 24 * 3600 * 1000 });
    const { images } = await pictor.images.generate(seedream);
    expect(images).toHaveLength(1);
    gateway.faults.enqueue({ type: "latency", ms: 50 });
    const perCall = await pictor.images.generate(seedream, { timeout: Number.MAX_SAFE_INTEGER });
    expect(perCall.images).toHaveLength(1);
  });

  it("timeout: Infinity means no timeout, on the client and per call", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 50 });
    const pictor = client({ timeout: Number.POSITIVE_INFINITY });
    const { images } = await pictor.images.generate(seedream);
    expect(images).toHaveLength(1);
    gateway.faults.enqueue({ type: "latency", ms: 50 });
    const perCall = await client({ timeout: 10 }).images.generate(seedream, {
      timeout: Number.POSITIVE_INFINITY,
    });
    expect(perCall.images).toHaveLength(1);
  });

  it("covers the body too: a response that stalls after its headers ends as APITimeoutError", async () => {
    const stalled = await stallingServer(
      '{"created":1,"data":[{"b64_json":"iVBOR',
      "application/json",
    );
    const error = await caught(() =>
      client({ baseURL: stalled, timeout: 150 }).images.generate(seedream),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it("covers a stalled body even through a fetch that loses the signal (a re-wrapping wrapper)", async () => {
    // On Node 20 a signal carried by a wrapping `Request` can be lost to garbage collection;
    // this wrapper drops it outright. Pictor's reads race the attempt's own timer.
    const losesSignal: typeof fetch = (input, init) =>
      globalThis.fetch(input, { ...init, signal: null });
    const stalled = await stallingServer(
      '{"created":1,"data":[{"b64_json":"iVBOR',
      "application/json",
    );
    const pictor = client({ baseURL: stalled, timeout: 150, fetch: losesSignal });

    const images = await caught(() => pictor.images.generate(seedream));
    expect(images).toBeInstanceOf(APITimeoutError);
    // The client's timeout, named in the message (not "0 ms").
    expect(images instanceof Error && images.message).toContain("timed out after 150 ms");
    const list = await caught(() => pictor.models.list());
    expect(list).toBeInstanceOf(APITimeoutError);
  });

  it("covers an error body too: an error status whose body stalls ends as APITimeoutError, not the status", async () => {
    // The status alone would read as a retryable 500 (and the AI SDK would send the call again).
    const stalled = await stallingServer('{"error":{"message":"boom",', "application/json", 500);
    const pictor = client({ baseURL: stalled, timeout: 150 });
    const chat = await caught(() =>
      pictor.chat.completions.create({
        model: "gemini-3.1-flash-image",
        messages: [{ role: "user", content: "A fox" }],
      }),
    );
    expect(chat).toBeInstanceOf(APITimeoutError);
    const images = await caught(() => pictor.images.generate(seedream));
    expect(images).toBeInstanceOf(APITimeoutError);
    expect(await caught(() => pictor.models.list())).toBeInstanceOf(APITimeoutError);
  });

  it("covers a stream too: an SSE stream that stalls mid-way ends as APITimeoutError", async () => {
    const stalled = await stallingServer(
      'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n',
      "text/event-stream",
    );
    const stream = await client({
      baseURL: stalled,
      timeout: midStreamTimeout,
    }).chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const error = await caught(async () => {
      for await (const _ of stream) {
        // read until the stall times out
      }
    });
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  // Jest's node environment copies the host's DOMException into its sandbox, whose Error is its
  // own: there the attempt's TimeoutError fails `instanceof Error`.
  it("a stalled body, error body or stream ends as APITimeoutError with a DOMException of another realm too", async () => {
    const ForeignDOMException = vm.runInContext(
      "(class DOMException extends Error { constructor(message, name) { super(message); Object.defineProperty(this, 'name', { value: name }); } })",
      vm.createContext({}),
    );
    vi.stubGlobal("DOMException", ForeignDOMException);
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const body = await stallingServer(
      '{"created":1,"data":[{"b64_json":"iVBOR',
      "application/json",
    );
    const errorBody = await stallingServer('{"error":{"message":"boom",', "application/json", 500);
    const stream = await stallingServer('data: {"id":"c"', "text/event-stream");

    const images = await caught(() =>
      client({ baseURL: body, timeout: 150 }).images.generate(seedream),
    );
    const error = await caught(() =>
      client({ baseURL: errorBody, timeout: 150 }).images.generate(seedream),
    );
    const chunks = await client({
      baseURL: stream,
      timeout: midStreamTimeout,
    }).chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const streamed = await caught(() => chunks.finalMessage());

    expect([images, error, streamed].map((each) => APITimeoutError.isInstance(each))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("does not cut a stream that is still sending: a stream longer than `timeout` whose events keep coming ends whole", async () => {
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    // Six events 100 ms apart: 600 ms in all, each gap well within the 300 ms timeout.
    const flowing = await localServer(async (_, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const word of ["a", "b", "c", "d", "e", "f"]) {
        response.write(chunk(word));
        await delay(100);
      }
      response.end("data: [DONE]\n\n");
    });
    const stream = await client({ baseURL: flowing, timeout: 300 }).chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    expect((await stream.finalMessage()).content).toBe("abcdef");
  });

  it("a finished call leaves no timer behind: images, JSON, errors and a stream read to the end", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const pictor = client({ timeout: 24 * 60 * 60 * 1000 });

    expect((await settleWithFakeTimers(pictor.images.generate(seedream))).status).toBe("fulfilled");
    expect((await settleWithFakeTimers(pictor.models.list())).status).toBe("fulfilled");
    const notFound = pictor.images.generate({ model: "acme/no-such-model", prompt: "x" });
    expect((await settleWithFakeTimers(notFound)).status).toBe("rejected");
    const streamed = (async () => {
      const stream = await pictor.chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      });
      for await (const _ of stream) {
        // read to the end
      }
    })();
    expect((await settleWithFakeTimers(streamed)).status).toBe("fulfilled");

    expect(vi.getTimerCount()).toBe(0);
  });

  it("an aborted, cancelled or unread stream leaves no timer behind either", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const pictor = client({ timeout: 24 * 60 * 60 * 1000 });
    const open = () =>
      pictor.chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      });

    const ways = (async () => {
      (await open()).abort(); // never read
      const forwarded = (await open()).toReadableStream().getReader();
      await forwarded.read();
      await forwarded.cancel(); // a browser that went away
      const batches = await open();
      for await (const _ of batches.batches()) break; // left early
    })();
    const outcome = await settleWithFakeTimers(ways);
    expect(outcome.status === "rejected" ? outcome.reason : undefined).toBeUndefined();

    expect(vi.getTimerCount()).toBe(0);
  });

  it("a timeout is not retried: the gateway may still be generating, a retry could pay twice", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    const retries: RetryEvent[] = [];
    const pictor = client({ timeout: 100, maxRetries: 2, onRetry: (event) => retries.push(event) });
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("a per-call timeout overrides the client's (longer: the slow call succeeds)", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 300 });
    const result = await client({ timeout: 100 }).images.generate(seedream, { timeout: 5_000 });
    expect(result.images).toHaveLength(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
  });

  it("a per-call timeout overrides the client's (shorter: the call times out)", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    const error = await caught(() =>
      client({ timeout: 60_000 }).images.generate(seedream, { timeout: 100 }),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
    if (!APITimeoutError.isInstance(error)) return;
    expect(error.message).toContain("after 100 ms");
  });

  it("a per-call timeout applies to chat completions and model lists too", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    const error = await caught(() =>
      client().chat.completions.create(
        { model: "gemini-3-pro-image-preview", messages: [{ role: "user", content: "A fox" }] },
        { timeout: 100 },
      ),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    const listError = await caught(() => client().models.list({}, { timeout: 100 }));
    expect(listError).toBeInstanceOf(APITimeoutError);
    expect(gateway.calls.map((call) => call.operation)).toEqual([
      "createChatCompletion",
      "listModels",
    ]);
  });

  it("the default timeout is minutes: a 300 ms answer succeeds with default options", async () => {
    expect(defaultTimeout).toBe(600_000);
    gateway.faults.enqueue({ type: "latency", ms: 300 });
    const started = performance.now();
    const result = await new Pictor({ apiKey, baseURL }).images.generate(seedream);
    expect(performance.now() - started).toBeGreaterThanOrEqual(299);
    expect(result.images).toHaveLength(1);
    expect(gateway.calls).toHaveLength(1);
  });
  it("the default timeout is ten minutes of the client's own: a gateway silent for 9:59 is waited for, at 10:00 the call is an APITimeoutError", async () => {
    let asked = 0;
    server.use(
      http.post(`${baseURL}/images/generations`, async () => {
        asked++;
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    let settled = false;
    const call = new Pictor({ apiKey, baseURL }).images.generate(seedream);
    const outcome = call.then(
      () => {
        settled = true;
      },
      (error: unknown) => {
        settled = true;
        return error;
      },
    );
    await until(() => asked === 1);

    await vi.advanceTimersByTimeAsync(defaultTimeout - 1_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await until(() => settled);
    const error = await outcome;

    expect(error).toBeInstanceOf(APITimeoutError);
    expect(APITimeoutError.isInstance(error) && error.message).toContain(
      `Request timed out after ${defaultTimeout} ms`,
    );
    expect(asked).toBe(1);
  });
});

describe("abort through `signal`", () => {
  it("a signal aborted before the call rejects with APIUserAbortError and sends nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await caught(() =>
      client({ maxRetries: 2 }).images.generate(seedream, { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(PictorError.isInstance(error)).toBe(true);
    expect(APIConnectionError.isInstance(error)).toBe(false);
    if (!APIUserAbortError.isInstance(error)) return;
    expect(error.message).toBe("Request was aborted by the caller");
    expect(gateway.calls).toHaveLength(0);
  });

  it("the caller's AbortSignal.timeout() is an APIUserAbortError that says the signal timed out", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    const error = await caught(() =>
      client({ maxRetries: 2 }).images.generate(seedream, { signal: AbortSignal.timeout(50) }),
    );
    // The caller's signal, not Pictor's timeout: not retried, and told apart from APITimeoutError.
    expect(error).toBeInstanceOf(APIUserAbortError);
    if (!APIUserAbortError.isInstance(error)) return;
    expect(error.message).toBe(
      "Request was aborted by the caller's signal, which timed out (AbortSignal.timeout); Pictor's `timeout` option times each attempt and retries",
    );
    expect(Object(error.cause).name).toBe("TimeoutError");
    expect(gateway.calls).toHaveLength(1);
  });

  it("an abort while a 429's body arrives announces no retry", async () => {
    const url = await stallingServer('{"error":{"message":"slow', "application/json", 429);
    const retries: RetryEvent[] = [];
    const controller = new AbortController();
    const pictor = new Pictor({ apiKey, baseURL: url, onRetry: (event) => retries.push(event) });
    const call = pictor.images.generate(seedream, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await caught(() => call)).toBeInstanceOf(APIUserAbortError);
    expect(retries).toEqual([]);
  });

  it("a signal aborted before a chat stream rejects with APIUserAbortError and sends nothing", async () => {
    const error = await caught(() =>
      client().chat.completions.create(
        {
          model: "gemini-3-pro-image-preview",
          messages: [{ role: "user", content: "A fox" }],
          stream: true,
        },
        { signal: AbortSignal.abort() },
      ),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(gateway.calls).toHaveLength(0);
  });

  it("aborting mid-request rejects promptly with APIUserAbortError, not retried", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 20_000 });
    const controller = new AbortController();
    const retries: RetryEvent[] = [];
    const pictor = client({ maxRetries: 2, onRetry: (event) => retries.push(event) });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await caught(() =>
      pictor.images.generate(seedream, { signal: controller.signal }),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(APITimeoutError.isInstance(error)).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(45);
    // The gateway would have answered after 20 s: the abort cut the wait short.
    expect(elapsed).toBeLessThan(10_000);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("aborting while an error status's body arrives rejects with APIUserAbortError, not the status", async () => {
    const stalled = await stallingServer('{"error":{"message":"boom",', "application/json", 500);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await caught(() =>
      client({ baseURL: stalled }).chat.completions.create(
        { model: "gemini-3.1-flash-image", messages: [{ role: "user", content: "A fox" }] },
        { signal: controller.signal },
      ),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it("a connection cut while an error body arrives still reports the status", async () => {
    const cut = await localServer((_, response) => {
      response.writeHead(503, { "content-type": "application/json", "x-request-id": "req_cut" });
      response.write('{"error":{"message":"bu', () => response.destroy());
    });

    const error = await caught(() => client({ baseURL: cut }).images.generate(seedream));
    expect(error).toBeInstanceOf(APIError);
    if (!APIError.isInstance(error)) return;
    expect([error.status, error.requestId]).toEqual([503, "req_cut"]);
  });

  it("a fetch that loses the signal still ends at the timeout or the abort before any headers came", async () => {
    // On Node 20 a wrapper that re-wraps the request can lose its signal; this one drops it.
    const losesSignal: typeof fetch = (input, init) =>
      globalThis.fetch(input, { ...init, signal: null });
    gateway.faults.enqueue({ type: "latency", ms: 3_000 });
    const timedOut = await caught(() =>
      client({ timeout: 150, fetch: losesSignal }).images.generate(seedream),
    );
    expect(timedOut).toBeInstanceOf(APITimeoutError);

    gateway.faults.enqueue({ type: "latency", ms: 3_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const aborted = await caught(() =>
      client({ fetch: losesSignal }).images.generate(seedream, { signal: controller.signal }),
    );
    expect(aborted).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("an https input check through a fetch that lost the signal still ends at the caller's abort", async () => {
    const losesSignal: typeof fetch = (input, init) =>
      globalThis.fetch(input, { ...init, signal: null });
    const silent = "https://silent.example.test/cat.png";
    server.use(http.get(silent, () => delay("infinite")));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();

    const error = await caught(() =>
      client({ fetch: losesSignal }).images.edit(
        { model: "openai/gpt-image-2", prompt: "Blue", images: [silent] },
        { signal: controller.signal },
      ),
    );

    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(gateway.calls).toHaveLength(0);
  });

  it("one signal shared by many calls in flight carries one listener of Pictor's, not one per call", async () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    onTestFinished(() => {
      process.off("warning", onWarning);
    });
    // Headers at once, the body 100 ms later: every call waits on its body read meanwhile.
    const body = new TextEncoder().encode(
      JSON.stringify({ created: 1, data: [{ b64_json: encodeBase64(await pngOf(8, 8)) }] }),
    );
    server.use(
      http.post(
        `${baseURL}/images/generations`,
        () =>
          new HttpResponse(
            new ReadableStream({
              start: (stream) => {
                setTimeout(() => {
                  stream.enqueue(body);
                  stream.close();
                }, 100);
              },
            }),
            {
              headers: { "content-type": "application/json", "content-length": `${body.length}` },
            },
          ),
      ),
    );
    const pictor = client();
    const calls = Array.from({ length: 20 }, () =>
      pictor.images.generate(seedream, { signal: controller.signal }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(getEventListeners(controller.signal, "abort").length).toBeLessThanOrEqual(1);

    const results = await Promise.all(calls);
    expect(results).toHaveLength(20);
    expect(warnings.filter((warning) => warning.name === "MaxListenersExceededWarning")).toEqual(
      [],
    );
  });

  it("the caller's abort wins over the timeout when both could apply", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 20_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await caught(() =>
      client({ timeout: 5_000 }).images.generate(seedream, { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
  });
});
