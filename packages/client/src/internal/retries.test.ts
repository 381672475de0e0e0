import { http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  apiKey,
  baseURL,
  caught,
  imageHost,
  useClientTestServer,
} from "../__fixtures__/client-test-server";
import { notAnImage } from "../__fixtures__/image-bytes";
import {
  gatewayErrorResponse,
  settleWithFakeTimers,
  until,
} from "../__fixtures__/resilience-helpers";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  PaymentRequiredError,
  RateLimitError,
} from "../core/errors";
import type { RetryEvent } from "../core/retry-event";
import { Pictor } from "../pictor";
import { rawClient } from "../raw-client";

/** An earlier image of the model's, at an https URL, whose bytes are text. */
const textImageUrl = `${imageHost}/text.png`;
const { gateway, server, client } = useClientTestServer({
  remoteImages: new Map([[textImageUrl, notAnImage]]),
});

const seedream = { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" } as const;

/**
 * A client with retries on, recording every retry event. Its per-attempt timeout is a day: under
 * fake timers the clock is stepped while real I/O is pending, and would reach the default
 * 10 minutes long before msw answers.
 */
function retryingClient(maxRetries = 2) {
  const retries: RetryEvent[] = [];
  const pictor = client({
    maxRetries,
    timeout: 24 * 60 * 60 * 1000,
    onRetry: (event) => retries.push(event),
  });
  return { pictor, retries };
}

/**
 * Answers the first image call with a 429 carrying `headers` and `code`, the others as the
 * gateway does; returns how many calls were answered so far.
 */
function rateLimitedOnce(headers: Record<string, string>, code = "rate_limit_exceeded") {
  let answered = 0;
  server.use(
    http.post(`${baseURL}/images/generations`, ({ request }) =>
      answered++ === 0
        ? gatewayErrorResponse(
            429,
            { message: "Slow down", type: "rate_limit_error", code },
            headers,
          )
        : gateway.fetch(request),
    ),
  );
  return () => answered;
}

function useFakeTimers() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("retries after a 429", () => {
  it("retries a 429 and returns the result of the retry", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 20 });
    const { pictor, retries } = retryingClient();
    const started = performance.now();
    const result = await pictor.images.generate(seedream);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
    expect(result.images).toHaveLength(1);
    expect(result.images[0]?.mediaType).toBe("image/png");
    expect(result.requestId).toBe(gateway.calls[1]?.requestId);
    expect(retries).toEqual([
      {
        retry: 1,
        maxRetries: 2,
        delayMs: 20,
        status: 429,
        url: `${baseURL}/images/generations`,
      },
    ]);
  });

  it("waits Retry-After seconds (2 → 2000 ms) and not less", async () => {
    useFakeTimers();
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 2 });
    const { pictor, retries } = retryingClient();
    const call = pictor.images.generate(seedream);
    await until(() => retries.length === 1);
    expect(retries.map((event) => event.delayMs)).toEqual([2000]);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(gateway.calls).toHaveLength(1);
    const outcome = await settleWithFakeTimers(call);
    expect(outcome.status).toBe("fulfilled");
    expect(gateway.calls.map((entry) => entry.status)).toEqual([429, 200]);
  });

  it("prefers retry-after-ms (150) over Retry-After", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 5, retryAfterMs: 150 });
    const { pictor, retries } = retryingClient();
    const started = performance.now();
    await pictor.images.generate(seedream);
    expect(performance.now() - started).toBeGreaterThanOrEqual(149);
    expect(retries.map((event) => event.delayMs)).toEqual([150]);
    expect(gateway.calls).toHaveLength(2);
  });

  it("waits until a Retry-After HTTP date", async () => {
    useFakeTimers();
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3, retryAfterDate: true });
    const { pictor, retries } = retryingClient();
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("fulfilled");
    const [delay] = retries.map((event) => event.delayMs);
    // The date has whole seconds: the wait is 3 s minus the part of a second already gone.
    expect(delay).toBeGreaterThan(2000);
    expect(delay).toBeLessThanOrEqual(3000);
    expect(gateway.calls).toHaveLength(2);
  });

  it("backs off as if none were given when Retry-After is no usable wait (negative, a list, words, a date already past)", async () => {
    useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const past = new Date(Date.now() - 5_000).toUTCString();
    for (const value of ["-1", "3, 4", "soon 5", "tomorrow 12", past]) {
      rateLimitedOnce({ "retry-after": value });
      const { pictor, retries } = retryingClient(1);
      const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
      expect(outcome.status, value).toBe("fulfilled");
      // JavaScript's lenient parsing read these as 3 s or as a date in 2001: a retry at once.
      expect(
        retries.map((event) => event.delayMs),
        value,
      ).toEqual([500]);
    }
    // Five calls, each rendering a 2K image in the mock: seconds on a loaded CI machine.
  }, 30_000);

  it("does not retry when the gateway asks for more than a minute: the call ends at once with the wait in its error", async () => {
    useFakeTimers();
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3600 });
    const { pictor, retries } = retryingClient();
    const error = await caught(() => pictor.images.generate(seedream));
    expect(RateLimitError.isInstance(error)).toBe(true);
    if (!RateLimitError.isInstance(error)) return;
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.retryable).toBe(false);
    expect(retries).toEqual([]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("waits a minute at most when x-should-retry demands a retry after a longer wait", async () => {
    useFakeTimers();
    rateLimitedOnce({ "retry-after": "3600", "x-should-retry": "true" });
    const { pictor, retries } = retryingClient();
    const call = pictor.images.generate(seedream);
    await until(() => retries.length === 1);
    expect(retries.map((event) => event.delayMs)).toEqual([60_000]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(gateway.calls).toHaveLength(0);
    const outcome = await settleWithFakeTimers(call);
    expect(outcome.status).toBe("fulfilled");
    expect(gateway.calls).toHaveLength(1);
  });
});

describe("exponential backoff without Retry-After", () => {
  it("waits 500 ms, 1 s, 2 s, each less up to 25% jitter (after connection resets)", async () => {
    useFakeTimers();
    gateway.faults.enqueue(
      { type: "connection_reset" },
      { type: "connection_reset" },
      { type: "connection_reset" },
    );
    const { pictor, retries } = retryingClient(3);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("fulfilled");
    expect(gateway.calls.map((call) => call.status)).toEqual([
      undefined,
      undefined,
      undefined,
      200,
    ]);
    expectBackoff(retries.map((event) => event.delayMs));
    expect(retries.map((event) => event.retry)).toEqual([1, 2, 3]);
  });

  it("waits 500 ms, 1 s, 2 s, each less up to 25% jitter (after 500s)", async () => {
    useFakeTimers();
    gateway.faults.enqueue(
      { type: "server_error", status: 500 },
      { type: "server_error", status: 500 },
      { type: "server_error", status: 500 },
    );
    const { pictor, retries } = retryingClient(3);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("fulfilled");
    expect(gateway.calls.map((call) => call.status)).toEqual([500, 500, 500, 200]);
    expectBackoff(retries.map((event) => event.delayMs));
  });

  it.each([
    { random: 0, delays: [500, 1000, 2000, 4000, 8000, 8000] },
    { random: 1, delays: [375, 750, 1500, 3000, 6000, 6000] },
  ])(
    "with Math.random() = $random the delays are $delays (capped at 8 s)",
    async ({ random, delays }) => {
      vi.spyOn(Math, "random").mockReturnValue(random);
      useFakeTimers();
      for (let index = 0; index < 6; index++) gateway.faults.enqueue({ type: "connection_reset" });
      const { pictor, retries } = retryingClient(6);
      const outcome = await settleWithFakeTimers(pictor.images.generate(seedream), {
        stepMs: 250,
      });
      expect(outcome.status).toBe("fulfilled");
      expect(retries.map((event) => event.delayMs)).toEqual(delays);
      expect(gateway.calls).toHaveLength(7);
    },
  );
});

/** Three backoff delays: 500 ms, 1 s and 2 s, each shortened by at most 25% jitter. */
function expectBackoff(delays: number[]) {
  expect(delays).toHaveLength(3);
  for (const [index, base] of [500, 1000, 2000].entries()) {
    expect(delays[index]).toBeGreaterThanOrEqual(base * 0.75);
    expect(delays[index]).toBeLessThanOrEqual(base);
  }
}

describe("what is retried", () => {
  it.each([500, 502, 503, 529] as const)(
    "retries a %i and returns the retry's result",
    async (status) => {
      useFakeTimers();
      gateway.faults.enqueue({ type: "server_error", status });
      const { pictor, retries } = retryingClient(1);
      const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
      expect(outcome.status).toBe("fulfilled");
      expect(gateway.calls.map((call) => call.status)).toEqual([status, 200]);
      expect(retries.map((event) => event.status)).toEqual([status]);
    },
  );

  it.each([408, 409, 507, 520])(
    "retries a %i answered by whatever stands before the gateway",
    async (status) => {
      useFakeTimers();
      let answered = 0;
      server.use(
        http.post(`${baseURL}/images/generations`, ({ request }) =>
          answered++ === 0
            ? gatewayErrorResponse(status, {
                message: "Try again",
                type: "server_error",
                code: null,
              })
            : gateway.fetch(request),
        ),
      );
      const { pictor, retries } = retryingClient(1);
      const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
      expect(outcome.status).toBe("fulfilled");
      expect(answered).toBe(2);
      expect(retries.map((event) => event.status)).toEqual([status]);
    },
  );

  it("a 429 whose code only looks like an account word (suspended_temporarily) is retried", async () => {
    useFakeTimers();
    const answered = rateLimitedOnce({ "retry-after-ms": "5" }, "suspended_temporarily");
    const { pictor } = retryingClient(1);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("fulfilled");
    expect(answered()).toBe(2);
  });

  it("503 and 529 wait the Retry-After: 1 they carry", async () => {
    useFakeTimers();
    gateway.faults.enqueue(
      { type: "server_error", status: 503 },
      { type: "server_error", status: 529 },
    );
    const { pictor, retries } = retryingClient(2);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("fulfilled");
    expect(retries.map((event) => [event.status, event.delayMs])).toEqual([
      [503, 1000],
      [529, 1000],
    ]);
  });

  it("retries a connection reset", async () => {
    useFakeTimers();
    gateway.faults.enqueue({ type: "connection_reset" });
    const { pictor, retries } = retryingClient(1);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("fulfilled");
    expect(gateway.calls.map((call) => call.status)).toEqual([undefined, 200]);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.status).toBeUndefined();
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(375);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(500);
  });
});

describe("what is never retried", () => {
  it.each([501, 505])("a %i (the server says it cannot do this at all)", async (status) => {
    let answered = 0;
    server.use(
      http.post(`${baseURL}/images/generations`, () => {
        answered++;
        return gatewayErrorResponse(status, { message: "No", type: "server_error", code: null });
      }),
    );
    const { pictor, retries } = retryingClient();
    await caught(() => pictor.images.generate(seedream));
    expect(answered).toBe(1);
    expect(retries).toEqual([]);
  });

  it("a 400", async () => {
    const { pictor, retries } = retryingClient();
    const error = await caught(() =>
      pictor.chat.completions.create({
        model: "gemini-3-pro-image-preview",
        // An earlier assistant image whose https URL serves text: Pictor sends the model's own
        // image URLs back unread, and the gateway refuses it with a 400.
        messages: [
          { role: "user", content: "A fox" },
          {
            role: "assistant",
            content: null,
            images: [{ type: "image_url", image_url: { url: textImageUrl } }],
          },
          { role: "user", content: "Make it blue" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("a 401", async () => {
    const retries: RetryEvent[] = [];
    const pictor = client({
      apiKey: "sk-test-not-accepted-000",
      maxRetries: 2,
      onRetry: (event) => retries.push(event),
    });
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("a 402 (spend cap)", async () => {
    gateway.faults.enqueue({ type: "spend_cap" });
    const { pictor, retries } = retryingClient();
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(PaymentRequiredError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("a 429 of the gateway's spend cap (code rate_limit_exceeded, its message says so): the account, not the rate", async () => {
    gateway.faults.enqueue({ type: "spend_cap", status: 429 });
    const { pictor, retries } = retryingClient();
    const error = await caught(() => pictor.images.generate(seedream));
    if (!RateLimitError.isInstance(error)) throw error;
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.retryable).toBe(false);
    expect(gateway.calls.map((call) => call.status)).toEqual([429]);
    expect(retries).toEqual([]);
  });

  it.each([
    "Rate limit exceeded: 300 requests per minute",
    "Too many concurrent requests for this organization's quota",
    "You exceeded your current quota, please check your plan and billing details.",
  ])("a rate limit's 429 that says %j is still retried", async (message) => {
    let answered = 0;
    server.use(
      http.post(`${baseURL}/images/generations`, () => {
        answered++;
        return gatewayErrorResponse(
          429,
          { message, type: "rate_limit_error", code: "rate_limit_exceeded" },
          { "retry-after": "0" },
        );
      }),
    );
    const { pictor, retries } = retryingClient();
    const error = await caught(() => pictor.images.generate(seedream));
    expect(RateLimitError.isInstance(error) && error.retryable).toBe(true);
    expect(answered).toBe(3);
    expect(retries).toHaveLength(2);
  });

  it("a 404 (unknown model)", async () => {
    const { pictor, retries } = retryingClient();
    const error = await caught(() =>
      pictor.images.generate({ model: "acme/not-a-model", prompt: "A cozy cabin" }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it.each([
    "billing_error",
    "insufficient_quota",
    "spend_cap_reached",
    "credits_exhausted",
    "insufficientQuota",
    "spending_limit_reached",
  ])("a 429 whose code is %s (the account, not the rate)", async (code) => {
    let answered = 0;
    server.use(
      http.post(`${baseURL}/images/generations`, () => {
        answered++;
        return gatewayErrorResponse(
          429,
          { message: "Spend limit reached", type: "rate_limit_error", code },
          { "retry-after": "1" },
        );
      }),
    );
    const { pictor, retries } = retryingClient();
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(answered).toBe(1);
    expect(retries).toEqual([]);
  });

  it("Node's fetch giving up on the answer's headers (undici's 300 s headersTimeout): an APITimeoutError saying so, after one call", async () => {
    let calls = 0;
    // What Node 20's fetch throws when undici's headersTimeout passes.
    const headersTimedOut: typeof fetch = async () => {
      calls++;
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("Headers Timeout Error"), {
          name: "HeadersTimeoutError",
          code: "UND_ERR_HEADERS_TIMEOUT",
        }),
      });
    };
    const error = await caught(() =>
      client({ fetch: headersTimedOut, maxRetries: 2 }).images.generate(seedream),
    );
    expect(calls).toBe(1);
    expect(APITimeoutError.isInstance(error) && error.message).toContain("headersTimeout");
  });

  it("a fetch with a timeout of its own (a wrapper adding AbortSignal.timeout) giving up first: an APITimeoutError saying so, after one call", async () => {
    let calls = 0;
    // What such a wrapper does once its wait has passed, without waiting in the test: fetch
    // rejects with its signal's reason, a TimeoutError.
    const withOwnTimeout: typeof fetch = (input, init) => {
      calls++;
      const own = new AbortController();
      own.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
      return fetch(input, { ...init, signal: own.signal });
    };
    const retries: RetryEvent[] = [];
    const error = await caught(() =>
      client({
        fetch: withOwnTimeout,
        maxRetries: 2,
        onRetry: (event) => retries.push(event),
      }).images.generate(seedream),
    );
    expect(APITimeoutError.isInstance(error) && error.message).toContain("a timeout of its own");
    expect(retries).toEqual([]);
    expect(calls).toBe(1);
  });

  it("a 429 when maxRetries is 0: exactly one call", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 10 });
    const { pictor, retries } = retryingClient(0);
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("a stream whose body started: a cut stream rejects while iterating, after one call", async () => {
    gateway.faults.enqueue({ type: "truncated_stream" });
    const { pictor, retries } = retryingClient();
    const stream = await pictor.chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A lighthouse at dusk" }],
      stream: true,
    });
    const contents: string[] = [];
    const error = await caught(async () => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? "");
    });
    expect(contents.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });
  it("an image answer whose body started and was cut: APIConnectionError after one call (a retry would pay again)", async () => {
    gateway.faults.enqueue({ type: "truncated_body" });
    const { pictor, retries } = retryingClient();

    const error = await caught(() => pictor.images.generate(seedream));

    expect(error).toBeInstanceOf(APIConnectionError);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.status).toBe(200);
    expect(retries).toEqual([]);
  });

  it("a chat answer (not streamed) whose body started and was cut: APIConnectionError after one call", async () => {
    gateway.faults.enqueue({ type: "truncated_body", operation: "createChatCompletion" });
    const { pictor, retries } = retryingClient();

    const error = await caught(() =>
      pictor.chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "A lighthouse at dusk" }],
      }),
    );

    expect(error).toBeInstanceOf(APIConnectionError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });
});

describe("maxRetries", () => {
  it("a per-call maxRetries overrides the client's (0 → 2)", async () => {
    gateway.faults.enqueue(
      { type: "rate_limit", retryAfterMs: 10 },
      { type: "rate_limit", retryAfterMs: 10 },
    );
    const { pictor } = retryingClient(0);
    const result = await pictor.images.generate(seedream, { maxRetries: 2 });
    expect(result.images).toHaveLength(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 429, 200]);
  });

  it("a per-call maxRetries overrides the client's (2 → 0)", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 10 });
    const { pictor, retries } = retryingClient(2);
    const error = await caught(() => pictor.images.generate(seedream, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(gateway.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("the default is 2 retries (3 calls)", async () => {
    for (let index = 0; index < 4; index++)
      gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const retries: RetryEvent[] = [];
    const pictor = new Pictor({ apiKey, baseURL, onRetry: (event) => retries.push(event) });
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(gateway.calls).toHaveLength(3);
    expect(retries.map((event) => [event.retry, event.maxRetries])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it("throws the last error once the retries are used up (429, 429, then 529)", async () => {
    gateway.faults.enqueue(
      { type: "rate_limit", retryAfterMs: 5 },
      { type: "rate_limit", retryAfterMs: 5 },
      { type: "server_error", status: 529 },
    );
    const { pictor, retries } = retryingClient(2);
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(OverloadedError);
    if (!APIError.isInstance(error)) return;
    expect(error.status).toBe(529);
    expect(error.requestId).toBe(gateway.calls[2]?.requestId);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 429, 529]);
    expect(retries.map((event) => event.status)).toEqual([429, 429]);
  });

  it("throws the last error once the retries are used up (500, 502, then 503)", async () => {
    useFakeTimers();
    gateway.faults.enqueue(
      { type: "server_error", status: 500 },
      { type: "server_error", status: 502 },
      { type: "server_error", status: 503 },
    );
    const { pictor, retries } = retryingClient(2);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("rejected");
    const error = outcome.status === "rejected" ? outcome.reason : undefined;
    expect(error).toBeInstanceOf(InternalServerError);
    if (!APIError.isInstance(error)) return;
    expect(error.status).toBe(503);
    expect(error.requestId).toBe(gateway.calls[2]?.requestId);
    expect(gateway.calls.map((call) => call.status)).toEqual([500, 502, 503]);
    expect(retries.map((event) => event.status)).toEqual([500, 502]);
  });

  it("throws an APIConnectionError once resets use up the retries", async () => {
    useFakeTimers();
    gateway.faults.enqueue(
      { type: "connection_reset" },
      { type: "connection_reset" },
      { type: "connection_reset" },
    );
    const { pictor } = retryingClient(2);
    const outcome = await settleWithFakeTimers(pictor.images.generate(seedream));
    expect(outcome.status).toBe("rejected");
    expect(outcome.status === "rejected" ? outcome.reason : undefined).toBeInstanceOf(
      APIConnectionError,
    );
    expect(gateway.calls).toHaveLength(3);
  });
});

describe("onRetry", () => {
  it("an error it throws ends the call unchanged: no retry, and not a connection error", async () => {
    for (const fault of [
      { type: "rate_limit", retryAfterMs: 5 },
      { type: "connection_reset" },
    ] as const) {
      gateway.faults.enqueue(fault);
      const telemetryDown = new Error("telemetry down");
      const pictor = client({
        maxRetries: 2,
        onRetry: () => {
          throw telemetryDown;
        },
      });
      const callsBefore = gateway.calls.length;
      expect(await caught(() => pictor.images.generate(seedream)), fault.type).toBe(telemetryDown);
      expect(gateway.calls.length - callsBefore, fault.type).toBe(1);
    }
  });

  it("an error it throws ends a call of the raw client unchanged too", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const telemetryDown = new Error("telemetry down");
    const pictor = client({
      maxRetries: 2,
      onRetry: () => {
        throw telemetryDown;
      },
    });
    const call = rawClient(pictor).POST("/images/generations", { body: seedream });
    expect(await caught(() => call)).toBe(telemetryDown);
    expect(gateway.calls).toHaveLength(1);
  });

  it("a fetch that answers with something that is no Response is an APIConnectionError, not a raw TypeError", async () => {
    // A plain object where a Response should be (a hand-written fetch double gone wrong).
    const notAResponse: typeof fetch = async () => JSON.parse('{ "ok": false, "status": 503 }');
    const error = await caught(() =>
      client({ fetch: notAResponse, maxRetries: 1 }).images.generate(seedream),
    );
    expect(APIConnectionError.isInstance(error)).toBe(true);
  });
});

describe("abort during a backoff wait", () => {
  it("rejects promptly with APIUserAbortError and makes no further call", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 30 });
    const controller = new AbortController();
    const pictor = client({
      maxRetries: 2,
      onRetry: () => {
        setTimeout(() => controller.abort(), 20);
      },
    });
    const started = performance.now();
    const error = await caught(() =>
      pictor.images.generate(seedream, { signal: controller.signal }),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(elapsed).toBeGreaterThanOrEqual(19);
    // Far below the 30 s the gateway asked for: the wait was cut short.
    expect(elapsed).toBeLessThan(15_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.calls).toHaveLength(1);
  });
});
