import {
  zChatCompletion,
  zChatCompletionChunk,
  zEditImagesResponse,
  zErrorResponse,
  zGenerateImagesResponse,
} from "@pictor/contract";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMockGateway, type FaultRate, type MockGatewayOptions } from "..";
import { handlers } from "../msw";
import {
  dataUrl,
  expectGatewayError,
  makePng,
  parseSse,
  readBody,
  within,
} from "./__fixtures__/wire";

// Every request goes through msw and the global fetch, as the code under test would call the
// gateway. The file's gateway is reset after each test; a test that needs other options swaps
// in its own gateway with `useGateway`.

const baseURL = "https://api.llmgateway.io/v1";
const gateway = createMockGateway();
const server = setupServer(...handlers(gateway));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  gateway.reset();
});
afterAll(() => server.close());

/** Answers the rest of the test with a new gateway built with `options`. */
function useGateway(options: MockGatewayOptions) {
  const other = createMockGateway(options);
  server.use(...handlers(other));
  return other;
}

/** The cheapest image request: one 512×512 PNG. */
const cheapImage = { model: "gemini-3.1-flash-image", prompt: "a red dot", size: "0.5K" };

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseURL}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

const generate = (init: RequestInit = {}) => post("/images/generations", cheapImage, init);
const listModels = () => fetch(`${baseURL}/models`);

function edit(): Promise<Response> {
  return post("/images/edits", {
    model: "gemini-3.1-flash-image",
    prompt: "make it blue",
    images: [{ image_url: dataUrl("image/png", makePng(16, 16)) }],
  });
}

function chat(stream: boolean): Promise<Response> {
  return post("/chat/completions", {
    model: "gemini-3.1-flash-image",
    messages: [{ role: "user", content: "a red dot" }],
    image_config: { image_size: "0.5K" },
    stream,
  });
}

/** Status of each of `count` requests made one after another. */
async function statusesOf(count: number, request: () => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await request();
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

/** The events of an SSE chat stream read to its end, with the chunks parsed by the contract. */
async function streamOf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const read = await readBody(response);
  const events = parseSse(read.text);
  const chunks = events
    .filter((event) => event.event === undefined && event.data !== "[DONE]")
    .map((event) => zChatCompletionChunk.parse(JSON.parse(event.data)));
  return { read, events, chunks };
}

describe("the scripted queue", () => {
  it("applies queued faults in order, one per request, then answers normally", async () => {
    gateway.faults.enqueue(
      { type: "spend_cap" },
      { type: "rate_limit" },
      { type: "server_error", status: 500 },
    );
    expect(gateway.faults.pending).toHaveLength(3);

    const seen: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      const response = await listModels();
      await response.arrayBuffer();
      seen.push([response.status, gateway.faults.pending.length]);
    }

    expect(seen).toEqual([
      [402, 2],
      [429, 1],
      [500, 0],
      [200, 0],
    ]);
    expect(gateway.calls.map((call) => call.fault)).toEqual([
      "spend_cap",
      "rate_limit",
      "server_error",
      undefined,
    ]);
  });

  it("keeps a fault for one operation until a request of that operation comes", async () => {
    gateway.faults.enqueue({ type: "spend_cap", operation: "createChatCompletion" });

    expect((await listModels()).status).toBe(200);
    expect((await generate()).status).toBe(200);
    expect(gateway.faults.pending).toEqual([
      { type: "spend_cap", operation: "createChatCompletion" },
    ]);

    await expectGatewayError(await chat(false), 402);
    expect(gateway.faults.pending).toHaveLength(0);
    expect(gateway.calls.map((call) => [call.operation, call.fault])).toEqual([
      ["listModels", undefined],
      ["generateImages", undefined],
      ["createChatCompletion", "spend_cap"],
    ]);
  });

  it("gives a request the first queued fault that matches it, leaving the others queued", async () => {
    gateway.faults.enqueue(
      { type: "server_error", status: 503, operation: "createChatCompletion" },
      { type: "spend_cap" },
    );

    await expectGatewayError(await listModels(), 402);
    expect(gateway.faults.pending).toEqual([
      { type: "server_error", status: 503, operation: "createChatCompletion" },
    ]);
    await expectGatewayError(await chat(false), 503);
    expect(gateway.faults.pending).toHaveLength(0);
  });

  it("leaves a queued fault to the next request the gateway would answer: those it refuses get their own error", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 503 });

    await expectGatewayError(
      await post("/images/generations", { ...cheapImage, model: "acme/no-such-model" }),
      404,
    );
    await expectGatewayError(
      await post("/images/generations", { ...cheapImage, size: "1x1" }),
      400,
    );
    await expectGatewayError(
      await post("/images/edits", {
        ...cheapImage,
        images: [{ image_url: "data:image/png;base64,AAAA" }],
      }),
      400,
    );
    expect(gateway.faults.pending).toHaveLength(1);

    await expectGatewayError(await generate(), 503);
    expect(gateway.faults.pending).toHaveLength(0);
    expect(gateway.calls.map((call) => [call.status, call.fault])).toEqual([
      [404, undefined],
      [400, undefined],
      [400, undefined],
      [503, "server_error"],
    ]);
  });

  it("keeps a queued content filter for a valid request, rather than losing it on an invalid one", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    await expectGatewayError(
      await post("/images/generations", { ...cheapImage, size: "1x1" }),
      400,
    );
    const filtered = zGenerateImagesResponse.parse(await (await generate()).json());
    expect(filtered.data).toEqual([]);
  });

  it("draws random faults only for requests the gateway would answer", async () => {
    const noisy = useGateway({ faults: { rate: 1, faults: [{ type: "spend_cap" }] } });
    const invalid = await post("/images/generations", { ...cheapImage, model: "acme/nope" });
    await expectGatewayError(invalid, 404);
    await expectGatewayError(await generate(), 402);
    expect(noisy.calls.map((call) => call.fault)).toEqual([undefined, "spend_cap"]);
  });

  it("clear() empties the queue and stops random faults", async () => {
    gateway.faults.enqueue({ type: "spend_cap" }, { type: "rate_limit" });
    gateway.faults.setRate({ rate: 1, faults: [{ type: "server_error", status: 500 }] });

    gateway.faults.clear();

    expect(gateway.faults.pending).toHaveLength(0);
    expect(await statusesOf(3, listModels)).toEqual([200, 200, 200]);
    expect(gateway.calls.every((call) => call.fault === undefined)).toBe(true);
  });
});

describe("rate_limit", () => {
  it("answers 429 in the gateway's format with Retry-After: 1 by default", async () => {
    gateway.faults.enqueue({ type: "rate_limit" });
    const response = await generate();

    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("retry-after-ms")).toBeNull();
    // The RateLimit headers agree with the refusal, not with the (untouched) request window.
    expect(response.headers.get("ratelimit-remaining")).toBe("0");
    expect(response.headers.get("ratelimit-reset")).toBe("1");
    expect(response.headers.get("ratelimit-limit")).not.toBeNull();
    expect(response.headers.get("ratelimit")).toBe('"requests";r=0;t=1');
    expect(response.headers.get("ratelimit-policy")).toBe('"requests";q=10000;w=60');
    expect(response.headers.get("x-ratelimit-limit")).toBe("10000");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    expect(Math.abs(reset - (Math.floor(Date.now() / 1000) + 1))).toBeLessThanOrEqual(1);
    const error = await expectGatewayError(response, 429);
    expect(error).toMatchObject({
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
      // The gateway's per-path limiter names the path and the wait.
      message: "Rate limit exceeded for /v1/images/generations. Please retry after 1 seconds.",
    });
    expect(gateway.calls[0]?.fault).toBe("rate_limit");
  });

  it("sends the given Retry-After seconds, and says them as the gateway does", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 7 });
    const response = await generate();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect((await response.clone().json()).error.message).toBe(
      "Rate limit exceeded for /v1/images/generations. Please retry after 7 seconds.",
    );
    expect(response.headers.get("ratelimit-reset")).toBe("7");
    expect(response.headers.get("ratelimit")).toBe('"requests";r=0;t=7');
  });

  it("sends Retry-After as an HTTP date in the future with retryAfterDate", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 30, retryAfterDate: true });
    const before = Date.now();
    const response = await generate();

    expect(response.status).toBe(429);
    const header = response.headers.get("retry-after") ?? "";
    // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const at = Date.parse(header);
    expect(at).toBeGreaterThan(Date.now());
    // HTTP dates have whole seconds, so the date may be up to 1 s before before + 30 s.
    expect(at).toBeGreaterThanOrEqual(before + 29_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it("dates Retry-After from the gateway's own clock (the now option)", async () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const other = useGateway({ now: () => now });
    other.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 30, retryAfterDate: true });
    const response = await generate();

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("Tue, 01 Jan 2030 00:00:30 GMT");
    // The same instant as the reset the other headers give, in Unix seconds.
    expect(response.headers.get("x-ratelimit-reset")).toBe(String(now / 1000 + 30));
  });

  it("dates Retry-After from the faked clock of a test with fake timers", async () => {
    // The file's gateway was made before the timers were faked: it must read the clock at each call.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.parse("2030-01-01T00:00:00Z"));
      gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 30, retryAfterDate: true });
      const response = await generate();

      expect(response.headers.get("retry-after")).toBe("Tue, 01 Jan 2030 00:00:30 GMT");
      expect(response.headers.get("x-ratelimit-reset")).toBe(
        String(Date.parse("2030-01-01T00:00:30Z") / 1000),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends retry-after-ms when given", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 1500 });
    const response = await generate();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after-ms")).toBe("1500");
    expect(response.headers.get("retry-after")).toBe("1");
  });
});

describe("spend_cap", () => {
  it("answers 402 billing_error", async () => {
    gateway.faults.enqueue({ type: "spend_cap" });
    const response = await generate();
    expect(response.headers.get("retry-after")).toBeNull();
    const error = await expectGatewayError(response, 402);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "billing_error" });
  });

  it("answers 429 with status: 429, as the gateway's daily and monthly spend caps do", async () => {
    gateway.faults.enqueue({ type: "spend_cap", status: 429 });
    const response = await generate();
    // No wait would help: no Retry-After, and the request window still has room (the cap is
    // its own gate, not the per-minute quota).
    expect(response.headers.get("retry-after")).toBeNull();
    expect(Number(response.headers.get("ratelimit-remaining"))).toBeGreaterThan(0);
    const error = await expectGatewayError(response, 429);
    // The gateway gives every 429 of its own this type and code; only the message tells a
    // spend cap from a throttle.
    expect(error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(error.message).toMatch(/spend limit/i);
    expect(gateway.calls[0]).toMatchObject({ status: 429, fault: "spend_cap" });
  });
});

describe("server_error", () => {
  it.each([
    { status: 500, type: "api_error", code: null, retryAfter: null },
    { status: 502, type: "api_error", code: null, retryAfter: null },
    { status: 503, type: "api_error", code: null, retryAfter: "1" },
    { status: 504, type: "timeout_error", code: "timeout", retryAfter: null },
    { status: 529, type: "api_error", code: "overloaded", retryAfter: "1" },
  ] as const)(
    "answers $status with type $type, code $code, Retry-After $retryAfter",
    async ({ status, type, code, retryAfter }) => {
      gateway.faults.enqueue({ type: "server_error", status });
      const response = await generate();
      expect(response.headers.get("retry-after")).toBe(retryAfter);
      const error = await expectGatewayError(response, status);
      expect(error).toMatchObject({ type, code, param: null });
      expect(error.message.length).toBeGreaterThan(0);
      expect(gateway.calls[0]?.status).toBe(status);
    },
  );
});

describe("content_filter", () => {
  it("answers a generation with 200 and data: []", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const response = await generate();
    expect(response.status).toBe(200);
    const body = zGenerateImagesResponse.parse(await response.json());
    expect(body.data).toEqual([]);
    expect(gateway.calls[0]?.fault).toBe("content_filter");
  });

  it("answers an edit with 200 and data: []", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const response = await edit();
    expect(response.status).toBe(200);
    const body = zEditImagesResponse.parse(await response.json());
    expect(body.data).toEqual([]);
  });

  it("ends a chat completion with finish_reason content_filter and no images", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const response = await chat(false);
    expect(response.status).toBe(200);
    const completion = zChatCompletion.parse(await response.json());
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("content_filter");
    expect(choice?.message.images ?? []).toEqual([]);
  });

  it("ends a chat stream with finish_reason content_filter, no images, then [DONE]", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const { read, events, chunks } = await streamOf(await chat(true));

    expect(read.complete).toBe(true);
    expect(chunks.flatMap((chunk) => chunk.choices.flatMap((c) => c.delta.images ?? []))).toEqual(
      [],
    );
    const finishes = chunks.flatMap((chunk) => chunk.choices.map((c) => c.finish_reason));
    expect(finishes.filter((reason) => reason !== null && reason !== undefined)).toEqual([
      "content_filter",
    ]);
    expect(events.at(-1)).toEqual({ event: undefined, data: "[DONE]" });
  });

  it("leaves the next request alone", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    await (await generate()).arrayBuffer();
    const body = zGenerateImagesResponse.parse(await (await generate()).json());
    expect(body.data).toHaveLength(1);
  });
});

describe("no_images", () => {
  const message =
    "The model did not generate any images. Try a different model with image generation capabilities (e.g., gemini-3.1-flash-image, gemini-3-pro-image).";

  it("answers a generation and an edit with the gateway's 500 saying the model made no image", async () => {
    gateway.faults.enqueue({ type: "no_images" }, { type: "no_images" });
    for (const response of [await generate(), await edit()]) {
      const error = await expectGatewayError(response, 500);
      expect(error).toEqual({ message, type: "api_error", param: null, code: null });
    }
    expect(gateway.calls.map((call) => [call.status, call.fault])).toEqual([
      [500, "no_images"],
      [500, "no_images"],
    ]);
  });

  it("answers a chat completion with text, no images and finish_reason stop", async () => {
    gateway.faults.enqueue({ type: "no_images" });
    const response = await chat(false);
    expect(response.status).toBe(200);
    const choice = zChatCompletion.parse(await response.json()).choices[0];
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.content).toBeTruthy();
    expect(choice?.message.images ?? []).toEqual([]);
  });

  it("streams a chat's text without an image chunk, then finish_reason stop and [DONE]", async () => {
    gateway.faults.enqueue({ type: "no_images" });
    const { read, events, chunks } = await streamOf(await chat(true));

    expect(read.complete).toBe(true);
    expect(chunks.flatMap((chunk) => chunk.choices.flatMap((c) => c.delta.images ?? []))).toEqual(
      [],
    );
    const finishes = chunks.flatMap((chunk) => chunk.choices.map((c) => c.finish_reason));
    expect(finishes.filter((reason) => reason !== null && reason !== undefined)).toEqual(["stop"]);
    expect(events.at(-1)).toEqual({ event: undefined, data: "[DONE]" });
  });
});

describe("latency", () => {
  it("delays the answer by at least the given milliseconds, then answers normally", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 150 });
    const started = performance.now();
    const response = await generate();
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    zGenerateImagesResponse.parse(await response.json());
    // A lower bound only (1 ms of slack for timer rounding); the upper bound is machine load.
    expect(elapsed).toBeGreaterThanOrEqual(149);
    expect(gateway.calls[0]?.fault).toBe("latency");
  });

  it("lets the caller abort during the delay: fetch rejects at once and the gateway stops", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 10_000 });
    const abort = new AbortController();
    const started = performance.now();
    const pending = generate({ signal: abort.signal });
    // Settles the promise's rejection handling before the abort below can reject it.
    const outcome = pending.then(
      () => "answered",
      (error: unknown) => error,
    );

    await vi.waitFor(() => expect(gateway.calls[0]?.fault).toBe("latency"), { timeout: 2000 });
    abort.abort();
    const error = await within(outcome, 2000, "aborted request");

    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(performance.now() - started).toBeLessThan(2000);
    // The gateway wakes up on the abort instead of sleeping the full 10 s.
    await vi.waitFor(() => expect(gateway.calls[0]?.status).toBe(499), { timeout: 2000 });
  });
});

describe("connection_reset", () => {
  it("makes fetch reject with a TypeError, then the gateway answers again", async () => {
    gateway.faults.enqueue({ type: "connection_reset" });

    await expect(generate()).rejects.toBeInstanceOf(TypeError);
    expect(gateway.calls[0]).toMatchObject({ fault: "connection_reset", status: undefined });
    expect((await generate()).status).toBe(200);
  });
});

describe("truncated_body", () => {
  it("sends a 200 whose body fails half-way", async () => {
    gateway.faults.enqueue({ type: "truncated_body" });
    const response = await generate();

    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
    expect(gateway.calls[0]?.fault).toBe("truncated_body");
  });

  it("delivers part of the body before the failure", async () => {
    gateway.faults.enqueue({ type: "truncated_body" });
    const read = await readBody(await generate());

    expect(read.complete).toBe(false);
    expect(read.error).toBeInstanceOf(TypeError);
    // Half of the JSON arrives before the failure (not zero bytes).
    expect(read.text.length).toBeGreaterThan(0);
    expect(read.text.startsWith('{"created":')).toBe(true);
    expect(() => JSON.parse(read.text)).toThrow(SyntaxError);
  });
});

describe("truncated_stream", () => {
  it("breaks a chat stream after some chunks, before [DONE]", async () => {
    gateway.faults.enqueue({ type: "truncated_stream" });
    const { read, events, chunks } = await streamOf(await chat(true));

    expect(read.complete).toBe(false);
    expect(read.error).toBeInstanceOf(TypeError);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(events.map((event) => event.data)).not.toContain("[DONE]");
    expect(chunks.some((chunk) => chunk.usage !== undefined)).toBe(false);
  });

  it("cuts the body of a non-streaming request half-way", async () => {
    gateway.faults.enqueue({ type: "truncated_stream" });
    const response = await chat(false);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });
});

describe("malformed_json", () => {
  it("sends a 200 JSON response that does not parse", async () => {
    gateway.faults.enqueue({ type: "malformed_json" });
    const response = await generate();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    await expect(response.json()).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe("stream_error", () => {
  it("sends event: error with an ErrorResponse (code streaming_error), then event: done with [DONE], in a 200", async () => {
    gateway.faults.enqueue({ type: "stream_error" });
    const response = await chat(true);
    expect(response.status).toBe(200);
    const { read, events, chunks } = await streamOf(response);

    expect(read.complete).toBe(true);
    const errorIndex = events.findIndex((event) => event.event === "error");
    expect(errorIndex).toBeGreaterThan(0);
    const payload = zErrorResponse.parse(JSON.parse(events[errorIndex]?.data ?? ""));
    expect(payload.error).toMatchObject({ code: "streaming_error", type: "gateway_error" });
    // As the gateway frames it (llmgateway-api.md §2.3): `event: done` then `data: [DONE]`.
    expect(events.slice(errorIndex + 1)).toEqual([{ event: "done", data: "[DONE]" }]);
    expect(chunks.flatMap((chunk) => chunk.choices.flatMap((c) => c.delta.images ?? []))).toEqual(
      [],
    );
  });

  it("says in details the status it stands for, as the gateway's normalized stream errors do", async () => {
    gateway.faults.enqueue({ type: "stream_error" });
    const { events } = await streamOf(await chat(true));
    const error = events.find((event) => event.event === "error");
    expect(zErrorResponse.parse(JSON.parse(error?.data ?? "")).error).toEqual({
      message: "Upstream stream terminated unexpectedly before completion",
      type: "gateway_error",
      param: null,
      code: "streaming_error",
      details: {
        statusCode: 502,
        statusText: "Upstream Stream Terminated",
        errorName: "TypeError",
      },
    });
  });

  it("carries the given message", async () => {
    gateway.faults.enqueue({ type: "stream_error", message: "Error from provider: boom" });
    const { events } = await streamOf(await chat(true));
    const error = events.find((event) => event.event === "error");
    expect(zErrorResponse.parse(JSON.parse(error?.data ?? "")).error.message).toBe(
      "Error from provider: boom",
    );
  });

  it("answers a non-streaming request with 502", async () => {
    gateway.faults.enqueue({ type: "stream_error" });
    const error = await expectGatewayError(await chat(false), 502);
    expect(error.type).toBe("api_error");
  });
});

describe("random faults", () => {
  const rate503 = (seed: number): FaultRate => ({
    rate: 0.5,
    seed,
    faults: [{ type: "server_error", status: 503 }],
  });

  it("gives the same sequence for the same seed, about half failing", async () => {
    const first = useGateway({ faults: rate503(7) });
    const a = await statusesOf(20, listModels);
    useGateway({ faults: rate503(7) });
    const b = await statusesOf(20, listModels);

    expect(b).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 503]));
    const failures = a.filter((status) => status === 503).length;
    expect(failures).toBeGreaterThanOrEqual(5);
    expect(failures).toBeLessThanOrEqual(15);
    // The recorded fault matches each answer.
    expect(first.calls.map((call) => call.fault)).toEqual(
      a.map((status) => (status === 503 ? "server_error" : undefined)),
    );
  });

  it("gives another sequence for another seed", async () => {
    useGateway({ faults: rate503(7) });
    const a = await statusesOf(20, listModels);
    useGateway({ faults: rate503(8) });
    const b = await statusesOf(20, listModels);
    expect(b).not.toEqual(a);
  });

  it("can be set at run time with setRate, reproducibly", async () => {
    gateway.faults.setRate(rate503(7));
    const a = await statusesOf(20, listModels);
    gateway.faults.setRate(rate503(7));
    const b = await statusesOf(20, listModels);
    expect(b).toEqual(a);
    expect(a).toContain(503);
  });

  it("never fails at rate 0", async () => {
    const quiet = useGateway({ faults: { ...rate503(7), rate: 0 } });
    expect(await statusesOf(20, listModels)).toEqual(new Array(20).fill(200));
    expect(quiet.calls.every((call) => call.fault === undefined)).toBe(true);
  });

  it("touches only the listed operations", async () => {
    useGateway({
      faults: { rate: 1, faults: [{ type: "spend_cap" }], operations: ["generateImages"] },
    });
    expect(await statusesOf(3, listModels)).toEqual([200, 200, 200]);
    expect((await chat(false)).status).toBe(200);
    await expectGatewayError(await generate(), 402);
  });

  it("keeps the rate given at creation across reset(), its sequence starting over", async () => {
    const noisy = useGateway({ faults: rate503(7) });
    const first = await statusesOf(20, listModels);
    noisy.faults.setRate(undefined);
    noisy.faults.enqueue({ type: "spend_cap" });

    noisy.reset();

    expect(noisy.faults.pending).toEqual([]);
    expect(await statusesOf(20, listModels)).toEqual(first);
    expect(first).toContain(503);
  });

  it("reset() forgets a rate set at run time on a gateway created without one", async () => {
    gateway.faults.setRate({ rate: 1, faults: [{ type: "spend_cap" }] });
    gateway.reset();
    expect(await statusesOf(3, listModels)).toEqual([200, 200, 200]);
  });

  it("lets queued faults go first", async () => {
    const noisy = useGateway({ faults: { rate: 1, faults: [{ type: "spend_cap" }] } });
    noisy.faults.enqueue({ type: "rate_limit" });
    expect(await statusesOf(2, listModels)).toEqual([429, 402]);
  });

  it.each([
    ["a rate above 1", { rate: 1.5, faults: [{ type: "spend_cap" }] }],
    ["a negative rate", { rate: -0.1, faults: [{ type: "spend_cap" }] }],
    ["a NaN rate", { rate: Number.NaN, faults: [{ type: "spend_cap" }] }],
    ["no faults to pick from", { rate: 0.5, faults: [] }],
  ] satisfies [string, FaultRate][])("refuses %s with a RangeError", (_, faults) => {
    expect(() => createMockGateway({ faults })).toThrow(RangeError);
    expect(() => gateway.faults.setRate(faults)).toThrow(RangeError);
  });

  // As a test written in JavaScript (or a fault read from JSON) passes them: the types refuse them.
  it.each([
    [
      "a server_error status it has no body for",
      { type: "server_error", status: 400 },
      "one of 500, 502, 503, 504, 529, got 400",
    ],
    [
      "a spend_cap status other than 402 or 429",
      { type: "spend_cap", status: 403 },
      "one of 402, 429, got 403",
    ],
    [
      "an unknown type",
      { type: "timeout" },
      "fault type must be one of rate_limit, spend_cap, server_error",
    ],
    ["an unknown operation", { type: "rate_limit", operation: "generate" }, 'got "generate"'],
    ["a negative latency", { type: "latency", ms: -5 }, "ms must be a number ≥ 0, got -5"],
    ["a latency without ms", { type: "latency" }, "needs ms"],
  ])(
    "refuses %s with a TypeError naming it, queueing nothing and answering normally",
    async (_, fault, message) => {
      expect(() => Reflect.apply(gateway.faults.enqueue, gateway.faults, [fault])).toThrow(
        TypeError,
      );
      expect(() => Reflect.apply(gateway.faults.enqueue, gateway.faults, [fault])).toThrow(message);
      expect(gateway.faults.pending).toEqual([]);
      expect(() =>
        Reflect.apply(gateway.faults.setRate, gateway.faults, [{ rate: 1, faults: [fault] }]),
      ).toThrow(message);
      expect(await statusesOf(1, listModels)).toEqual([200]);
    },
  );
});
