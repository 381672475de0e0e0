import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  browserKey,
  browserPost,
  errorOf,
  mountURL,
  pngDataUrl,
  serverKey,
  upstreamURL,
  useUpstreamGateway,
} from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

const { gateway, server } = useUpstreamGateway();

const handler = createPictorHandler({ apiKey: serverKey, baseURL: upstreamURL, policy: {} });
const generation = { model: "gemini-3.1-flash-image", prompt: "a lighthouse", size: "1K" };

describe("routes", () => {
  it.each([
    ["a Next.js catch-all mount", `${mountURL}/images/generations`],
    ["a /v1 mount", "http://app.test/v1/images/generations"],
    ["a trailing slash", `${mountURL}/images/generations/`],
  ])("serves generations under %s", async (_name, url) => {
    const response = await handler(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(generation),
      }),
    );

    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { b64_json: string }[] };
    expect(body.data).toHaveLength(1);
    expect(gateway.calls).toMatchObject([{ path: "/v1/images/generations", status: 200 }]);
  });

  it("serves edits, chat completions and the model list", async () => {
    const edit = await handler(
      browserPost("/images/edits", {
        model: "gemini-3.1-flash-image",
        prompt: "watercolor",
        images: [{ image_url: await pngDataUrl(64, 64) }],
      }),
    );
    const chat = await handler(
      browserPost("/chat/completions", {
        model: "gemini-3.1-flash-image",
        messages: [{ role: "user", content: "a fox" }],
      }),
    );
    const models = await handler(new Request(`${mountURL}/models?exclude_deprecated=true`));

    expect([edit.status, chat.status, models.status]).toEqual([200, 200, 200]);
    expect(gateway.calls.map((call) => [call.operation, call.query])).toEqual([
      ["editImages", {}],
      ["createChatCompletion", {}],
      ["listModels", { exclude_deprecated: "true" }],
    ]);
  });

  it("forwards the validated body: defaults applied, unknown fields stripped", async () => {
    await handler(browserPost("/images/generations", { prompt: "a fox", seed: 7, extra: "x" }));

    expect(gateway.calls[0]?.body).toEqual({
      prompt: "a fox",
      model: "auto",
      n: 1,
      response_format: "b64_json",
    });
  });

  it("answers 404 in the gateway's format for a path that is no gateway route", async () => {
    const response = await handler(browserPost("/images/variations", generation));

    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({
      type: "invalid_request_error",
      code: "not_found",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("answers 404 for a path that only ends like a route without the segment boundary", async () => {
    const response = await handler(new Request(`${mountURL}/allmodels`));

    expect(response.status).toBe(404);
    expect(gateway.calls).toEqual([]);
  });

  it("answers 405 with Allow for the wrong method", async () => {
    const response = await handler(new Request(`${mountURL}/images/generations`));
    const post = await handler(browserPost("/models", {}));

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(await errorOf(response)).toMatchObject({ code: "method_not_allowed" });
    expect(gateway.calls).toEqual([]);
  });

  it("gives its own refusals an x-request-id: the browser's, else a new one per request", async () => {
    const refusals = await Promise.all([
      handler(new Request(`${mountURL}/images/generations`)),
      handler(new Request(`${mountURL}/images/generations`, { method: "POST", body: "{" })),
      handler(
        new Request(`${mountURL}/images/generations`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{",
        }),
      ),
      handler(browserPost("/images/variations", generation)),
    ]);
    const echoed = await handler(browserPost("/images/edits", {}, { "x-request-id": "page-7" }));

    expect(refusals.map((response) => response.status)).toEqual([405, 415, 400, 404]);
    const ids = refusals.map((response) => response.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([echoed.status, echoed.headers.get("x-request-id")]).toEqual([400, "page-7"]);
    expect(gateway.calls).toEqual([]);
  });

  it("takes the browser's x-request-id only when it is a plain token of at most 128 characters: it goes into the gateway's and the server's logs", async () => {
    const sent = ["x".repeat(129), "req 7; admin", '"><script>', "req_7:retry.2-a"];
    const answers = await Promise.all(
      sent.map((id) =>
        handler(browserPost("/images/generations", generation, { "x-request-id": id })),
      ),
    );

    const ids = answers.map((response) => response.headers.get("x-request-id"));
    for (const id of ids.slice(0, 3)) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[3]).toBe("req_7:retry.2-a");
    expect(gateway.calls.map((call) => call.headers["x-request-id"]).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it("answers HEAD on the model list as GET, without a body, calling the gateway once", async () => {
    const head = await handler(
      new Request(`${mountURL}/models`, { method: "HEAD", headers: { "x-request-id": "up-1" } }),
    );

    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toContain("application/json");
    expect(head.headers.get("x-request-id")).toBe("up-1");
    expect(head.body).toBeNull();
    expect(gateway.calls).toMatchObject([{ operation: "listModels", method: "GET", status: 200 }]);
  });

  it("answers HEAD on a POST route with 405 and Allow: POST, without a body", async () => {
    const head = await handler(new Request(`${mountURL}/images/generations`, { method: "HEAD" }));

    expect(head.status).toBe(405);
    expect(head.headers.get("allow")).toBe("POST");
    expect(head.body).toBeNull();
    expect(gateway.calls).toEqual([]);
  });
});

describe("bad input", () => {
  it.each([
    ["no Content-Type", undefined],
    ["text/plain", "text/plain"],
    ["multipart/form-data", "multipart/form-data; boundary=x"],
  ])("answers 415 for %s and forwards nothing", async (_name, contentType) => {
    const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
    const response = await handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers,
        body: new Blob([JSON.stringify(generation)]),
      }),
    );

    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: "unsupported_media_type" });
    expect(gateway.calls).toEqual([]);
  });

  it("accepts JSON with a charset", async () => {
    const response = await handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(generation),
      }),
    );

    expect(response.status).toBe(200);
  });

  it.each([
    ["not JSON", "{prompt: a fox"],
    ["empty", ""],
  ])("answers 400 for a body that is %s", async (_name, body) => {
    const response = await handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );

    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/^Invalid JSON in request body/);
    expect(gateway.calls).toEqual([]);
  });

  it("answers 400 naming the bad field as the gateway does, before forwarding", async () => {
    const response = await handler(browserPost("/images/generations", { prompt: "a fox", n: 11 }));

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      message: "Invalid request parameters: n: Number must be less than or equal to 10",
      type: "invalid_request_error",
      param: "n",
      code: null,
    });
    expect(gateway.calls).toEqual([]);
  });

  it.each([
    ["/images/generations", { model: "gemini-3.1-flash-image" }, "prompt"],
    [
      "/images/edits",
      { prompt: "x", images: [{ image_url: "http://insecure.test/a.png" }] },
      "images.0.image_url",
    ],
    ["/chat/completions", { model: "gemini-3.1-flash-image", messages: [] }, "messages"],
  ])("validates %s with the generated schema (param %s)", async (path, body, param) => {
    const response = await handler(browserPost(path, body));

    expect(response.status).toBe(400);
    expect((await errorOf(response)).param).toBe(param);
    expect(gateway.calls).toEqual([]);
  });

  it("validates the model list's query", async () => {
    const response = await handler(new Request(`${mountURL}/models?include_deactivated=yes`));

    expect(response.status).toBe(400);
    expect((await errorOf(response)).param).toBe("include_deactivated");
    expect(gateway.calls).toEqual([]);
  });

  it("answers 500 without forwarding when the server has no key", async () => {
    const keyless = createPictorHandler({ apiKey: "", baseURL: upstreamURL, policy: {} });

    const response = await keyless(browserPost("/images/generations", generation));

    expect(response.status).toBe(500);
    // Not worth a retry: a browser client pointed at the route gives up at once.
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(await errorOf(response)).toMatchObject({ code: "missing_api_key" });
    expect(gateway.calls).toEqual([]);
  });

  it("refuses a policy that cannot be meant when the handler is created", () => {
    expect(() => createPictorHandler({ apiKey: serverKey, policy: { maxN: 0 } })).toThrow(
      /policy.maxN must be a positive integer/,
    );
    expect(() => createPictorHandler({ apiKey: serverKey, policy: { maxBodyBytes: 1.5 } })).toThrow(
      /policy.maxBodyBytes/,
    );
    expect(() => createPictorHandler({ apiKey: serverKey, policy: {}, maxRetries: -1 })).toThrow(
      /maxRetries/,
    );
    expect(() => createPictorHandler({ apiKey: serverKey, policy: {}, timeout: 0 })).toThrow(
      /timeout/,
    );
    expect(() =>
      createPictorHandler({ apiKey: serverKey, policy: {}, baseURL: "/api/gateway" }),
    ).toThrow(/baseURL "\/api\/gateway" must be a full http\(s\) URL/);
  });

  it("refuses a misspelt option or policy limit when the handler is created (maxn would let n: 10 through)", () => {
    expect(() =>
      createPictorHandler({ apiKey: serverKey, policy: { ...Object({ maxn: 1 }) } }),
    ).toThrow('createPictorHandler: policy: unknown option "maxn" (did you mean maxN?)');
    expect(() =>
      createPictorHandler({ apiKey: serverKey, policy: {}, ...Object({ baseUrl: upstreamURL }) }),
    ).toThrow('unknown option "baseUrl" (did you mean baseURL?)');
  });

  it("refuses gateway headers the client could not send when the handler is created, without showing a value", () => {
    const create = (headers: Record<string, string>) => () =>
      createPictorHandler({ apiKey: serverKey, policy: {}, headers });

    expect(create({ "x source": "app" })).toThrow(
      'createPictorHandler: headers: "x source" is not a valid HTTP header name',
    );
    expect(create({ "x-token": `${serverKey}\n` })).toThrow(
      /^createPictorHandler: headers: the value of "x-token" holds a line break/,
    );
    expect(create({ "x-token": `${serverKey}\n` })).not.toThrow(serverKey);
  });

  it("refuses a baseURL with a query or user:password@ when the handler is created, without showing them", () => {
    for (const baseURL of [
      `${upstreamURL}?key=${serverKey}`,
      `https://u:${serverKey}@gateway.test/v1`,
    ]) {
      const create = () => createPictorHandler({ apiKey: serverKey, policy: {}, baseURL });
      expect(create).toThrow("must have no query, fragment or user:password@");
      expect(() => create()).not.toThrow(serverKey);
    }
  });
});

describe("body size limit", () => {
  const limited = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstreamURL,
    policy: { maxBodyBytes: 1024 },
  });
  const big = JSON.stringify({ ...generation, prompt: "x".repeat(2000) });

  it("answers 413 for a declared Content-Length over the limit without reading the body", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(big.length) },
      body,
      duplex: "half",
    };

    const response = await limited(new Request(`${mountURL}/images/generations`, init));

    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: "request_too_large" });
    expect(pulls).toBe(0);
    expect(gateway.calls).toEqual([]);
  });

  it("counts the bytes of a body without Content-Length and stops reading at the limit", async () => {
    let pulls = 0;
    // An endless body: a handler that read to the end would never answer.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(256).fill(0x20));
      },
    });
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: endless,
      duplex: "half",
    };
    const request = new Request(`${mountURL}/images/generations`, init);

    const response = await limited(request);

    expect(response.status).toBe(413);
    expect(request.headers.get("content-length")).toBeNull();
    expect(pulls).toBeLessThan(10);
    expect(gateway.calls).toEqual([]);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const response = await limited(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "100" },
        body: big,
      }),
    );

    expect(response.status).toBe(413);
    expect(gateway.calls).toEqual([]);
  });

  it("forwards a body at the limit", async () => {
    const empty = JSON.stringify({ ...generation, prompt: "" });
    const padded = JSON.stringify({ ...generation, prompt: "p".repeat(1024 - empty.length) });
    expect(new TextEncoder().encode(padded).byteLength).toBe(1024);

    const response = await limited(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: padded,
      }),
    );

    expect(response.status).toBe(200);
  });
});

describe("gateway answers", () => {
  it("passes a 429 through with Retry-After, RateLimit-* and x-request-id", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 7 });

    const response = await handler(
      browserPost("/images/generations", generation, { "x-request-id": "req-429" }),
    );

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("ratelimit-limit")).toBe("10000");
    expect(response.headers.get("x-request-id")).toBe("req-429");
    expect(await errorOf(response)).toMatchObject({
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
    });
  });

  it.each([
    ["a success", 200],
    ["an error", 400],
  ] as const)(
    "%s of a deprecated endpoint keeps its Deprecation, Sunset and Link notice for the page",
    async (_, status) => {
      const { http, HttpResponse } = await import("msw");
      const notice = {
        deprecation: "@1790812800",
        sunset: "Sat, 01 May 2027 00:00:00 GMT",
        link: '<https://docs.llmgateway.io/migrations/images>; rel="deprecation"; type="text/html"',
      };
      server.use(
        http.post(`${upstreamURL}/images/generations`, () =>
          HttpResponse.json(
            status === 200
              ? { created: 1, data: [{ b64_json: "AAAA" }] }
              : {
                  error: { message: "Bad", type: "invalid_request_error", param: null, code: null },
                },
            { status, headers: notice },
          ),
        ),
      );

      const response = await handler(browserPost("/images/generations", generation));

      expect(response.status).toBe(status);
      expect(Object.fromEntries(response.headers)).toMatchObject(notice);
    },
  );

  it("drops a header the gateway's Connection names: it was meant for that hop only", async () => {
    const { http, HttpResponse } = await import("msw");
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          { created: 1, data: [{ b64_json: "AAAA" }] },
          {
            headers: {
              connection: "keep-alive, X-RateLimit-Remaining",
              "keep-alive": "timeout=5",
              "transfer-encoding": "chunked",
              "x-ratelimit-remaining": "3",
              "ratelimit-remaining": "4",
            },
          },
        ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(200);
    for (const name of ["connection", "keep-alive", "transfer-encoding", "x-ratelimit-remaining"])
      expect(response.headers.get(name)).toBeNull();
    expect(response.headers.get("ratelimit-remaining")).toBe("4");
  });

  it.each([500, 502, 503, 529] as const)(
    "passes a %i through in the gateway's format",
    async (status) => {
      gateway.faults.enqueue({ type: "server_error", status });

      const response = await handler(browserPost("/images/generations", generation));

      expect(response.status).toBe(status);
      expect((await errorOf(response)).type).toBe("api_error");
    },
  );

  it("passes the gateway's 401 through when the server's key is wrong", async () => {
    const wrongKey = createPictorHandler({
      apiKey: "sk-revoked",
      baseURL: upstreamURL,
      policy: {},
    });

    const response = await wrongKey(browserPost("/images/generations", generation));

    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_api_key" });
  });

  it("wraps an error body that is not in the gateway's format", async () => {
    const { http, HttpResponse } = await import("msw");
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.text("<html>Bad gateway</html>", { status: 502 }),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({
      type: "api_error",
      message: expect.stringContaining("502"),
    });
  });

  it.each([
    ["TGI's and Ollama's error string", { error: "prompt is too long", error_type: "validation" }],
    ["a FastAPI route's detail", { detail: "prompt is too long" }],
    ["vLLM's top-level error", { object: "error", message: "prompt is too long", code: 400 }],
  ])(
    "keeps the words of an OpenAI-compatible server that answers an error its own way (%s), in the gateway's format",
    async (_, refusal) => {
      const { http, HttpResponse } = await import("msw");
      server.use(
        http.post(`${upstreamURL}/images/generations`, () =>
          HttpResponse.json(refusal, { status: 400 }),
        ),
      );

      const response = await handler(browserPost("/images/generations", generation));

      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        message: "prompt is too long",
        type: "invalid_request_error",
      });
    },
  );

  it("keeps the message, type and code of a provider error whose other fields stray from the format", async () => {
    const { http, HttpResponse } = await import("msw");
    const provider = {
      message: "Image generation blocked by the provider's safety system",
      type: "invalid_request_error",
      code: "content_policy_violation",
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo" }],
    };
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json({ error: provider }, { status: 400 }),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(400);
    // In the format (errorOf checks it), the provider's details list left out.
    expect(await errorOf(response)).toEqual({
      message: provider.message,
      type: provider.type,
      code: provider.code,
      param: null,
    });
  });

  it("keeps a provider's own diagnostics in details, and leaves out a known one of the wrong type", async () => {
    const { http, HttpResponse } = await import("msw");
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: "Provider overloaded",
              type: "api_error",
              details: { statusCode: "503", providerName: "google", cause: { code: 8 } },
            },
          },
          { status: 502 },
        ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));
    const body = (await response.json()) as { error: { details?: unknown } };

    expect(response.status).toBe(502);
    expect(body.error.details).toEqual({ statusCode: 503, providerName: "google" });
  });

  it("answers 502 in the gateway's format when the gateway cannot be reached", async () => {
    gateway.faults.enqueue({ type: "connection_reset" });

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ type: "api_error" });
  });

  it("leaves out, and logs, an allowed model (or a field) nested too deeply to write again, and serves the rest of the list", async () => {
    const { http, HttpResponse } = await import("msw");
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
    server.use(
      http.get(
        `${upstreamURL}/models`,
        () =>
          new HttpResponse(
            `{"object":"list","data":[{"id":"gemini-3.1-flash-image","extra":${deep}},{"id":"bytedance/seedream-4-5"},{"id":"gpt-image-2"}],"meta":${deep}}`,
            { headers: { "content-type": "application/json" } },
          ),
      ),
    );
    const filtering = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { allowedModels: ["gemini-3.1-flash-image", "bytedance/seedream-4-5"] },
    });
    const request = new Request(`${mountURL}/models`, {
      headers: { "x-request-id": "req_deep_model" },
    });

    const response = await filtering(request);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      object: "list",
      data: [{ id: "bytedance/seedream-4-5" }],
    });
    const logged = log.mock.calls.map((call) => String(call[0]));
    expect(logged).toEqual([
      expect.stringMatching(/"gemini-3\.1-flash-image".*"meta".*req_deep_model/),
    ]);
  });

  it("logs the models left out once per response, with their count and first ids, however often the list repeats one", async () => {
    const { http, HttpResponse } = await import("msw");
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
    const ids = ["a", "b", "c", "d", ...Array.from({ length: 46 }, () => "gemini-3.1-flash-image")];
    const data = ids.map((id) => `{"id":"${id}","extra":${deep}}`);
    server.use(
      http.get(
        `${upstreamURL}/models`,
        () =>
          new HttpResponse(`{"object":"list","data":[${data.join(",")},{"id":"gpt-image-2"}]}`, {
            headers: { "content-type": "application/json" },
          }),
      ),
    );
    const filtering = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { allowedModels: ["a", "b", "c", "d", "gemini-3.1-flash-image", "gpt-image-2"] },
    });
    const request = new Request(`${mountURL}/models`, {
      headers: { "x-request-id": "req_deep_models" },
    });

    const response = await filtering(request);

    expect(await response.json()).toEqual({ object: "list", data: [{ id: "gpt-image-2" }] });
    expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
      '[@pictor/server] the gateway\'s model list has 50 allowed models ("a", "b", "c" and 2 other ids) nested too deeply to write again; they are left out of the list served (x-request-id req_deep_models)',
    ]);
  });

  it.each([
    ["not JSON", "<html>Service starting</html>"],
    ["without a data array", '{"object":"list","models":[{"id":"gpt-image-2"}]}'],
  ])(
    "answers a model list %s with 502 under allowedModels, never passing on the models it would hide",
    async (_, body) => {
      const { http, HttpResponse } = await import("msw");
      const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
      onTestFinished(() => log.mockRestore());
      server.use(http.get(`${upstreamURL}/models`, () => new HttpResponse(body, { status: 200 })));
      const filtering = createPictorHandler({
        apiKey: serverKey,
        baseURL: upstreamURL,
        policy: { allowedModels: ["gemini-3.1-flash-image"] },
      });

      const response = await filtering(new Request(`${mountURL}/models`));
      const text = await response.text();

      expect(response.status).toBe(502);
      expect(text).not.toContain("gpt-image-2");
      expect(String(log.mock.calls[0]?.[0])).toContain("allowedModels cannot filter it");
    },
  );

  it("adds its fetchOptions (a proxy's dispatcher on Node) to every gateway fetch", async () => {
    const inits: (RequestInit | undefined)[] = [];
    const proxied = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      fetchOptions: { redirect: "error" },
      fetch: (input, init) => {
        inits.push(init);
        return fetch(input, init);
      },
    });

    const response = await proxied(browserPost("/images/generations", generation));

    expect(response.status).toBe(200);
    expect(inits).toEqual([expect.objectContaining({ method: "POST", redirect: "error" })]);
  });

  it("answers each request 500 invalid_settings, not invalid_api_key, when fetchOptions is one the client refuses", async () => {
    const misconfigured = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      fetchOptions: { headers: { "x-a": "1" } } as object,
    });

    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);

    const response = await misconfigured(browserPost("/images/generations", generation));
    const logged = log.mock.calls.join(" ");
    log.mockRestore();

    expect(response.status).toBe(500);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_settings" });
    expect(logged).toContain("fetchOptions.headers is set per request");
    expect(gateway.calls).toHaveLength(0);
  });

  it("answers a bad setting with a generic 500 that names no internal host, and says why in the server's log with the request id", async () => {
    // The server's environment names an internal gateway the client refuses (ftp:).
    vi.stubEnv("LLM_GATEWAY_BASE_URL", "ftp://gw.corp:8080/v1");
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const misconfigured = createPictorHandler({ apiKey: serverKey, policy: {} });
    vi.unstubAllEnvs();

    const response = await misconfigured(
      new Request(`${mountURL}/models`, { headers: { "x-request-id": "req-settings-1" } }),
    );
    const logged = log.mock.calls.join(" ");
    log.mockRestore();

    expect(response.status).toBe(500);
    expect(response.headers.get("x-should-retry")).toBe("false");
    const text = await response.text();
    expect(text).not.toContain("gw.corp");
    expect(JSON.parse(text)).toMatchObject({
      error: {
        code: "invalid_settings",
        message: expect.stringMatching(/misconfigured.*req-settings-1/),
      },
    });
    expect(logged).toContain("req-settings-1");
    expect(logged).toContain("gw.corp:8080");
    expect(gateway.calls).toHaveLength(0);
  });

  it("says in the server's log, with the request id, why the gateway could not be reached (a typo in baseURL)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const unreachableGateway: typeof fetch = async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.llmgatway.io"), {
          code: "ENOTFOUND",
        }),
      });
    };
    const mistyped = createPictorHandler({
      apiKey: serverKey,
      baseURL: "https://api.llmgatway.io/v1",
      policy: {},
      fetch: unreachableGateway,
    });

    const response = await mistyped(
      browserPost("/images/generations", generation, { "x-request-id": "req-502" }),
    );

    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ type: "api_error" });
    expect(log).toHaveBeenCalledTimes(1);
    const logged = log.mock.calls[0]?.join(" ") ?? "";
    expect(logged).toContain("req-502");
    expect(logged).toContain("ENOTFOUND api.llmgatway.io");
    expect(logged).not.toContain(serverKey);
    log.mockRestore();
  });

  it("answers 504 when the gateway does not answer within the timeout", async () => {
    const impatient = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      timeout: 50,
    });
    gateway.faults.enqueue({ type: "latency", ms: 5_000 });

    const response = await impatient(browserPost("/images/generations", generation));

    expect(response.status).toBe(504);
    expect(await errorOf(response)).toMatchObject({ type: "timeout_error", code: "timeout" });
  });

  it("timeout: Infinity waits as long as the gateway takes, as the client's does", async () => {
    const patient = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      timeout: Number.POSITIVE_INFINITY,
    });
    gateway.faults.enqueue({ type: "latency", ms: 50 });

    const response = await patient(browserPost("/images/generations", generation));

    expect(response.status).toBe(200);
  });

  it("the timeout still bounds an error answer whose body never ends, keeping its status, and the model list's", async () => {
    // Headers at once, then a body that stalls until the fetch's signal ends it (as fetch does).
    // A 500 for a generation, a 200 for the model list (which the policy makes the handler read).
    const stalling: typeof fetch = async (input, init) => {
      return new Response(
        new ReadableStream({
          start(controller) {
            init?.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
          },
        }),
        {
          status: String(input).endsWith("/models") ? 200 : 503,
          headers: { "content-type": "application/json", "retry-after": "2" },
        },
      );
    };
    const impatient = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { allowedModels: ["gemini-3.1-flash-image"] },
      timeout: 100,
      fetch: stalling,
    });

    const failed = await impatient(browserPost("/images/generations", generation));
    const models = await impatient(new Request(`${mountURL}/models`));

    // The gateway answered, so it is making nothing: its status and retry hints stand (a
    // retryable 503 here, not a 504 that must not be retried), with the reason in its format.
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("2");
    expect(failed.headers.get("x-should-retry")).toBeNull();
    expect((await errorOf(failed)).message).toMatch(/did not arrive within the timeout/);
    expect([502, 504]).toContain(models.status);
  });

  it("does not retry by default: the browser's client retries", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 503 });

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(503);
    expect(gateway.calls).toHaveLength(1);
  });

  it("retries through @pictor/client when maxRetries is set", async () => {
    const retrying = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      maxRetries: 1,
    });
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 1 });

    const response = await retrying(browserPost("/images/generations", generation));

    expect(response.status).toBe(200);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
  });
});

describe("what is forwarded", () => {
  it("sends the server's key, never the browser's credentials or cookies", async () => {
    const response = await handler(
      browserPost("/images/generations", generation, {
        authorization: `Bearer ${browserKey}`,
        "x-api-key": browserKey,
        cookie: "session=abc",
        "x-request-id": "req-1",
      }),
    );

    // The mock accepts only the server's key: a forwarded browser key would be a 401.
    expect(response.status).toBe(200);
    const headers = gateway.calls[0]?.headers ?? {};
    expect(headers.authorization).toBe("Bearer [redacted]");
    expect(headers).not.toHaveProperty("x-api-key");
    expect(headers).not.toHaveProperty("cookie");
    expect(gateway.calls[0]?.requestId).toBe("req-1");
    expect(response.headers.get("x-request-id")).toBe("req-1");
  });

  it("sends the server's own headers with every call (x-no-fallback, x-source), whatever the browser sent", async () => {
    const pinned = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      headers: { "x-no-fallback": "true", "x-source": "my-app" },
    });

    const responses = await Promise.all([
      pinned(browserPost("/images/generations", generation, { "x-no-fallback": "false" })),
      pinned(new Request(`${mountURL}/models`)),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    for (const call of gateway.calls)
      expect(call.headers).toMatchObject({ "x-no-fallback": "true", "x-source": "my-app" });
    expect(gateway.calls).toHaveLength(2);
  });

  it("forwards none of the browser's other headers", async () => {
    await handler(
      browserPost("/images/generations", generation, {
        "x-forwarded-for": "203.0.113.9",
        "x-no-fallback": "true",
        origin: "http://app.test",
      }),
    );

    // x-request-id is the handler's own when the browser sent none (one id end to end).
    expect(Object.keys(gateway.calls[0]?.headers ?? {}).sort()).toEqual([
      "authorization",
      "content-type",
      "x-request-id",
    ]);
  });
});
