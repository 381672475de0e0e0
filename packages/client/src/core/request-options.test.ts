import { describe, expect, it } from "vitest";
import { baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { PaymentRequiredError } from "./errors";

const { gateway, client } = useClientTestServer();

/** An `onResponse` that records what it saw (status, URL, request id) of each response. */
function responseRecorder(): {
  onResponse: (response: Response) => void;
  seen: { status: number; url: string; requestId: string | null; bodyUsed: boolean }[];
} {
  const seen: { status: number; url: string; requestId: string | null; bodyUsed: boolean }[] = [];
  return {
    seen,
    onResponse: (response) => {
      seen.push({
        status: response.status,
        url: response.url,
        requestId: response.headers.get("x-request-id"),
        bodyUsed: response.bodyUsed,
      });
    },
  };
}

describe("onResponse", () => {
  it("sees each call of an n fan-out, with its headers, before the body is read", async () => {
    const recorder = responseRecorder();
    const result = await client().images.generate(
      { model: "bytedance/seedream-4-5", prompt: "A cozy cabin", n: 2 },
      { onResponse: recorder.onResponse },
    );
    expect(gateway.calls).toHaveLength(2);
    expect(recorder.seen.map((seen) => seen.status)).toEqual([200, 200]);
    expect(recorder.seen.map((seen) => seen.url)).toEqual([
      `${baseURL}/images/generations`,
      `${baseURL}/images/generations`,
    ]);
    expect(recorder.seen.map((seen) => seen.requestId).sort()).toEqual(
      [...result.requestIds].sort(),
    );
    expect(recorder.seen.every((seen) => !seen.bodyUsed)).toBe(true);
  });

  it("sees chat completions, streamed or not", async () => {
    const recorder = responseRecorder();
    const params = {
      model: "gemini-3.1-flash-image",
      messages: [{ role: "user" as const, content: "A fox" }],
    };
    const completion = await client().chat.completions.create(params, {
      onResponse: recorder.onResponse,
    });
    const stream = await client().chat.completions.create(
      { ...params, stream: true },
      { onResponse: recorder.onResponse },
    );
    await stream.finalMessage();
    expect(recorder.seen).toMatchObject([
      { status: 200, url: `${baseURL}/chat/completions`, requestId: completion.requestId },
      { status: 200, url: `${baseURL}/chat/completions`, requestId: stream.requestId },
    ]);
  });

  it("sees an error response before the call throws, and only the last attempt after retries", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 1 }, { type: "spend_cap" });
    const recorder = responseRecorder();
    const error = await caught(() =>
      client({ maxRetries: 1, onRetry: () => undefined }).images.generate(
        { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" },
        { onResponse: recorder.onResponse },
      ),
    );
    expect(PaymentRequiredError.isInstance(error)).toBe(true);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 402]);
    expect(recorder.seen).toMatchObject([
      { status: 402, url: `${baseURL}/images/generations`, requestId: gateway.calls[1]?.requestId },
    ]);
  });

  it("sees GET /models", async () => {
    const recorder = responseRecorder();
    await client().models.list(undefined, { onResponse: recorder.onResponse });
    expect(recorder.seen).toMatchObject([{ status: 200, url: `${baseURL}/models` }]);
  });
});
