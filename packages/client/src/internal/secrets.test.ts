import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiKey, baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { causeChain, gatewayErrorResponse } from "../__fixtures__/resilience-helpers";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ContentFilterError,
  InternalServerError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
} from "../core/errors";
import type { RetryEvent } from "../core/retry-event";
import { Pictor } from "../pictor";
import { rawClient } from "../raw-client";

const { gateway, server, client } = useClientTestServer();

const seedream = { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" } as const;

beforeEach(() => {
  // The key must come only from where each test puts it.
  vi.stubEnv("LLM_GATEWAY_API_KEY", undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Every text a value can end up as in a log or an error report, down its `cause` chain. */
function renderingsOf(value: unknown): { how: string; text: string }[] {
  const texts: { how: string; text: string }[] = [];
  for (const [depth, link] of causeChain(value).entries()) {
    const at = depth === 0 ? "" : ` of cause ${depth}`;
    if (link instanceof Error) {
      texts.push({ how: `message${at}`, text: link.message });
      texts.push({ how: `stack${at}`, text: String(link.stack) });
    }
    texts.push({ how: `String()${at}`, text: String(link) });
    texts.push({ how: `JSON.stringify()${at}`, text: JSON.stringify(link) ?? "" });
    texts.push({
      how: `util.inspect()${at}`,
      text: inspect(link, { depth: 10, showHidden: true }),
    });
    texts.push({
      how: `util.inspect() with getters${at}`,
      text: inspect(link, { depth: 10, showHidden: true, getters: true }),
    });
  }
  return texts;
}

/** Fails naming the rendering that shows `secret`. */
function expectNoSecret(value: unknown, secret: string) {
  const leaks = renderingsOf(value)
    .filter(({ text }) => text.includes(secret))
    .map(({ how }) => how);
  expect(leaks).toEqual([]);
}

/** The gateway's recorded calls never hold the key, and show that a credential was sent. */
function expectCallsRedacted(secret: string, header: "authorization" | "x-api-key") {
  expect(gateway.calls.length).toBeGreaterThan(0);
  expect(JSON.stringify(gateway.calls)).not.toContain(secret);
  for (const call of gateway.calls)
    expect(call.headers[header]).toBe(
      header === "authorization" ? "Bearer [redacted]" : "[redacted]",
    );
}

/** One way of making each error class happen, for a client. */
const scenarios: {
  name: string;
  is: (error: unknown) => boolean;
  run: (pictor: Pictor) => Promise<unknown>;
}[] = [
  {
    name: "429 RateLimitError",
    is: (error) => RateLimitError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 1 });
      return pictor.images.generate(seedream);
    },
  },
  {
    name: "500 InternalServerError",
    is: (error) => InternalServerError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "server_error", status: 500 });
      return pictor.images.generate(seedream);
    },
  },
  {
    name: "401 AuthenticationError (the gateway refuses the key that was sent)",
    is: (error) => AuthenticationError.isInstance(error),
    run: (pictor) => {
      server.use(
        http.post(`${baseURL}/images/generations`, async ({ request }) => {
          // The gateway records the call (redacted); the answer is a 401 as if the key were revoked.
          await gateway.fetch(request);
          return gatewayErrorResponse(401, {
            message: "Unauthorized: invalid API key",
            type: "invalid_request_error",
            code: "invalid_api_key",
          });
        }),
      );
      return pictor.images.generate(seedream);
    },
  },
  {
    name: "APITimeoutError",
    is: (error) => APITimeoutError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "latency", ms: 2_000 });
      return pictor.images.generate(seedream, { timeout: 100 });
    },
  },
  {
    name: "APIUserAbortError",
    is: (error) => APIUserAbortError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "latency", ms: 20_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      return pictor.images.generate(seedream, { signal: controller.signal });
    },
  },
  {
    name: "APIConnectionError (connection reset)",
    is: (error) => APIConnectionError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "connection_reset" });
      return pictor.images.generate(seedream);
    },
  },
  {
    name: "APIConnectionError (body cut half-way)",
    is: (error) => APIConnectionError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "truncated_body" });
      return pictor.images.generate(seedream);
    },
  },
  {
    name: "ResponseValidationError (malformed JSON)",
    is: (error) => ResponseValidationError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "malformed_json" });
      return pictor.images.generate(seedream);
    },
  },
  {
    name: "ContentFilterError",
    is: (error) => ContentFilterError.isInstance(error),
    run: (pictor) => {
      gateway.faults.enqueue({ type: "content_filter" });
      return pictor.images.generate(seedream);
    },
  },
];

it("the scan finds a key wherever it hides (message, a cause's headers)", () => {
  const inMessage = new Error(`Bearer ${apiKey}`);
  const inCause = new Error("outer", {
    cause: new Error("inner", { cause: new Headers({ authorization: `Bearer ${apiKey}` }) }),
  });
  const leaks = (value: unknown) =>
    renderingsOf(value).filter(({ text }) => text.includes(apiKey)).length;
  expect(leaks(inMessage)).toBeGreaterThan(0);
  expect(leaks(inCause)).toBeGreaterThan(0);
  expect(leaks(new Error("clean"))).toBe(0);
});

describe("the key never shows in an error (Authorization: Bearer)", () => {
  it.each(scenarios)("$name", async ({ is, run }) => {
    const error = await caught(() => run(client()));
    expect(is(error)).toBe(true);
    expectNoSecret(error, apiKey);
    expectCallsRedacted(apiKey, "authorization");
  });

  it("APIConnectionError from a fetch whose error quotes the Authorization header", async () => {
    const quoting: typeof fetch = async (_, init) => {
      const headers = new Headers(init?.headers);
      throw new TypeError(`Headers.append: "${headers.get("authorization")}" is an invalid value`);
    };
    const error = await caught(() =>
      new Pictor({ apiKey, baseURL, fetch: quoting, maxRetries: 0 }).images.generate(seedream),
    );
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error instanceof Error && error.message).toContain("[redacted]");
    expectNoSecret(error, apiKey);
  });

  it("APIConnectionError from a fetch whose error's cause quotes the key (the message is clean)", async () => {
    const quoting: typeof fetch = async () => {
      throw new TypeError("fetch failed", {
        cause: new Error(`invalid header Authorization: Bearer ${apiKey}`),
      });
    };
    const error = await caught(() =>
      new Pictor({ apiKey, baseURL, fetch: quoting, maxRetries: 0 }).images.generate(seedream),
    );
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error instanceof Error && error.message).toContain("fetch failed");
    expectNoSecret(error, apiKey);
  });

  it("APIConnectionError from an HTTP library's error that holds the request's headers", async () => {
    const holding: typeof fetch = async (_, init) => {
      throw Object.assign(new Error("Request failed"), { config: { headers: init?.headers } });
    };
    const error = await caught(() =>
      new Pictor({ apiKey, baseURL, fetch: holding, maxRetries: 0 }).images.generate(seedream),
    );
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expectNoSecret(error, apiKey);
  });

  it.each([
    // ky's TimeoutError and HTTPError, ofetch's FetchError: `error.request`, a Request whose
    // headers are a getter (no own property), shown by util.inspect.
    ["a Request", (init?: RequestInit) => ({ request: new Request(`${baseURL}/x`, init) })],
    // A library's private state under a symbol, which util.inspect shows as well.
    ["a symbol-keyed record", (init?: RequestInit) => ({ [Symbol("request")]: init })],
  ])(
    "APIConnectionError from a fetch error that holds %s with the request's headers",
    async (_, holds) => {
      const holding: typeof fetch = async (_, init) => {
        throw Object.assign(new Error("Request failed"), holds(init));
      };
      const error = await caught(() =>
        new Pictor({ apiKey, baseURL, fetch: holding, maxRetries: 0 }).images.generate(seedream),
      );
      expect(APIConnectionError.isInstance(error)).toBe(true);
      expectNoSecret(error, apiKey);
    },
  );

  it("APIConnectionError from a fetch error that quotes the key deeper than the scan reads (wrapped many times)", async () => {
    const wrapping: typeof fetch = async () => {
      let error = new Error(`invalid header Authorization: Bearer ${apiKey}`);
      for (let wrap = 0; wrap < 8; wrap++)
        error = new Error(`retry wrapper ${wrap}`, { cause: error });
      throw error;
    };
    const error = await caught(() =>
      new Pictor({ apiKey, baseURL, fetch: wrapping, maxRetries: 0 }).images.generate(seedream),
    );
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expectNoSecret(error, apiKey);
  });

  it("APITimeoutError from a fetch wrapper's own timeout that holds the Request (ky's TimeoutError)", async () => {
    const timingOut: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      throw Object.assign(new Error(`Request timed out: POST ${request.url}`), {
        name: "TimeoutError",
        request,
      });
    };
    const error = await caught(() =>
      new Pictor({ apiKey, baseURL, fetch: timingOut, maxRetries: 0 }).images.generate(seedream),
    );
    expect(APITimeoutError.isInstance(error)).toBe(true);
    expectNoSecret(error, apiKey);
  });

  it("APIConnectionError from a body whose read fails quoting the request's headers (images, streamed chat, JSON chat)", async () => {
    /** Answers 200, then breaks the body with an error that quotes and holds the headers. */
    const breakingBody =
      (start: string): typeof fetch =>
      async (_, init) => {
        const auth = new Headers(init?.headers).get("authorization");
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(start));
            controller.error(
              Object.assign(new Error(`socket hang up (authorization: ${auth})`), {
                config: { headers: { Authorization: auth } },
              }),
            );
          },
        });
        const type = start.startsWith("data:") ? "text/event-stream" : "application/json";
        return new Response(body, { headers: { "content-type": type } });
      };
    const messages = [{ role: "user" as const, content: "A lighthouse" }];
    const chat = { model: "gemini-3-pro-image-preview", messages };
    const calls = [
      () =>
        new Pictor({
          apiKey,
          baseURL,
          fetch: breakingBody('{"created":1,"data":[{"b64_json":"iVBOR'),
        }).images.generate(seedream),
      async () => {
        const stream = await new Pictor({
          apiKey,
          baseURL,
          fetch: breakingBody("data: {"),
        }).chat.completions.create({ ...chat, stream: true });
        for await (const _ of stream);
      },
      () =>
        new Pictor({ apiKey, baseURL, fetch: breakingBody('{"id":') }).chat.completions.create(
          chat,
        ),
    ];
    for (const call of calls) {
      const error = await caught(call);
      expect(APIConnectionError.isInstance(error) && error.message).toContain("[redacted]");
      expectNoSecret(error, apiKey);
    }
  });

  it("an error body is redacted value by value, so a key holding quotes cannot break it (still the API error)", async () => {
    // As JSON text, this key matches across the body's structure ("type":"sk-test","code":…).
    const quoted = 'sk-test","code';
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        gatewayErrorResponse(400, { message: `bad key ${quoted}`, type: "sk-test", code: "x" }),
      ),
    );
    const error = await caught(() => client({ apiKey: quoted }).images.generate(seedream));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(BadRequestError.isInstance(error) && error.type).toBe("sk-test");
    // Its message is redacted. (Its JSON shows the key only as the body's own structure does.)
    expect(error instanceof Error && error.message).toContain("bad key [redacted]");
  });

  it("a base64 key echoed percent-encoded (a quoted URL's query, either hex case) or with `\\/`: message and body show it redacted", async () => {
    const key = "sk-9fQ/x+Zr2=";
    const echoes = [
      "https://gw.test/v1?key=sk-9fQ%2Fx%2BZr2%3D",
      "key=sk-9fQ%2fx%2bZr2%3d",
      '{"key":"sk-9fQ\\/x+Zr2="}',
    ];
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        gatewayErrorResponse(400, {
          message: `upstream refused ${echoes.join(" and ")}`,
          type: "invalid_request_error",
          code: "x",
        }),
      ),
    );
    const error = await caught(() => client({ apiKey: key }).images.generate(seedream));
    expect(error).toBeInstanceOf(BadRequestError);
    const text = `${error instanceof Error ? error.message : ""} ${JSON.stringify(error)}`;
    for (const leak of ["9fQ%2Fx", "9fQ%2fx", "9fQ\\/x", "9fQ\\\\/x"])
      expect(text).not.toContain(leak);
    expect(error instanceof Error && error.message).toContain(
      "upstream refused https://gw.test/v1?key=[redacted] and key=[redacted] and",
    );
  });

  it.each([
    [
      "a 401 that echoes the refused key in its message",
      401,
      { message: `Invalid API key ${apiKey}` },
    ],
    ["a 400 that names the key as its param", 400, { message: "Bad field", param: apiKey }],
  ])("%s: message and body show it redacted", async (_, status, fields) => {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        gatewayErrorResponse(status, { type: "invalid_request_error", code: "x", ...fields }),
      ),
    );
    const error = await caught(() => client().images.generate(seedream));
    expect(error instanceof Error && JSON.stringify(error)).toContain("[redacted]");
    expectNoSecret(error, apiKey);
  });

  const chatStream = (pictor: Pictor) =>
    pictor.chat.completions
      .create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "A fox" }],
        stream: true,
      })
      .then((stream) => stream.finalMessage());
  const sseEvent = (data: string) => sse(`data: ${data}\n\n`);
  it.each([
    [
      "images: a 200 body off the spec",
      "/images/generations",
      () => HttpResponse.json({ data: "x", echoed: `key ${apiKey}` }),
    ],
    [
      "images: a 200 body that is not JSON",
      "/images/generations",
      () => new HttpResponse(`<html>proxy saw ${apiKey}</html>`),
    ],
    [
      "chat: a 200 body off the spec",
      "/chat/completions",
      () => HttpResponse.json({ echoed: `key ${apiKey}` }),
    ],
    [
      "chat: a 200 body that is not JSON",
      "/chat/completions",
      () => new HttpResponse(`<html>proxy saw ${apiKey}</html>`),
    ],
    [
      "a stream: an HTML page",
      "/chat/completions",
      () =>
        new HttpResponse(`<html>proxy saw ${apiKey}</html>`, {
          headers: { "content-type": "text/html" },
        }),
    ],
    [
      "a stream: a JSON answer that is no completion",
      "/chat/completions",
      () => HttpResponse.json({ echoed: `key ${apiKey}` }),
    ],
    [
      "a stream: a chunk off the spec",
      "/chat/completions",
      () => sseEvent(JSON.stringify({ echoed: `key ${apiKey}` })),
    ],
    [
      "a stream: an event that is not JSON",
      "/chat/completions",
      () => sseEvent(`proxy saw ${apiKey}`),
    ],
  ])(
    "%s that echoes the key: ResponseValidationError shows it redacted",
    async (name, path, answer) => {
      server.use(http.post(`${baseURL}${path}`, answer));
      const error = await caught(() =>
        name.startsWith("a stream")
          ? chatStream(client())
          : path === "/chat/completions"
            ? client().chat.completions.create({
                model: "gemini-3-pro-image-preview",
                messages: [{ role: "user", content: "A fox" }],
              })
            : client().images.generate(seedream),
      );
      expect(ResponseValidationError.isInstance(error)).toBe(true);
      expect(JSON.stringify(error)).toContain("[redacted]");
      expectNoSecret(error, apiKey);
    },
  );

  it.each([
    ["images", "/images/generations"],
    ["chat", "/chat/completions"],
  ])(
    "%s: a 200 body that is not JSON and quotes the key where its kept 2,000 characters end: no part of the key shows",
    async (_, path) => {
      // The key starts 10 characters before the cut: its first 10 must not survive it.
      const body = `<html>${"x".repeat(1984)}${apiKey} seen by the proxy</html>`;
      server.use(http.post(`${baseURL}${path}`, () => new HttpResponse(body)));
      const error = await caught(() =>
        path === "/chat/completions"
          ? client().chat.completions.create({
              model: "gemini-3-pro-image-preview",
              messages: [{ role: "user", content: "A fox" }],
            })
          : client().images.generate(seedream),
      );
      expect(ResponseValidationError.isInstance(error)).toBe(true);
      expectNoSecret(error, apiKey.slice(0, 10));
    },
  );

  it("a stream event that is not JSON and quotes the key where its kept 200 characters end: no part of the key shows", async () => {
    // The key starts 10 characters before the cut: its first 10 must not survive it.
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        sse(`data: {${"x".repeat(189)}${apiKey} seen by the proxy\n\n`),
      ),
    );
    const stream = await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A fox" }],
      stream: true,
    });
    const error = await caught(async () => {
      for await (const _ of stream) {
        // reading to the broken event
      }
    });
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expectNoSecret(error, apiKey.slice(0, 10));
  });

  it.each([
    ["an HTML page", "text/html"],
    ["a proxy's text", "text/plain"],
  ])(
    "a streamed chat answered with %s that quotes the key where its kept 2,000 characters end: no part of the key shows",
    async (_, type) => {
      // The key starts 10 characters before the cut: its first 10 must not survive it.
      const body = `<p>${"x".repeat(1987)}${apiKey} seen by the proxy</p>`;
      server.use(
        http.post(
          `${baseURL}/chat/completions`,
          () => new HttpResponse(body, { headers: { "content-type": type } }),
        ),
      );
      const error = await caught(async () => {
        const stream = await client().chat.completions.create({
          model: "gemini-3-pro-image-preview",
          messages: [{ role: "user", content: "A fox" }],
          stream: true,
        });
        for await (const _ of stream) {
          // reading to the answer that is no stream
        }
      });
      expect(ResponseValidationError.isInstance(error)).toBe(true);
      expectNoSecret(error, apiKey.slice(0, 10));
    },
  );

  it("a streamed chat's mid-stream error, `event: canceled` or 200 JSON error that echoes the key: thrown and forwarded redacted", async () => {
    const echo = {
      message: `Invalid API key ${apiKey}`,
      type: "gateway_error",
      param: null,
      code: "x",
    };
    const chunk = `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: null }] })}\n\n`;
    const answers = [
      () => sse(`${chunk}event: error\ndata: ${JSON.stringify({ error: echo })}\n\n`),
      () => sse(`${chunk}data: ${JSON.stringify({ error: echo })}\n\n`),
      () => sse(`${chunk}event: error\ndata: upstream said ${apiKey}\n\n`),
      () =>
        sse(
          `${chunk}event: canceled\ndata: ${JSON.stringify({ message: `canceled ${apiKey}` })}\n\n`,
        ),
      () => HttpResponse.json({ error: echo }),
    ];
    const chat = {
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user" as const, content: "A lighthouse" }],
      stream: true as const,
    };
    for (const answer of answers) {
      server.use(http.post(`${baseURL}/chat/completions`, answer));
      const error = await caught(async () => {
        for await (const _ of await client().chat.completions.create(chat));
      });
      expect(APIError.isInstance(error)).toBe(true);
      expectNoSecret(error, apiKey);
      server.use(http.post(`${baseURL}/chat/completions`, answer));
      const stream = await client().chat.completions.create(chat);
      const forwarded = await new Response(stream.toReadableStream()).text();
      expect(forwarded).toContain("event: error");
      expect(forwarded).not.toContain(apiKey);
    }
  });

  it("RequestValidationError (nothing sent)", async () => {
    const error = await caught(() =>
      client().images.edit({
        model: "gemini-3-pro-image-preview",
        prompt: "watercolor",
        images: ["not an image"],
      }),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expectNoSecret(error, apiKey);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a wrong key in a 401 from the gateway", async () => {
    const wrongKey = "sk-test-wrong-key-9876543210";
    const error = await caught(() => client({ apiKey: wrongKey }).images.generate(seedream));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecret(error, wrongKey);
    expectNoSecret(error, apiKey);
    expectCallsRedacted(wrongKey, "authorization");
  });

  it("a key given per call in an Authorization header", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const pictor = new Pictor({ baseURL, maxRetries: 0 });
    const error = await caught(() =>
      pictor.images.generate(seedream, { headers: { Authorization: `Bearer ${apiKey}` } }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expectNoSecret(error, apiKey);
    expectCallsRedacted(apiKey, "authorization");
  });

  it("retry events", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 }, { type: "connection_reset" });
    const retries: RetryEvent[] = [];
    await client({ maxRetries: 2, onRetry: (event) => retries.push(event) }).images.generate(
      seedream,
    );
    expect(retries).toHaveLength(2);
    expect(JSON.stringify(retries)).not.toContain(apiKey);
    expect(inspect(retries, { depth: 10, showHidden: true })).not.toContain(apiKey);
  });
});

describe("the key never shows in an error (x-api-key header, no apiKey)", () => {
  const headerClient = () =>
    new Pictor({ baseURL, headers: { "x-api-key": apiKey }, maxRetries: 0 });

  it("the gateway accepts the x-api-key header and records it redacted", async () => {
    const result = await headerClient().images.generate(seedream);
    expect(result.images).toHaveLength(1);
    expectCallsRedacted(apiKey, "x-api-key");
    expect(gateway.calls[0]?.headers.authorization).toBeUndefined();
  });

  it.each(scenarios)("$name", async ({ is, run }) => {
    const error = await caught(() => run(headerClient()));
    expect(is(error)).toBe(true);
    expectNoSecret(error, apiKey);
    expectCallsRedacted(apiKey, "x-api-key");
  });

  it("a wrong x-api-key in a 401 from the gateway", async () => {
    const wrongKey = "sk-test-wrong-header-key-5555";
    const pictor = new Pictor({ baseURL, headers: { "x-api-key": wrongKey }, maxRetries: 0 });
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecret(error, wrongKey);
    expectCallsRedacted(wrongKey, "x-api-key");
  });

  it.each([
    ["x-api-key with a space after it (a pasted key)", { "x-api-key": `${apiKey} ` }, undefined],
    ["Authorization with a tab after it", { authorization: `Bearer ${apiKey}\t` }, undefined],
    ["Authorization with a space before it", { authorization: ` Bearer ${apiKey}` }, undefined],
    ["a per-call x-api-key with spaces around it", {}, { "x-api-key": ` ${apiKey} ` }],
  ])(
    "%s: fetch sends it trimmed, and a gateway's echo of it is redacted",
    async (_, headers, perCall) => {
      // The gateway echoes every header it got, as fetch sent them.
      server.use(
        http.post(`${baseURL}/images/generations`, ({ request }) =>
          gatewayErrorResponse(401, {
            message: `Invalid API key: ${[...request.headers].map(([name, value]) => `${name}=${value}`).join(", ")}`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          }),
        ),
      );
      const pictor = new Pictor({ baseURL, headers, maxRetries: 0 });
      const error = await caught(() => pictor.images.generate(seedream, { headers: perCall }));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error instanceof Error && error.message).toContain("[redacted]");
      expectNoSecret(error, apiKey);
    },
  );

  describe.each([
    "Helicone-Auth",
    "cf-aig-authorization",
    "x-portkey-api-key",
    "x-goog-api-key",
    "X-Auth-Token",
  ])("a key in the %s header of a proxy or gateway in front", (name) => {
    const proxyKey = "pk-test-proxy-secret-4242424242";
    const headers = { [name]: `Bearer ${proxyKey}` };

    it("is redacted where the gateway echoes it", async () => {
      server.use(
        http.post(`${baseURL}/images/generations`, ({ request }) =>
          gatewayErrorResponse(401, {
            message: `Invalid credentials: ${name}=${request.headers.get(name)}`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          }),
        ),
      );
      const pictor = new Pictor({ apiKey, baseURL, headers, maxRetries: 0 });
      const error = await caught(() => pictor.images.generate(seedream));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error instanceof Error && error.message).toContain("[redacted]");
      expectNoSecret(error, proxyKey);
    });

    it("does not show through an HTTP library's error that holds the request's headers", async () => {
      const holding: typeof fetch = async (_, init) => {
        throw Object.assign(new Error("Request failed"), { config: { headers: init?.headers } });
      };
      // The proxy's key alone (a gateway of your own behind it takes no other): given per call.
      const error = await caught(() =>
        new Pictor({ baseURL, fetch: holding, maxRetries: 0 }).images.generate(seedream, {
          headers,
        }),
      );
      expect(APIConnectionError.isInstance(error)).toBe(true);
      expectNoSecret(error, proxyKey);
    });
  });

  describe("a self-hosted gateway behind a proxy that takes Basic credentials", () => {
    const userAndPassword = "user:longpassword123";
    const password = "longpassword123";
    const headers = { authorization: `Basic ${btoa(userAndPassword)}` };

    it.each([
      ["user:password", `proxy refused credentials ${userAndPassword}`],
      ["the password alone", `proxy refused password ${password} for user`],
    ])("the proxy's error quoting %s decoded: redacted from the APIError", async (_, message) => {
      server.use(
        http.post(`${baseURL}/images/generations`, () =>
          gatewayErrorResponse(401, { message, type: "invalid_request_error", code: null }),
        ),
      );
      const pictor = new Pictor({ baseURL, headers, maxRetries: 0 });
      const error = await caught(() => pictor.images.generate(seedream));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error instanceof Error && error.message).toContain("[redacted]");
      expectNoSecret(error, password);
    });

    it("a password under 8 characters is left as it is (as any short secret: it would garble text)", async () => {
      server.use(
        http.post(`${baseURL}/images/generations`, () =>
          gatewayErrorResponse(401, {
            message: "proxy refused password hunter2",
            type: "invalid_request_error",
            code: null,
          }),
        ),
      );
      const pictor = new Pictor({
        baseURL,
        headers: { authorization: `Basic ${btoa("me:hunter2")}` },
        maxRetries: 0,
      });
      const error = await caught(() => pictor.images.generate(seedream));
      expect(error instanceof Error && error.message).toContain("proxy refused password hunter2");
    });
  });

  it("a fetch error that quotes the request's headers", async () => {
    const quoting: typeof fetch = async (_, init) => {
      throw new TypeError(`failed with ${JSON.stringify(init?.headers)}`);
    };
    const pictor = new Pictor({
      baseURL,
      headers: { "x-api-key": apiKey },
      fetch: quoting,
      maxRetries: 0,
    });
    const error = await caught(() => pictor.images.generate(seedream));
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expectNoSecret(error, apiKey);
  });

  it("the client itself", () => {
    const pictor = headerClient();
    expectNoSecret(pictor, apiKey);
    expect(inspect(rawClient(pictor), { depth: 10, showHidden: true })).not.toContain(apiKey);
  });
});

describe("the raw client's error never shows the key the gateway echoed", () => {
  it.each([
    ["JSON", { message: `Invalid API key ${apiKey}`, type: "invalid_request_error", code: "x" }],
    ["text", `<html>proxy refused Bearer ${apiKey}</html>`],
  ])("a 401 whose %s body echoes it: `error` has it replaced", async (_, answer) => {
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        typeof answer === "string"
          ? new HttpResponse(answer, { status: 401 })
          : gatewayErrorResponse(401, answer),
      ),
    );
    const { error, response } = await rawClient(client()).POST("/images/generations", {
      body: seedream,
    });
    expect(response.status).toBe(401);
    expect(JSON.stringify(error)).toContain("[redacted]");
    expect(inspect(error, { depth: 10 })).not.toContain(apiKey);
  });
});

describe("the key never shows in the client", () => {
  it("JSON.stringify, util.inspect and String show no key", () => {
    const pictor = client();
    expect(JSON.stringify(pictor)).toBe(JSON.stringify({ baseURL }));
    expect(JSON.stringify(pictor)).not.toContain(apiKey);
    expect(inspect(pictor, { depth: 10, showHidden: true })).not.toContain(apiKey);
    expect(inspect(pictor, { depth: 10, showHidden: true, getters: true })).not.toContain(apiKey);
    expect(String(pictor)).not.toContain(apiKey);
  });

  it("nor in its resources or the raw openapi-fetch client", () => {
    const pictor = client();
    for (const part of [pictor.images, pictor.chat, pictor.models, rawClient(pictor)]) {
      expect(inspect(part, { depth: 10, showHidden: true })).not.toContain(apiKey);
      expect(JSON.stringify(part) ?? "").not.toContain(apiKey);
    }
  });

  it("nor when the key came from LLM_GATEWAY_API_KEY", () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", apiKey);
    const pictor = new Pictor({ baseURL });
    expect(JSON.stringify(pictor)).not.toContain(apiKey);
    expect(inspect(pictor, { depth: 10, showHidden: true })).not.toContain(apiKey);
  });
});

/** A 200 event stream whose body is `text`. */
function sse(text: string): Response {
  return new HttpResponse(text, { headers: { "content-type": "text/event-stream" } });
}
