import { APICallError, InvalidArgumentError, InvalidResponseDataError } from "@ai-sdk/provider";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
} from "@pictor/client";
import type { Fault } from "@pictor/mock";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, usePictorTestServer } from "../__fixtures__/pictor-test-server";
import { toAISDKError } from "./to-ai-sdk-error";

const { gateway, server, provider } = usePictorTestServer();

const call = {
  url: "https://gateway.test/v1/images/generations",
  requestBodyValues: { model: "m" },
  abortSignal: undefined,
  argumentOf: (path: string) => (path === "aspect_ratio" ? "aspectRatio" : path),
  responses: [],
};

describe("isRetryable, from what the gateway answered", () => {
  const cases: [string, Fault, number | undefined, boolean][] = [
    ["429 rate limit", { type: "rate_limit" }, 429, true],
    ["402 spend cap", { type: "spend_cap" }, 402, false],
    ["500", { type: "server_error", status: 500 }, 500, true],
    ["502", { type: "server_error", status: 502 }, 502, true],
    ["503", { type: "server_error", status: 503 }, 503, true],
    ["504", { type: "server_error", status: 504 }, 504, true],
    ["529 overloaded", { type: "server_error", status: 529 }, 529, true],
    ["a dropped connection", { type: "connection_reset" }, undefined, true],
    // The images are made and billed by then: a retry would pay for them again.
    ["a body cut off after a 200", { type: "truncated_body" }, 200, false],
  ];
  for (const [name, fault, statusCode, isRetryable] of cases) {
    it(`${name}: ${isRetryable ? "retryable" : "not retryable"}`, async () => {
      gateway.faults.enqueue(fault);
      const error = await caught(() =>
        provider().image("bytedance/seedream-4-5").doGenerate({
          prompt: "A cozy cabin",
          n: 1,
          size: undefined,
          aspectRatio: undefined,
          seed: undefined,
          files: undefined,
          mask: undefined,
          providerOptions: {},
        }),
      );
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode, isRetryable });
      expect(gateway.calls).toHaveLength(1);
    });
  }

  it("a call whose images were all paid for but none downloaded: no images, not retried, its cost and the link kept", async () => {
    // Qwen with a seed goes through chat; its image comes back as a provider URL that is gone.
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const answer = await gateway.fetch(request);
        const body = (await answer.json()) as {
          choices: { message: { images?: { image_url: { url: string } }[] } }[];
        };
        for (const image of body.choices[0]?.message.images ?? [])
          image.image_url.url = "https://cdn.provider.test/gone.png";
        return HttpResponse.json(body, { headers: { "x-request-id": "req-paid" } });
      }),
      http.get("https://cdn.provider.test/gone.png", () => new HttpResponse(null, { status: 404 })),
    );

    const result = await provider().image("alibaba/qwen-image-3.0").doGenerate({
      prompt: "A fox",
      n: 1,
      size: undefined,
      aspectRatio: undefined,
      seed: 7,
      files: undefined,
      mask: undefined,
      providerOptions: {},
    });

    // An empty answer, as a filtered one: generateImage throws NoImageGeneratedError with its cost.
    expect(result).toMatchObject({
      images: [],
      isRetryable: false,
      providerMetadata: {
        pictor: { cost: { usd: expect.any(Number) }, requestId: "req-paid", contentFilter: false },
      },
    });
    // The link of the image paid for, to fetch while it lasts.
    expect(result.warnings).toEqual([
      { type: "other", message: expect.stringContaining("https://cdn.provider.test/gone.png") },
    ]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("a wrong key (401) is not retryable", async () => {
    const error = await caught(() =>
      provider({ apiKey: "sk-wrong" })
        .chat("gemini-3.1-flash-image")
        .doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "A fox" }] }] }),
    );
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
  });
});

describe("toAISDKError", () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it("a 429 whose code is a billing problem is not retryable", () => {
    const error = toAISDKError(
      new RateLimitError({
        status: 429,
        headers: headers({}),
        error: {
          message: "Quota",
          type: "rate_limit_error",
          param: null,
          code: "insufficient_quota",
        },
      }),
      call,
    );
    expect(error).toMatchObject({ statusCode: 429, isRetryable: false });
  });

  it("x-should-retry wins over the status", () => {
    const error = toAISDKError(
      new RateLimitError({ status: 429, headers: headers({ "x-should-retry": "false" }) }),
      call,
    );
    expect(error).toMatchObject({ isRetryable: false });
  });

  it("a timeout is not retried (the gateway may still be generating, a retry could pay twice)", () => {
    const error = toAISDKError(new APITimeoutError(600_000), call);
    expect(APICallError.isInstance(error) && error.isRetryable).toBe(false);
    expect(APICallError.isInstance(toAISDKError(new APIConnectionError(), call))).toBe(true);
  });

  it("an abort is the signal's reason, which the AI SDK never retries", () => {
    const controller = new AbortController();
    controller.abort();
    const error = toAISDKError(new APIUserAbortError(), {
      ...call,
      abortSignal: controller.signal,
    });
    expect(error).toBe(controller.signal.reason);
    expect(toAISDKError(new APIUserAbortError(), call)).toMatchObject({ name: "AbortError" });
  });

  it("a validation error names the AI SDK's setting and lists the accepted values", () => {
    const error = toAISDKError(
      new RequestValidationError([
        { path: "aspect_ratio", message: "cannot make 7:3", accepted: ["1:1", "16:9"] },
      ]),
      call,
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      argument: "aspectRatio",
      message: expect.stringContaining("aspectRatio: cannot make 7:3 (accepted: 1:1, 16:9)"),
    });
  });

  it("a validation error with no list of accepted values shows none (no empty parentheses)", () => {
    const error = toAISDKError(
      new RequestValidationError([
        { path: "size", message: "must be ≤ 8294400 pixels", accepted: [] },
      ]),
      call,
    );
    expect(error instanceof Error && error.message).toMatch(/size: must be ≤ 8294400 pixels$/m);
  });

  it("an off-spec response is InvalidResponseDataError with what arrived", () => {
    const error = toAISDKError(new ResponseValidationError("bad", { data: 1 }, "req_1"), call);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ data: { data: 1 } });
  });

  it("anything else passes through", () => {
    const other = new Error("something else");
    expect(toAISDKError(other, call)).toBe(other);
  });
});
