import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import {
  browserPost,
  errorOf,
  expectKeyAbsent,
  mountURL,
  serverKey,
  upstreamURL,
  useUpstreamGateway,
} from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

const { gateway, server } = useUpstreamGateway();

/** A gateway's stream sending `chunks` one by one, as a proxy in front of it may cut them. */
function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
}

const handler = createPictorHandler({
  apiKey: serverKey,
  baseURL: upstreamURL,
  policy: {
    allowedModels: ["gemini-3.1-flash-image"],
    maxN: 2,
    maxBodyBytes: 4096,
    authorize: (request) => request.headers.get("cookie") !== "banned=1",
    rateLimit: (request) =>
      request.headers.get("x-test-limit") ? { retryAfterSeconds: 5 } : undefined,
  },
});
const generation = { model: "gemini-3.1-flash-image", prompt: "a lighthouse" };
const streamingChat = {
  model: "gemini-3.1-flash-image",
  stream: true,
  messages: [{ role: "user", content: "a fox" }],
};

describe("the key never reaches the browser", () => {
  it.each([
    ["a generation", () => browserPost("/images/generations", generation), 200],
    ["a streamed chat", () => browserPost("/chat/completions", streamingChat), 200],
    ["the model list", () => new Request(`${mountURL}/models`), 200],
    ["a 404", () => browserPost("/nope", generation), 404],
    ["a 405", () => new Request(`${mountURL}/chat/completions`), 405],
    [
      "a 415",
      () => new Request(`${mountURL}/images/generations`, { method: "POST", body: "x" }),
      415,
    ],
    ["a 400", () => browserPost("/images/generations", { n: 1 }), 400],
    [
      "a 401 of authorize",
      () => browserPost("/images/generations", generation, { cookie: "banned=1" }),
      401,
    ],
    [
      "a 403 of the model list",
      () => browserPost("/images/generations", { ...generation, model: "x" }),
      403,
    ],
    [
      "a 413",
      () => browserPost("/images/generations", { ...generation, prompt: "x".repeat(5000) }),
      413,
    ],
    [
      "a 429 of rateLimit",
      () => browserPost("/images/generations", generation, { "x-test-limit": "1" }),
      429,
    ],
  ])("in %s", async (_name, request, status) => {
    const response = await handler(request());

    expect(response.status).toBe(status);
    await expectKeyAbsent(response);
  });

  it.each([
    ["a 429", { type: "rate_limit", retryAfterSeconds: 3 }, 429],
    ["a 500", { type: "server_error", status: 500 }, 500],
    ["a 529", { type: "server_error", status: 529 }, 529],
    ["a 402", { type: "spend_cap" }, 402],
    ["a broken connection (502)", { type: "connection_reset" }, 502],
  ] as const)("in the gateway's %s", async (_name, fault, status) => {
    gateway.faults.enqueue(fault);

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(status);
    await expectKeyAbsent(response);
  });

  it("in the gateway's 401 for a wrong server key", async () => {
    const wrongKey = "sk-server-wrong-7e7e";
    const misconfigured = createPictorHandler({
      apiKey: wrongKey,
      baseURL: upstreamURL,
      policy: {},
    });

    const response = await misconfigured(browserPost("/images/generations", generation));

    expect(response.status).toBe(401);
    await expectKeyAbsent(response, wrongKey);
  });

  it("in a stream that fails half-way", async () => {
    gateway.faults.enqueue({ type: "stream_error" });

    const response = await handler(browserPost("/chat/completions", streamingChat));

    const text = await expectKeyAbsent(response);
    expect(text).toContain("event: error");
  });
});

describe("a gateway that echoes the key", () => {
  const echoed = `Invalid API key: ${serverKey}`;

  it("is redacted from error bodies, also where JSON escaped it", async () => {
    const quotedKey = 'sk-"quoted"\\key';
    const quoting = createPictorHandler({ apiKey: quotedKey, baseURL: upstreamURL, policy: {} });
    server.use(
      http.post(`${upstreamURL}/images/generations`, ({ request }) =>
        HttpResponse.json(
          {
            error: {
              message: `Invalid API key: ${request.headers.get("authorization")?.slice(7)}`,
              type: "invalid_request_error",
              param: null,
              code: "invalid_api_key",
            },
          },
          { status: 401 },
        ),
      ),
    );

    const plain = await handler(browserPost("/images/generations", generation));
    const quoted = await quoting(browserPost("/images/generations", generation));

    expect(await errorOf(plain.clone())).toMatchObject({ message: "Invalid API key: [redacted]" });
    await expectKeyAbsent(plain);
    expect((await errorOf(quoted.clone())).message).toBe("Invalid API key: [redacted]");
    await expectKeyAbsent(quoted, quotedKey);
  });

  it("is redacted from an error nested thousands of levels deep, which still reaches the browser as the gateway's 400", async () => {
    const arrays = `${"[".repeat(5_000)}"${serverKey}"${"]".repeat(5_000)}`;
    const objects = `${'{"provider":'.repeat(5_000)}"${serverKey}"${"}".repeat(5_000)}`;
    server.use(
      http.post(
        `${upstreamURL}/images/generations`,
        () =>
          new HttpResponse(
            `{"error":{"message":"${echoed}","type":"invalid_request_error","extra":${arrays},"details":${objects}}}`,
            { status: 400, headers: { "content-type": "application/json" } },
          ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(400);
    expect(await errorOf(response.clone())).toMatchObject({
      message: "Invalid API key: [redacted]",
      type: "invalid_request_error",
    });
    await expectKeyAbsent(response);
  });

  it("is redacted from an error of thousands of per-item messages", async () => {
    // A provider's list of per-item failures, one of them quoting the key. What it costs is timed
    // in redact-secret.test.ts against the same text in one string: a wall-clock limit here would
    // flake on a loaded machine.
    const failures = Array.from({ length: 20_000 }, (_, index) => ({
      item: `item ${index} refused by moderation`,
    }));
    failures.push({ item: echoed });
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          { error: { message: "Batch refused", type: "invalid_request_error", failures } },
          { status: 400 },
        ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(400);
    const text = await expectKeyAbsent(response);
    expect(text).toContain(
      '{"item":"item 19999 refused by moderation"},{"item":"Invalid API key: [redacted]"}',
    );
  }, 60_000);

  it("is redacted from success bodies and dropped from headers", async () => {
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          { created: 1, data: [], note: echoed },
          {
            headers: {
              "x-request-id": `req-${serverKey}`,
              "x-echo-authorization": `Bearer ${serverKey}`,
              "set-cookie": `key=${serverKey}`,
              "www-authenticate": `Bearer realm="${serverKey}"`,
            },
          },
        ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    // The echoed id is dropped; the id the handler sent the gateway stands in for it.
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const text = await expectKeyAbsent(response);
    expect(JSON.parse(text)).toEqual({ created: 1, data: [], note: "Invalid API key: [redacted]" });
  });

  it("is redacted from a stream even when split across chunks", async () => {
    const half = Math.floor(serverKey.length / 2);
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const chunks = [
          'data: {"a":1}\n\n',
          `event: error\ndata: {"message":"${serverKey.slice(0, half)}`,
          `${serverKey.slice(half)} and ${serverKey}"}\n\n`,
          "data: [DONE]\n\n",
        ];
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    const text = await expectKeyAbsent(response);
    expect(text).toBe(
      'data: {"a":1}\n\nevent: error\ndata: {"message":"[redacted] and [redacted]"}\n\ndata: [DONE]\n\n',
    );
  });
});

describe("a gateway that echoes the key JSON-escaped", () => {
  /** The key as an encoder may write it in a JSON string: some characters as `\u` escapes. */
  const unicodeEscaped = serverKey.replace("s", "\\u0073").replace("-", "\\u002D");
  const quotedKey = 'sk-"quoted"/key\\7';

  it("is redacted from a success body, as the browser's JSON.parse would read it", async () => {
    server.use(
      http.post(
        `${upstreamURL}/images/generations`,
        () =>
          new HttpResponse(`{"created":1,"data":[],"note":"key ${unicodeEscaped} refused"}`, {
            headers: { "content-type": "application/json" },
          }),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(await response.json()).toEqual({ created: 1, data: [], note: "key [redacted] refused" });
  });

  it("is redacted from a stream, escaped and split across chunks", async () => {
    const event = `data: {"note":"${unicodeEscaped}"}\n\n`;
    const cut = event.indexOf("\\u0073") + 3;
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const chunks = [event.slice(0, cut), event.slice(cut), "data: [DONE]\n\n"];
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    expect(await response.text()).toBe('data: {"note":"[redacted]"}\n\ndata: [DONE]\n\n');
  });

  it('is redacted from a key with " and / however the encoder escaped them', async () => {
    const quoting = createPictorHandler({ apiKey: quotedKey, baseURL: upstreamURL, policy: {} });
    // PHP's json_encode escapes every slash: "sk-\"quoted\"\/key\\7".
    const phpStyle = JSON.stringify(quotedKey).slice(1, -1).replaceAll("/", "\\/");
    server.use(
      http.post(
        `${upstreamURL}/images/generations`,
        () =>
          new HttpResponse(`{"created":1,"data":[],"note":"${phpStyle}"}`, {
            headers: { "content-type": "application/json" },
          }),
      ),
    );

    const response = await quoting(browserPost("/images/generations", generation));

    expect(await response.json()).toEqual({ created: 1, data: [], note: "[redacted]" });
  });

  it("is redacted from the filtered model list, which is serialised again", async () => {
    const quoting = createPictorHandler({
      apiKey: quotedKey,
      baseURL: upstreamURL,
      policy: { allowedModels: ["gemini-3.1-flash-image"] },
    });
    server.use(
      http.get(`${upstreamURL}/models`, () =>
        HttpResponse.json({
          object: "list",
          note: `for ${quotedKey}`,
          data: [{ id: "gemini-3.1-flash-image" }],
        }),
      ),
    );

    const response = await quoting(new Request(`${mountURL}/models`));

    expect(await response.json()).toMatchObject({ note: "for [redacted]" });
  });

  it("is redacted from an error's text that quotes the provider's JSON", async () => {
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: "Upstream provider error",
              type: "upstream_error",
              param: null,
              code: null,
              responseText: `{"error":"bad key ${unicodeEscaped}"}`,
            },
          },
          { status: 502 },
        ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({
      responseText: '{"error":"bad key [redacted]"}',
    });
  });
});

describe("a key read from a file, or one that cannot be sent", () => {
  it("is redacted though it ended with a newline (the client sends it trimmed)", async () => {
    const fromFile = createPictorHandler({
      apiKey: `${serverKey}\n`,
      baseURL: upstreamURL,
      policy: {},
    });
    server.use(
      http.post(`${upstreamURL}/images/generations`, ({ request }) =>
        HttpResponse.json(
          {
            error: {
              message: `Invalid API key: ${request.headers.get("authorization")}`,
              type: "invalid_request_error",
              param: null,
              code: "invalid_api_key",
            },
          },
          { status: 401 },
        ),
      ),
    );

    const response = await fromFile(browserPost("/images/generations", generation));

    // The client redacts the gateway's error first, the `Authorization` value whole.
    expect((await errorOf(response.clone())).message).toBe("Invalid API key: [redacted]");
    await expectKeyAbsent(response);
  });

  it("does not stop the server (a build with a placeholder key must pass) and answers 500 per request, not retried, without the key", async () => {
    const placeholder = createPictorHandler({
      apiKey: "sk-test-\nsecret-part-789",
      baseURL: upstreamURL,
      policy: {},
    });

    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);

    const response = await placeholder(browserPost("/images/generations", generation));
    const logged = log.mock.calls.join(" ");
    log.mockRestore();

    expect(response.status).toBe(500);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(await errorOf(response.clone())).toMatchObject({
      code: "invalid_api_key",
      message: expect.stringContaining("misconfigured"),
    });
    expect(await response.text()).not.toContain("secret-part-789");
    // The owner reads why in the log, which shows the key no more than the browser's answer.
    expect(logged).toContain("apiKey holds");
    expect(logged).not.toContain("secret-part-789");
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("a proxy's key in the server's headers (Helicone-Auth, cf-aig-authorization)", () => {
  const proxyKey = "pk-helicone-7d3e1b9c5a";
  const behindProxy = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstreamURL,
    headers: { "Helicone-Auth": `Bearer ${proxyKey}`, "x-source": "pictor-tests" },
    policy: {},
  });

  it("is redacted from an error body and a success body that echo it, as the key is", async () => {
    const echo = (request: Request) =>
      `Helicone-Auth ${request.headers.get("helicone-auth")}, ${request.headers.get("authorization")}`;
    server.use(
      http.post(`${upstreamURL}/images/generations`, ({ request }) =>
        HttpResponse.json(
          {
            error: {
              message: `Refused: ${echo(request)}`,
              type: "invalid_request_error",
              param: null,
              code: "invalid_api_key",
            },
          },
          { status: 401 },
        ),
      ),
      http.get(`${upstreamURL}/models`, ({ request }) =>
        HttpResponse.json({ object: "list", data: [], note: echo(request) }),
      ),
    );

    const refused = await behindProxy(browserPost("/images/generations", generation));
    // The client redacts the gateway's error first, the `Authorization` value whole.
    expect((await errorOf(refused.clone())).message).toBe(
      "Refused: Helicone-Auth [redacted], [redacted]",
    );
    await expectKeyAbsent(refused, proxyKey);
    const models = await behindProxy(new Request(`${mountURL}/models`));
    expect(JSON.parse(await expectKeyAbsent(models, proxyKey))).toMatchObject({
      note: "Helicone-Auth [redacted], Bearer [redacted]",
    });
  });
});

describe("a proxy's Basic credentials in the server's headers (Proxy-Authorization: Basic …)", () => {
  const password = "proxy-pw-8c2e6a1f";
  const behindProxy = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstreamURL,
    headers: { "Proxy-Authorization": `Basic ${btoa(`pictor:${password}`)}` },
    policy: {},
  });
  /** What a proxy that decodes the header says of it. */
  const decodedEcho = (request: Request) =>
    `credentials ${atob(request.headers.get("proxy-authorization")?.split(" ")[1] ?? "")}, password ${password}`;

  it("is redacted decoded too, from an error and a success that quote it", async () => {
    server.use(
      http.post(`${upstreamURL}/images/generations`, ({ request }) =>
        HttpResponse.json(
          {
            error: {
              message: `Proxy refused ${decodedEcho(request)}`,
              type: "invalid_request_error",
              param: null,
              code: null,
            },
          },
          { status: 407 },
        ),
      ),
      http.get(`${upstreamURL}/models`, ({ request }) =>
        HttpResponse.json({ object: "list", data: [], note: decodedEcho(request) }),
      ),
    );

    const refused = await behindProxy(browserPost("/images/generations", generation));
    expect((await errorOf(refused.clone())).message).toBe(
      "Proxy refused credentials [redacted], password [redacted]",
    );
    await expectKeyAbsent(refused, password);
    const models = await behindProxy(new Request(`${mountURL}/models`));
    expect(JSON.parse(await expectKeyAbsent(models, password))).toMatchObject({
      note: "credentials [redacted], password [redacted]",
    });
  });
});

describe("a proxy's session cookie in the server's headers, the credential first of several", () => {
  const session = "sess-9c1f4e7a2b";
  const behindProxy = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstreamURL,
    headers: { Cookie: `session=${session}; theme=dark` },
    policy: {},
  });

  it("is redacted where the gateway echoes the header whole, not only the part after its first space", async () => {
    server.use(
      http.get(`${upstreamURL}/models`, ({ request }) =>
        HttpResponse.json({
          object: "list",
          data: [],
          note: `Cookie: ${request.headers.get("cookie")}`,
        }),
      ),
    );
    const models = await behindProxy(new Request(`${mountURL}/models`));
    expect(JSON.parse(await expectKeyAbsent(models, session))).toMatchObject({
      note: "Cookie: [redacted]",
    });
  });
});

describe("the key base64-encoded in an error or a header (a proxy echoing what it got, encoded)", () => {
  // The key alone, after "Bearer " and inside a JSON dump of the headers: each at another offset
  // of base64's 3-byte groups, so each encodes it differently. Also in the URL-safe alphabet.
  const echoes = ["", "Bearer ", '{"authorization":"Bearer '].flatMap((before) => {
    const encoded = btoa(`${before}${serverKey}"}`);
    return [encoded, encoded.replaceAll("+", "-").replaceAll("/", "_")];
  });
  /** Characters that encode the key's middle bytes only, whatever surrounds it. */
  const middleOf = (encoded: string, before: number) =>
    encoded.slice(
      Math.ceil((before + 3) / 3) * 4,
      Math.floor((before + serverKey.length - 3) / 3) * 4,
    );

  it("is redacted from the error's body, and a header holding it is dropped", async () => {
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: `Proxy refused: ${echoes.join(", ")}`,
              type: "invalid_request_error",
              param: null,
              code: "invalid_api_key",
            },
          },
          { status: 401, headers: { "ratelimit-policy": `10;w=60;partition="${echoes[2]}"` } },
        ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(response.status).toBe(401);
    expect(response.headers.get("ratelimit-policy")).toBeNull();
    const { message } = await errorOf(response);
    expect(message.match(/\[redacted\]/g)).toHaveLength(echoes.length);
    for (const [index, before] of [0, 0, 7, 7, 26, 26].entries()) {
      const middle = middleOf(echoes[index] ?? "", before);
      expect(middle.length).toBeGreaterThanOrEqual(16);
      expect(message).not.toContain(middle);
    }
  });
  it("is redacted from an error event in a streamed chat, as from an error body", async () => {
    // A proxy that refuses mid-stream and quotes the `Authorization` it got, Basic-encoded.
    const basic = btoa(`gateway:${serverKey}`);
    const chunk = { id: "c1", object: "chat.completion.chunk", choices: [] };
    const refusal = {
      error: { message: `Proxy refused Authorization: Basic ${basic}`, type: "api_error" },
    };
    // The error event split mid-way through the encoded key and its lines, as a socket may split it.
    const event = `event: error\r\ndata: ${JSON.stringify(refusal)}\r\n\r\n`;
    const cut = event.indexOf(basic) + 10;
    const chunks = [
      `data: ${JSON.stringify(chunk)}\n\n`,
      event.slice(0, 5),
      event.slice(5, cut),
      event.slice(cut),
      "event: done\ndata: [DONE]\n\n",
    ];
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    expect(response.status).toBe(200);
    const text = await response.text();
    const middle = middleOf(basic, "gateway:".length);
    expect(middle.length).toBeGreaterThanOrEqual(16);
    expect(text).not.toContain(middle);
    expect(text).toContain("Proxy refused Authorization: Basic ");
    expect(text).toContain("[redacted]");
    expect(text.startsWith(`data: ${JSON.stringify(chunk)}\n\n`)).toBe(true);
    expect(text.endsWith("event: done\ndata: [DONE]\n\n")).toBe(true);
  });
  it('is redacted from a data-only error chunk ({"error": …}), which the page\'s client reads as an error too', async () => {
    // OpenAI-compatible servers send a mid-stream error as a plain chunk; the client throws it.
    const basic = btoa(`gateway:${serverKey}`);
    const refusal = { error: { message: `Proxy refused Authorization: Basic ${basic}` } };
    const chunks = [`data: ${JSON.stringify(refusal)}\n\n`, "data: [DONE]\n\n"];
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    const text = await response.text();
    const middle = middleOf(basic, "gateway:".length);
    expect(middle.length).toBeGreaterThanOrEqual(16);
    expect(text).not.toContain(middle);
    expect(text).toMatch(
      /^data: \{"error":\{"message":"Proxy refused Authorization: Basic \S*\[redacted\]/,
    );
    expect(text.endsWith("\n\ndata: [DONE]\n\n")).toBe(true);
  });

  it.each([
    ["a space after {", (json: string) => `data: { "error"${json.slice('{"error"'.length)}\n\n`],
    ["no space after data:, CRLF line ends", (json: string) => `data:${json}\r\n\r\n`],
    ["two spaces after data:", (json: string) => `data:  ${json}\n\n`],
    ["a tab after data: ", (json: string) => `data: \t${json}\n\n`],
    [
      "its JSON over several data lines",
      (json: string) => `data: {\ndata:   "error"${json.slice('{"error"'.length, -1)}\ndata: }\n\n`,
    ],
    [
      "the error after the chunk's fields (OpenRouter's)",
      (json: string) =>
        `data: {"id":"c1","object":"chat.completion.chunk",${json.slice(1, -1)},"choices":[{"index":0,"delta":{},"finish_reason":"error"}]}\n\n`,
    ],
  ])(
    "is redacted from an error chunk written with %s, which the page's client reads as an error too",
    async (_, write) => {
      const basic = btoa(`gateway:${serverKey}`);
      const refusal = { error: { message: `Proxy refused Authorization: Basic ${basic}` } };
      const event = write(JSON.stringify(refusal));
      // Split inside "error" and inside the encoded key, as a socket may split them.
      const [first, second] = [event.indexOf('"error"') + 3, event.indexOf(basic) + 10];
      const chunks = [
        event.slice(0, first),
        event.slice(first, second),
        event.slice(second),
        "data: [DONE]\n\n",
      ];
      server.use(
        http.post(
          `${upstreamURL}/chat/completions`,
          () =>
            new HttpResponse(streamOf(chunks), {
              headers: { "content-type": "text/event-stream" },
            }),
        ),
      );

      const response = await handler(browserPost("/chat/completions", streamingChat));

      const text = await response.text();
      const middle = middleOf(basic, "gateway:".length);
      expect(middle.length).toBeGreaterThanOrEqual(16);
      expect(text).not.toContain(middle);
      expect(text).toContain("Proxy refused Authorization: Basic ");
      expect(text).toContain("[redacted]");
      expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    },
  );
  it("is redacted from the gateway's event: canceled, which the page's client throws as a 499 with its message", async () => {
    const basic = btoa(`gateway:${serverKey}`);
    const event = `event: canceled\ndata: {"message":"Proxy canceled Authorization: Basic ${basic}"}\n\n`;
    const cut = event.indexOf(basic) + 10;
    const chunks = [event.slice(0, 9), event.slice(9, cut), event.slice(cut)];
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    const text = await response.text();
    const middle = middleOf(basic, "gateway:".length);
    expect(middle.length).toBeGreaterThanOrEqual(16);
    expect(text).not.toContain(middle);
    expect(text).toMatch(
      /^event: canceled\ndata: \{"message":"Proxy canceled Authorization: Basic \S*\[redacted\]/,
    );
  });
  it("is redacted from a comment line before an error event's fields, as from its data", async () => {
    // A proxy that notes what it got in a comment, then fails: the comment is sent on before the
    // event's type is known (it may be a keep-alive), so it is redacted as it goes.
    const basic = btoa(`gateway:${serverKey}`);
    const chunks = [
      `: proxy got Authorization: Basic ${basic.slice(0, 12)}`,
      `${basic.slice(12)}\nevent: error\ndata: {"error":{"message":"Proxy refused"}}\n\n`,
      "data: [DONE]\n\n",
    ];
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    const text = await response.text();
    const middle = middleOf(basic, "gateway:".length);
    expect(middle.length).toBeGreaterThanOrEqual(16);
    expect(text).not.toContain(middle);
    expect(text).toMatch(/^: proxy got Authorization: Basic \S*\[redacted\]\S*\nevent: error\n/);
    expect(text.endsWith('data: {"error":{"message":"Proxy refused"}}\n\ndata: [DONE]\n\n')).toBe(
      true,
    );
  });
  it("is redacted from a comment line inside a chunk's event, which the browser skips but still receives", async () => {
    const basic = btoa(`gateway:${serverKey}`);
    const chunk = { id: "c1", object: "chat.completion.chunk", choices: [] };
    const comment = `: proxy got Authorization: Basic ${basic}\n`;
    const cut = comment.indexOf(basic) + 10;
    // The comment split inside the encoded key; the chunk's data goes on unchanged.
    const chunks = [
      `data: ${JSON.stringify(chunk)}\n${comment.slice(0, cut)}`,
      `${comment.slice(cut)}\ndata: ${JSON.stringify(chunk)}\n: ${basic}`,
    ];
    server.use(
      http.post(
        `${upstreamURL}/chat/completions`,
        () =>
          new HttpResponse(streamOf(chunks), { headers: { "content-type": "text/event-stream" } }),
      ),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));

    const text = await response.text();
    const middle = middleOf(basic, "gateway:".length);
    expect(middle.length).toBeGreaterThanOrEqual(16);
    expect(text).not.toContain(middle);
    expect(text).toMatch(
      /^data: \{"id":"c1",[^\n]*\n: proxy got Authorization: Basic \S*\[redacted\]\S*\n\n/,
    );
    // The comment the stream ended inside, too.
    expect(text).toMatch(/\ndata: \{"id":"c1",[^\n]*\n: \S*\[redacted\]\S*$/);
  });
  it("still passes a stream's keep-alive comment on at once, before any event has ended", async () => {
    let sent = false;
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            // One comment, then a gateway still making the image: the stream stays open.
            if (!sent) controller.enqueue(new TextEncoder().encode(": keep-alive\n"));
            sent = true;
            return new Promise(() => undefined);
          },
        });
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );

    const response = await handler(browserPost("/chat/completions", streamingChat));
    const reader = response.body?.getReader();
    const first = await reader?.read();
    await reader?.cancel();

    expect(new TextDecoder().decode(first?.value)).toBe(": keep-alive\n");
  });
});

describe("a key set as the baseURL (LLM_GATEWAY_BASE_URL=sk-… in the wrong line of a .env file)", () => {
  it.each([
    ["a key", serverKey],
    ["a base64 key, whose / a URL has too", "sk-9fQ/x+Zr2=Kp"],
  ])("%s is not echoed in the start-up error (a server's log)", (_, key) => {
    const start = () => createPictorHandler({ apiKey: serverKey, baseURL: key, policy: {} });
    expect(start).toThrow(/createPictorHandler: baseURL .*must be a full http\(s\) URL/);
    expect(start).not.toThrow(key);
  });

  it.each([
    [
      "a JWT, whose dots a host name has too",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ],
    [
      "a user:secret pair, which parses as a URL scheme",
      "svc-account:9fQx2Zr2Kp7sLmN0aBcDeFgHiJkLmNoPqRsTuV",
    ],
  ])("%s is not echoed in the start-up error (as the client does not)", (_, key) => {
    const start = () => createPictorHandler({ apiKey: serverKey, baseURL: key, policy: {} });
    expect(start).toThrow(/createPictorHandler: baseURL .*must be a full http\(s\) URL/);
    expect(start).not.toThrow("SflKxwRJSMeKKF2Q");
    expect(start).not.toThrow("9fQx2Zr2Kp7sLmN0");
  });

  it("a URL without its scheme or a path is still shown, to spot the slip", () => {
    for (const baseURL of ["api.llmgateway.io/v1", "/api/gateway"])
      expect(() => createPictorHandler({ apiKey: serverKey, baseURL, policy: {} })).toThrow(
        `baseURL "${baseURL}" must be a full http(s) URL`,
      );
  });
});

describe("a gateway that echoes the key in a URL or in JSON quoted in JSON", () => {
  /** A key of the base64 alphabet, as some providers issue: `/`, `+` and `=` get escaped. */
  const base64Key = "sk-9fQ/x+Zr2=";
  const handlerWith = (apiKey: string) =>
    createPictorHandler({ apiKey, baseURL: upstreamURL, policy: {} });
  /** A stream of `chunks` as the gateway's event-stream answer to a chat. */
  const eventStream = (chunks: string[]) => {
    server.use(
      http.post(`${upstreamURL}/chat/completions`, () => {
        const body = streamOf(chunks);
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );
  };

  it("is redacted from an error that quotes the provider's URL with the key in its query", async () => {
    // As encodeURIComponent and URLSearchParams write it: sk-9fQ%2Fx%2BZr2%3D.
    const url = `https://provider.example/v1/images?key=${encodeURIComponent(base64Key)}&alt=json`;
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: `Upstream provider error: GET ${url} answered 400`,
              type: "upstream_error",
              param: null,
              code: null,
              // Lower-case hex, from an encoder that escapes all but letters and digits.
              responseText: `{"url":"${url.replace(/key=[^&]*/, "key=sk%2D9fQ%2fx%2bZr2%3d")}"}`,
            },
          },
          { status: 502 },
        ),
      ),
    );

    const response = await handlerWith(base64Key)(browserPost("/images/generations", generation));

    expect(await errorOf(response)).toMatchObject({
      message:
        "Upstream provider error: GET https://provider.example/v1/images?key=[redacted]&alt=json answered 400",
      responseText: '{"url":"https://provider.example/v1/images?key=[redacted]&alt=json"}',
    });
  });

  it("is redacted from a success body that echoes the URL", async () => {
    server.use(
      http.post(`${upstreamURL}/images/generations`, () =>
        HttpResponse.json({
          created: 1,
          data: [],
          source: `https://provider.example/v1/images?key=${encodeURIComponent(base64Key)}`,
        }),
      ),
    );

    const response = await handlerWith(base64Key)(browserPost("/images/generations", generation));

    expect(await response.json()).toEqual({
      created: 1,
      data: [],
      source: "https://provider.example/v1/images?key=[redacted]",
    });
  });

  it("is redacted from a stream's error that quotes the provider's JSON, escaped twice and split inside the escapes", async () => {
    // The provider (PHP: every slash escaped) wrote {"error":"invalid key sk-9fQ\/x+Zr2="}, and
    // the gateway quoted that text in its own JSON: each backslash is escaped again.
    const providerText = JSON.stringify({ error: `invalid key ${base64Key}` }).replaceAll(
      "/",
      "\\/",
    );
    const event = `event: error\ndata: ${JSON.stringify({ error: { message: providerText } })}\n\n`;
    const cut = event.indexOf("\\\\/") + 1;
    eventStream([event.slice(0, cut), event.slice(cut), "data: [DONE]\n\n"]);

    const response = await handlerWith(base64Key)(browserPost("/chat/completions", streamingChat));

    const text = await response.text();
    expect(text).toBe(
      `event: error\ndata: ${JSON.stringify({ error: { message: '{"error":"invalid key [redacted]"}' } })}\n\ndata: [DONE]\n\n`,
    );
  });

  it("is redacted from a stream that echoes the URL, split inside a %-escape", async () => {
    const event = `data: {"note":"fetched https://provider.example/x?key=${encodeURIComponent(base64Key)}"}\n\n`;
    const cut = event.indexOf("%2B") + 2;
    eventStream([event.slice(0, cut), event.slice(cut), "data: [DONE]\n\n"]);

    const response = await handlerWith(base64Key)(browserPost("/chat/completions", streamingChat));

    expect(await response.text()).toBe(
      'data: {"note":"fetched https://provider.example/x?key=[redacted]"}\n\ndata: [DONE]\n\n',
    );
  });

  it.each([
    ["a success", 200],
    ["an error", 429],
  ])(
    "%s: a forwarded header that quotes the key percent-encoded or JSON-escaped is dropped, the others kept",
    async (_, status) => {
      // As encodeURIComponent writes it, as an encoder that escapes all but letters and digits
      // writes it (lower-case hex), and as JSON with `\/` and a `\u` escape.
      const forms = [
        encodeURIComponent(base64Key),
        "sk%2D9fQ%2fx%2bZr2%3d",
        base64Key.replace("/", "\\/").replace("s", "\\u0073"),
      ];
      server.use(
        http.post(`${upstreamURL}/images/generations`, () =>
          HttpResponse.json(
            status === 200
              ? { created: 1, data: [] }
              : {
                  error: {
                    message: "Slow down",
                    type: "rate_limit_error",
                    param: null,
                    code: null,
                  },
                },
            {
              status,
              headers: {
                "x-request-id": `req-${forms[0]}`,
                "ratelimit-policy": `100;w=60;partition="${forms[1]}"`,
                deprecation: `key ${forms[2]}`,
                "retry-after": "3",
                "cache-control": "no-store",
              },
            },
          ),
        ),
      );

      const response = await handlerWith(base64Key)(browserPost("/images/generations", generation));

      expect(response.status).toBe(status);
      const forwarded = [...response.headers]
        .map(([name, value]) => `${name}: ${value}`)
        .join("\n");
      for (const form of forms) expect(forwarded).not.toContain(form);
      expect(response.headers.get("ratelimit-policy")).toBeNull();
      expect(response.headers.get("deprecation")).toBeNull();
      expect(response.headers.get("retry-after")).toBe("3");
      expect(response.headers.get("cache-control")).toBe("no-store");
    },
  );

  it("is redacted from an error whose text quotes the request's JSON with \\u escapes, escaped twice", async () => {
    // The request as an encoder that escapes letters wrote it, quoted in the provider's error,
    // quoted in the gateway's responseText: after the browser's parse, still escaped twice.
    const request = `{"authorization":"Bearer ${serverKey.replace("s", "\\u0073")}"}`;
    const providerText = JSON.stringify({ error: `bad request ${request}` });
    server.use(
      http.post(
        `${upstreamURL}/images/generations`,
        () =>
          new HttpResponse(
            JSON.stringify({
              error: {
                message: "Upstream provider error",
                type: "upstream_error",
                param: null,
                code: null,
                responseText: providerText,
              },
            }),
            { status: 502, headers: { "content-type": "application/json" } },
          ),
      ),
    );

    const response = await handler(browserPost("/images/generations", generation));

    expect(await errorOf(response)).toMatchObject({
      responseText: JSON.stringify({ error: 'bad request {"authorization":"Bearer [redacted]"}' }),
    });
  });
});
