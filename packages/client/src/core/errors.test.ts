import { encodeBase64 } from "@pictor/contract";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  baseURL,
  caught,
  imageHost,
  useClientTestServer,
} from "../__fixtures__/client-test-server";
import { notAnImage, pngOf } from "../__fixtures__/image-bytes";
import type { Pictor } from "../pictor";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  apiErrorFor,
  BadRequestError,
  ContentFilterError,
  IncompleteResultError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  PaymentRequiredError,
  PictorError,
  RateLimitError,
  ResponseValidationError,
} from "./errors";
import { retryAfterMs } from "./retryable";

/** An earlier image of the model's, at an https URL, whose bytes are text. */
const textImageUrl = `${imageHost}/text.png`;
const { gateway, server, client } = useClientTestServer({
  remoteImages: new Map([[textImageUrl, notAnImage]]),
});

const seedream = { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" } as const;

/** A chat request the client lets through but the gateway refuses: the input image is text. */
function chatWithTextAsImage(pictor: Pictor) {
  return pictor.chat.completions.create({
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
  });
}

/** The error of one call that the gateway answers with `status`. */
async function errorForStatus(status: number): Promise<unknown> {
  switch (status) {
    case 400:
      return caught(() => chatWithTextAsImage(client()));
    case 401:
      return caught(() => client({ apiKey: "sk-test-not-accepted-000" }).images.generate(seedream));
    case 402:
      gateway.faults.enqueue({ type: "spend_cap" });
      return caught(() => client().images.generate(seedream));
    case 404:
      return caught(() =>
        client().images.generate({ model: "acme/not-a-model", prompt: "A cozy cabin" }),
      );
    case 429:
      gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 2 });
      return caught(() => client().images.generate(seedream));
    case 500:
    case 502:
    case 503:
    case 529:
      gateway.faults.enqueue({ type: "server_error", status });
      return caught(() => client().images.generate(seedream));
    default:
      throw new Error(`no scenario for ${status}`);
  }
}

/**
 * What the gateway put in its error body for each scenario of `errorForStatus` (it names a bad
 * field in the message; its `param` is null).
 */
const gatewayErrors = [
  {
    status: 400,
    type: "invalid_request_error",
    code: null,
    param: null,
    says: "messages.1.content.0.image_url.url is invalid: the bytes are not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image",
  },
  {
    status: 401,
    type: "invalid_request_error",
    code: "invalid_api_key",
    param: null,
    says: "invalid API key",
  },
  {
    status: 402,
    type: "invalid_request_error",
    code: "billing_error",
    param: null,
    says: "spend limit",
  },
  {
    status: 404,
    type: "invalid_request_error",
    code: "not_found",
    param: null,
    says: "acme/not-a-model was not found",
  },
  {
    status: 429,
    type: "rate_limit_error",
    code: "rate_limit_exceeded",
    param: null,
    says: "Rate limit exceeded",
  },
  { status: 500, type: "api_error", code: null, param: null, says: "Internal Server Error" },
  { status: 502, type: "api_error", code: null, param: null, says: "upstream connection" },
  { status: 503, type: "api_error", code: null, param: null, says: "Service Unavailable" },
  { status: 529, type: "api_error", code: "overloaded", param: null, says: "Gateway overloaded" },
] as const;

describe("one factory maps each status to its class", () => {
  it.each([
    {
      status: 400,
      name: "BadRequestError",
      is: (value: unknown) => BadRequestError.isInstance(value),
    },
    {
      status: 401,
      name: "AuthenticationError",
      is: (value: unknown) => AuthenticationError.isInstance(value),
    },
    {
      status: 402,
      name: "PaymentRequiredError",
      is: (value: unknown) => PaymentRequiredError.isInstance(value),
    },
    { status: 404, name: "NotFoundError", is: (value: unknown) => NotFoundError.isInstance(value) },
    {
      status: 429,
      name: "RateLimitError",
      is: (value: unknown) => RateLimitError.isInstance(value),
    },
    {
      status: 500,
      name: "InternalServerError",
      is: (value: unknown) => InternalServerError.isInstance(value),
    },
    {
      status: 502,
      name: "InternalServerError",
      is: (value: unknown) => InternalServerError.isInstance(value),
    },
    {
      status: 503,
      name: "InternalServerError",
      is: (value: unknown) => InternalServerError.isInstance(value),
    },
    {
      status: 529,
      name: "OverloadedError",
      is: (value: unknown) => OverloadedError.isInstance(value),
    },
  ])(
    "$status becomes $name with the status and the response's x-request-id",
    async ({ status, name, is }) => {
      const error = await errorForStatus(status);
      expect(is(error)).toBe(true);
      expect(gateway.calls).toHaveLength(1);
      const requestId = gateway.calls[0]?.requestId;
      expect(requestId).toMatch(/^[0-9a-z]{40}$/);
      expect(error).toBeInstanceOf(APIError);
      if (!APIError.isInstance(error)) throw new Error("unreachable");
      expect(error.name).toBe(name);
      expect(error.constructor.name).toBe(name);
      expect(error.status).toBe(status);
      // The gateway sets x-request-id once the API key resolves: a 401 has none.
      const sent = status === 401 ? null : requestId;
      expect(error.requestId).toBe(sent);
      expect(error.headers.get("x-request-id")).toBe(sent);
      if (sent) expect(error.message).toContain(`(request id ${sent})`);
      expect(error.message.startsWith(`${status} `)).toBe(true);
    },
  );

  it.each(gatewayErrors)(
    "$status keeps the gateway's error object: message, type, code and param",
    async (expected) => {
      const error = await errorForStatus(expected.status);
      if (!APIError.isInstance(error))
        throw new Error(`expected an APIError, got ${String(error)}`);
      expect({
        type: error.type,
        code: error.code,
        param: error.param,
      }).toEqual({ type: expected.type, code: expected.code, param: expected.param });
      expect(error.message).toContain(expected.says);
      expect(error.body).toEqual({
        error: expect.objectContaining({
          type: expected.type,
          code: expected.code,
          param: expected.param,
        }),
      });
    },
  );

  it("keeps a param the answer names (a proxy's, a provider's error passed through)", async () => {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: "n must be at most 4",
              type: "invalid_request_error",
              param: "n",
              code: "max_n_exceeded",
            },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await caught(() => client().images.generate(seedream));
    if (!BadRequestError.isInstance(error)) throw new Error(`got ${String(error)}`);
    expect([error.param, error.code]).toEqual(["n", "max_n_exceeded"]);
  });

  it.each([
    [
      "vLLM's top-level error",
      404,
      {
        object: "error",
        message: "The model `seedream` does not exist.",
        type: "NotFoundError",
        code: 404,
      },
      "404 The model `seedream` does not exist.",
      "NotFoundError",
    ],
    [
      "TGI's and Ollama's error string",
      400,
      { error: "prompt is too long", error_type: "validation" },
      "400 prompt is too long",
      "invalid_request_error",
    ],
    [
      "a FastAPI route's detail",
      503,
      { detail: "Model is still loading" },
      "503 Model is still loading",
      "api_error",
    ],
    [
      "a Node framework's error (Fastify, NestJS), whose `error` is only the status's name",
      404,
      {
        statusCode: 404,
        error: "Not Found",
        message: "Route POST:/v1/images/generations not found",
      },
      "404 Route POST:/v1/images/generations not found",
      "invalid_request_error",
    ],
  ])(
    "an OpenAI-compatible server's JSON error not in the gateway's envelope (%s) keeps its message",
    async (_, status, body, says, type) => {
      server.use(
        http.post(`${baseURL}/images/generations`, () => HttpResponse.json(body, { status })),
      );
      const error = await caught(() => client().images.generate(seedream));
      if (!APIError.isInstance(error)) throw new Error(`got ${String(error)}`);
      expect([error.status, error.message, error.type]).toEqual([status, says, type]);
      expect(error.body).toEqual(body);
    },
  );

  it.each([
    [500, "500 HTTP 500 (request id req_empty)"],
    [401, "401 HTTP 401. Check LLM_GATEWAY_API_KEY or the `apiKey` option. (request id req_empty)"],
  ])("a %s whose error message is empty says its status, not nothing", async (status, says) => {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json(
          { error: { message: "", type: "api_error", param: null, code: null } },
          { status, headers: { "x-request-id": "req_empty" } },
        ),
      ),
    );
    const error = await caught(() => client().images.generate(seedream));
    expect(APIError.isInstance(error) && error.message).toBe(says);
  });

  it("401 says how to fix it", async () => {
    const error = await errorForStatus(401);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    if (!AuthenticationError.isInstance(error)) return;
    expect(error.message).toContain("Check LLM_GATEWAY_API_KEY or the `apiKey` option.");
  });

  it("402 says how to fix it, once", async () => {
    const error = await errorForStatus(402);
    if (!PaymentRequiredError.isInstance(error)) throw new Error(`got ${String(error)}`);
    // The gateway's own message gives the advice, ending with a full stop: said once, one stop.
    expect(error.message.match(/add credits/gi)).toHaveLength(1);
    expect(error.message).not.toContain("..");

    // A gateway message without advice gets Pictor's.
    const bare = apiErrorFor({
      status: 402,
      headers: new Headers(),
      error: {
        message: "Payment Required",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    expect(bare.message).toBe(
      "402 Payment Required. Add credits or raise the spend limit in the gateway dashboard.",
    );
  });

  it("retryAfterMs reads every form a server may send, and nothing else", () => {
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    const waits = (value: string, name = "retry-after") =>
      retryAfterMs(new Headers({ [name]: value }), now);
    expect(waits("120")).toBe(120_000);
    expect(waits("1.5")).toBe(1_500);
    expect(waits(" 2 ")).toBe(2_000);
    expect(waits("150", "retry-after-ms")).toBe(150);
    // The three HTTP-date formats, 30 s ahead; asctime carries no zone and is GMT all the same,
    // read in a zone that is not GMT (CI runs in UTC, where reading it as local time passes).
    const zone = process.env.TZ;
    process.env.TZ = "Asia/Tokyo";
    try {
      expect(waits("Thu, 26 Nov 2026 12:00:30 GMT")).toBe(30_000);
      expect(waits("Thursday, 26-Nov-26 12:00:30 GMT")).toBe(30_000);
      expect(waits("Thu Nov 26 12:00:30 2026")).toBe(30_000);
      // A zone the server gives anyway is kept.
      expect(waits("Thu, 26 Nov 2026 14:00:30 +0200")).toBe(30_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    for (const value of ["-1", "3, 4", "soon", "Thu, 26 Nov 2026 11:59:00 GMT", ""])
      expect(waits(value), JSON.stringify(value)).toBeNull();
    expect(waits("-5", "retry-after-ms")).toBeNull();
  });

  it("429 carries retryAfterMs from Retry-After", async () => {
    const error = await errorForStatus(429);
    if (!RateLimitError.isInstance(error)) throw new Error(`got ${String(error)}`);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.headers.get("retry-after")).toBe("2");
  });

  it("429 prefers retry-after-ms over Retry-After", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3, retryAfterMs: 150 });
    const error = await caught(() => client().images.generate(seedream));
    if (!RateLimitError.isInstance(error)) throw new Error(`got ${String(error)}`);
    expect(error.retryAfterMs).toBe(150);
  });
});

describe("retryAfterMs on every API error whose answer asked for a wait", () => {
  /** The error of a generate call the gateway answers with `status` and `headers`, not retried. */
  async function errorAnswered(status: number, headers: Record<string, string>) {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: { message: "The provider is busy", type: "api_error", param: null, code: null },
          },
          { status, headers },
        ),
      ),
    );
    return caught(() => client({ maxRetries: 0 }).images.generate(seedream));
  }

  it("a 503 with Retry-After in seconds", async () => {
    const error = await errorAnswered(503, { "retry-after": "3" });
    if (!InternalServerError.isInstance(error)) throw new Error(`got ${String(error)}`);
    expect(error.retryAfterMs).toBe(3000);
  });

  it("a 529 with retry-after-ms", async () => {
    const error = await errorAnswered(529, { "retry-after-ms": "250" });
    if (!OverloadedError.isInstance(error)) throw new Error(`got ${String(error)}`);
    expect(error.retryAfterMs).toBe(250);
  });

  it("is null on an answer that asked for none", async () => {
    const error = await errorAnswered(503, {});
    if (!APIError.isInstance(error)) throw new Error(`got ${String(error)}`);
    expect(error.retryAfterMs).toBeNull();
  });
});

describe("the class hierarchy", () => {
  it("a RateLimitError is an APIError and a PictorError, and not a BadRequestError", async () => {
    const rateLimit = await errorForStatus(429);
    gateway.reset();
    const badRequest = await errorForStatus(400);
    expect(RateLimitError.isInstance(rateLimit)).toBe(true);
    expect(APIError.isInstance(rateLimit)).toBe(true);
    expect(PictorError.isInstance(rateLimit)).toBe(true);
    expect(rateLimit).toBeInstanceOf(Error);
    expect(RateLimitError.isInstance(badRequest)).toBe(false);
    expect(BadRequestError.isInstance(rateLimit)).toBe(false);
    expect(BadRequestError.isInstance(badRequest)).toBe(true);
    expect(APIConnectionError.isInstance(rateLimit)).toBe(false);
  });

  it("rejects values that are not Pictor errors", () => {
    for (const value of [
      new Error("plain"),
      new TypeError("fetch failed"),
      { name: "RateLimitError", status: 429 },
      "RateLimitError",
      null,
      undefined,
      429,
    ]) {
      expect(PictorError.isInstance(value)).toBe(false);
      expect(RateLimitError.isInstance(value)).toBe(false);
    }
  });

  it("a timeout is a connection error but not an API error", () => {
    const timeout = new APITimeoutError(100);
    expect(APITimeoutError.isInstance(timeout)).toBe(true);
    expect(APIConnectionError.isInstance(timeout)).toBe(true);
    expect(PictorError.isInstance(timeout)).toBe(true);
    expect(APIError.isInstance(timeout)).toBe(false);
    expect(APIUserAbortError.isInstance(timeout)).toBe(false);
    expect(timeout.name).toBe("APITimeoutError");
  });
});

describe("isInstance as a plain function", () => {
  it("works detached from its class, e.g. errors.filter(RateLimitError.isInstance)", async () => {
    const rateLimit = await errorForStatus(429);
    const errors: unknown[] = [rateLimit, new Error("plain")];
    const isRateLimit = RateLimitError.isInstance;
    expect(() => errors.filter(isRateLimit)).not.toThrow();
    expect(errors.filter(RateLimitError.isInstance)).toEqual([rateLimit]);
  });
});

describe("errors that are not an HTTP error status", () => {
  it.each([
    ["read whole", 1],
    ["streamed", 2_000],
  ])(
    "b64_json that is not base64 is a ResponseValidationError, in a body %s",
    async (_, copies) => {
      const valid = encodeBase64(await pngOf(8, 8));
      const broken = `${valid.slice(0, -8)}*${valid.slice(-7)}`;
      // The last image is the broken one: 2,000 of them make a body far over the 32 KiB read whole.
      const data = Array.from({ length: copies }, (_, index) => ({
        b64_json: index === copies - 1 ? broken : valid,
      }));
      server.use(
        http.post(`${baseURL}/images/generations`, () =>
          HttpResponse.json({ created: 1, data }, { headers: { "x-request-id": "req_b64" } }),
        ),
      );
      const error = await caught(() => client().images.generate(seedream));
      expect(error).toBeInstanceOf(ResponseValidationError);
      if (!ResponseValidationError.isInstance(error)) return;
      expect(error.message).toBe(
        "The gateway returned b64_json that is not valid base64 (request id req_b64)",
      );
    },
  );

  it("an empty images answer (content_filter) is a ContentFilterError with the request id", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const error = await caught(() => client().images.generate(seedream));
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.status).toBe(200);
    expect(error).toBeInstanceOf(ContentFilterError);
    if (!ContentFilterError.isInstance(error)) return;
    expect(APIError.isInstance(error)).toBe(false);
    expect(error.requestId).toBe(gateway.calls[0]?.requestId);
    expect(error.message).toContain("Rephrase the prompt");
  });

  it("a chat answer with finish_reason content_filter is a ContentFilterError (seed routes through chat)", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const error = await caught(() =>
      client().images.generate({ model: "alibaba/qwen-image-3.0", prompt: "A fox", seed: 42 }),
    );
    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(error).toBeInstanceOf(ContentFilterError);
    if (!ContentFilterError.isInstance(error)) return;
    expect(error.requestId).toBe(gateway.calls[0]?.requestId);
  });

  it("a chat answer with text and no image that the filter did not stop (finish_reason stop) is no ContentFilterError: it quotes the model's words", async () => {
    // The gateway tells the two apart the same way: its /images/* answer this with a 500 "The
    // model did not generate any images", and only finish_reason content_filter with data: [].
    gateway.faults.enqueue({ type: "no_images" });
    const error = await caught(() =>
      client().images.generate({ model: "alibaba/qwen-image-3.0", prompt: "A fox", seed: 42 }),
    );
    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(ContentFilterError.isInstance(error)).toBe(false);
    // Answered (and billed, if the provider bills text): its cost and request id stay with it.
    expect(IncompleteResultError.isInstance(error)).toBe(true);
    if (!IncompleteResultError.isInstance(error)) return;
    expect(error.partialImages).toEqual([]);
    expect(error.partialResult.requestIds).toEqual([gateway.calls[0]?.requestId]);
    const [failure] = error.errors;
    expect(ResponseValidationError.isInstance(failure)).toBe(true);
    if (!ResponseValidationError.isInstance(failure)) return;
    expect(failure.requestId).toBe(gateway.calls[0]?.requestId);
    expect(failure.message).toContain(
      'alibaba/qwen-image-3.0 made no image, and no filter stopped it (finish_reason stop); it wrote: "Here is your image: A fox"',
    );
  });

  it("an error status answered with HTML (a proxy, a route not mounted) says so instead of a bare status", async () => {
    const page = "<html><body>Bad gateway</body></html>";
    const error = apiErrorFor({
      status: 502,
      headers: new Headers({ "content-type": "text/html; charset=utf-8" }),
      body: page,
    });
    expect(error.message).toContain(
      "502 HTTP 502, answered with text/html instead of the gateway's JSON error",
    );
    expect(error.message).toContain("baseURL");
    expect(error.body).toBe(page);
    // A JSON body that is not the gateway's format stays a bare status.
    const json = apiErrorFor({
      status: 502,
      headers: new Headers({ "content-type": "application/json" }),
      body: { detail: "x" },
    });
    expect(json.message).toBe("502 HTTP 502");
  });

  it("a 200 whose body is not JSON is a ResponseValidationError that keeps the body", async () => {
    gateway.faults.enqueue({ type: "malformed_json" });
    const error = await caught(() => client().images.generate(seedream));
    expect(error).toBeInstanceOf(ResponseValidationError);
    if (!ResponseValidationError.isInstance(error)) return;
    expect(error.body).toBe('{"created": 1760000000, "data": [{"b64_json": "iVBORw0KGgo');
    expect(error.requestId).toBe(gateway.calls[0]?.requestId);
    expect(error.message).toContain("not valid JSON");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ["models.list", (pictor: Pictor) => pictor.models.list()],
    ["images.generate", (pictor: Pictor) => pictor.images.generate(seedream)],
  ])(
    "%s answered 200 with an HTML page (a dev server's fallback for a route not mounted) says so and points at baseURL",
    async (_, call) => {
      const page = '<!doctype html><html><body><div id="root"></div></body></html>';
      server.use(
        http.all(
          `${baseURL}/*`,
          () => new HttpResponse(page, { headers: { "content-type": "text/html; charset=utf-8" } }),
        ),
      );
      const error = await caught(() => call(client()));
      if (!ResponseValidationError.isInstance(error)) throw new Error(`got ${String(error)}`);
      expect(error.message).toMatch(
        /^The gateway's response is not valid JSON but text\/html: check that baseURL points at the gateway or your @pictor\/server route/,
      );
      expect(error.body).toBe(page);
    },
  );

  it("a connection reset is an APIConnectionError", async () => {
    gateway.faults.enqueue({ type: "connection_reset" });
    const error = await caught(() => client().images.generate(seedream));
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.status).toBeUndefined();
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(APITimeoutError.isInstance(error)).toBe(false);
    expect(APIError.isInstance(error)).toBe(false);
    if (!APIConnectionError.isInstance(error)) return;
    expect(error.message).toMatch(/^Connection error/);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it.each([
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" }),
      "Connection error: fetch failed (connect ECONNREFUSED 127.0.0.1:4010)",
    ],
    [
      "an unknown host",
      Object.assign(new Error("getaddrinfo ENOTFOUND gateway.tset"), { code: "ENOTFOUND" }),
      "Connection error: fetch failed (getaddrinfo ENOTFOUND gateway.tset)",
    ],
    [
      "every address of the host refused (an AggregateError, no message)",
      Object.assign(new AggregateError([]), { code: "ECONNREFUSED" }),
      "Connection error: fetch failed (ECONNREFUSED)",
    ],
  ])(
    "%s: the APIConnectionError says why, not only Node's 'fetch failed'",
    async (_, reason, says) => {
      // What Node's fetch throws: the reason is only in its cause.
      const nodeFetch: typeof fetch = async () => {
        throw new TypeError("fetch failed", { cause: reason });
      };
      const error = await caught(() => client({ fetch: nodeFetch }).images.generate(seedream));
      expect(APIConnectionError.isInstance(error) && error.message).toBe(says);
    },
  );

  it("a body Node's fetch cut says why too, not only 'terminated'", async () => {
    const cutBody: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          pull: (controller) =>
            controller.error(
              new TypeError("terminated", { cause: new Error("other side closed") }),
            ),
        }),
        { headers: { "content-type": "application/json" } },
      );
    const error = await caught(() => client({ fetch: cutBody }).models.list());
    expect(APIConnectionError.isInstance(error) && error.message).toBe(
      "Connection error while reading the response: terminated (other side closed)",
    );
  });

  it("a body cut half-way is an APIConnectionError", async () => {
    gateway.faults.enqueue({ type: "truncated_body" });
    const error = await caught(() => client().images.generate(seedream));
    expect(gateway.calls[0]?.status).toBe(200);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(APITimeoutError.isInstance(error)).toBe(false);
    expect(ResponseValidationError.isInstance(error)).toBe(false);
    if (!APIConnectionError.isInstance(error)) return;
    expect(error.message).toContain("terminated");
  });
});
