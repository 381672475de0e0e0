import { randomBytes } from "node:crypto";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { MockConnectionReset } from "../gateway/connection-reset";
import { createMockGateway, readImageHeader } from "../index";
import { type FetchHandler, listen, type MockServer } from "./listen";

// The adapter is tested with tiny local handlers (plain `fetch` functions), not the gateway:
// these tests are about what crosses the HTTP boundary.

const encoder = new TextEncoder();

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function serveHandler(fetch: FetchHandler["fetch"]): Promise<MockServer> {
  const server = await listen({ port: 0, gateway: { fetch } });
  onTestFinished(() => server.close());
  return server;
}

/** Reads from `reader` until the decoded text so far contains `needle`; returns that text. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  needle: string,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(needle)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before ${JSON.stringify(needle)}; got ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** Reads everything it can; a broken connection ends the read with `error` set. */
async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ text: string; error?: unknown }> {
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode() };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

describe("listen", () => {
  it("binds 127.0.0.1 and reports the gateway base URL with /v1", async () => {
    const server = await serveHandler(async () => new Response("ok"));
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
  });

  it("passes method, path, query, headers and body bytes through unchanged", async () => {
    let seen: { method: string; url: string; headers: Headers; body: string } | undefined;
    const server = await serveHandler(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        body: await request.text(),
      };
      return new Response(null, { status: 204 });
    });

    const response = await fetch(`${server.url}/images/generations?trace=1&q=a%20b`, {
      method: "POST",
      headers: {
        authorization: "Bearer any",
        "content-type": "application/json",
        "x-custom-header": "value, with comma",
      },
      body: '{"prompt":"café ☕"}',
    });

    expect(response.status).toBe(204);
    expect(seen?.method).toBe("POST");
    const url = new URL(seen?.url ?? "");
    expect(url.pathname).toBe("/v1/images/generations");
    expect(url.search).toBe("?trace=1&q=a%20b");
    expect(seen?.headers.get("authorization")).toBe("Bearer any");
    expect(seen?.headers.get("content-type")).toBe("application/json");
    expect(seen?.headers.get("x-custom-header")).toBe("value, with comma");
    expect(seen?.body).toBe('{"prompt":"café ☕"}');
  });

  it("passes a 5 MB binary body through byte for byte, both ways", async () => {
    const sent = randomBytes(5 * 1024 * 1024);
    let received: Uint8Array | undefined;
    const server = await serveHandler(async (request) => {
      const bytes = new Uint8Array(await request.arrayBuffer());
      received = bytes;
      return new Response(bytes, { headers: { "content-type": "application/octet-stream" } });
    });

    const response = await fetch(`${server.url}/echo`, { method: "PUT", body: sent });
    const echoed = new Uint8Array(await response.arrayBuffer());

    expect(received?.byteLength).toBe(sent.byteLength);
    expect(Buffer.compare(Buffer.from(received ?? []), sent)).toBe(0);
    expect(Buffer.compare(Buffer.from(echoed), sent)).toBe(0);
  });

  it("sends the response status, headers and body as the handler made them", async () => {
    const server = await serveHandler(
      async () =>
        new Response(JSON.stringify({ error: { message: "slow down" } }), {
          status: 429,
          headers: {
            "content-type": "application/json",
            "retry-after": "3",
            "x-request-id": "req_123",
          },
        }),
    );

    const response = await fetch(`${server.url}/models`);

    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("retry-after")).toBe("3");
    expect(response.headers.get("x-request-id")).toBe("req_123");
    expect(await response.json()).toEqual({ error: { message: "slow down" } });
  });

  it("writes SSE chunks as they come: the client reads the first event before the second exists", async () => {
    const releaseSecond = deferred();
    let secondSent = false;
    const server = await serveHandler(async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode("data: one\n\n"));
          void releaseSecond.promise.then(() => {
            secondSent = true;
            controller.enqueue(encoder.encode("data: two\n\ndata: [DONE]\n\n"));
            controller.close();
          });
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });

    const response = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "{}" });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");

    // Hangs (and the test times out) if the server buffered the stream.
    const first = await readUntil(reader, "data: one\n\n");
    expect(secondSent).toBe(false);
    releaseSecond.resolve();
    const rest = await readToEnd(reader);

    expect(first + rest).toBe("data: one\n\ndata: two\n\ndata: [DONE]\n\n");
  });

  it("cancels the handler's stream when the client disconnects", async () => {
    const cancelled = deferred<unknown>();
    const server = await serveHandler(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encoder.encode("data: one\n\n"));
            },
            cancel(reason) {
              cancelled.resolve(reason);
            },
          }),
          { headers: { "content-type": "text/event-stream" } },
        ),
    );

    const abort = new AbortController();
    const response = await fetch(`${server.url}/chat/completions`, { signal: abort.signal });
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await readUntil(reader, "data: one");
    abort.abort();

    // Never resolves (the test times out) if the stream kept running after the client left.
    await cancelled.promise;
  });

  it("aborts the request's signal when the client leaves before the answer", async () => {
    const started = deferred();
    const aborted = deferred();
    const server = await serveHandler(async (request) => {
      request.signal.addEventListener("abort", () => aborted.resolve());
      started.resolve();
      await aborted.promise;
      return new Response("too late");
    });

    const abort = new AbortController();
    const pending = fetch(`${server.url}/images/generations`, { signal: abort.signal });
    await started.promise;
    abort.abort();

    await expect(pending).rejects.toThrow();
    await aborted.promise;
  });

  it("drops the connection without a response on MockConnectionReset, then keeps serving", async () => {
    let calls = 0;
    const server = await serveHandler(async () => {
      calls += 1;
      if (calls === 1) throw new MockConnectionReset();
      return new Response("after");
    });

    await expect(fetch(`${server.url}/models`)).rejects.toBeInstanceOf(TypeError);
    const next = await fetch(`${server.url}/models`);
    expect(await next.text()).toBe("after");
  });

  it.each([
    ["an Error", new Error("cut")],
    ["no reason", undefined],
  ])("breaks the connection when the body stream errors half-way (%s)", async (_, reason) => {
    const cut = deferred();
    const server = await serveHandler(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encoder.encode('{"created":1,"data":[{"b64_json":"iVBOR'));
              void cut.promise.then(() => controller.error(reason));
            },
          }),
          { headers: { "content-type": "application/json" } },
        ),
    );

    const response = await fetch(`${server.url}/images/generations`, { method: "POST" });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await readUntil(reader, "iVBOR");
    cut.resolve();

    // Hangs (and the test times out) if the response was neither ended nor destroyed.
    await expect(readToEnd(reader)).rejects.toThrow();
  });

  it.each([
    [
      "before its first chunk",
      () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.error(new TypeError("terminated"));
          },
        }),
      "",
    ],
    [
      "right after a chunk",
      () => {
        let pulls = 0;
        return new ReadableStream<Uint8Array>({
          pull(controller) {
            pulls += 1;
            if (pulls === 1) controller.enqueue(encoder.encode('{"data":[{"b64_json":"iVBOR'));
            else controller.error(new TypeError("terminated"));
          },
        });
      },
      '{"data":[{"b64_json":"iVBOR',
    ],
  ])(
    "answers 200, then breaks the connection, when the body fails %s",
    async (_, makeBody, sent) => {
      const server = await serveHandler(
        async () => new Response(makeBody(), { headers: { "content-type": "application/json" } }),
      );

      // Rejects here (a reset, not a cut body) if the headers never left before the socket died.
      const response = await fetch(`${server.url}/images/generations`, { method: "POST" });
      expect(response.status).toBe(200);
      const reader = response.body?.getReader();
      if (!reader) throw new Error("no body");
      const { text, error } = await readAll(reader);
      expect(text).toBe(sent);
      expect(error).toBeInstanceOf(Error);
    },
  );

  it("breaks the connection when a body ends before its declared Content-Length", async () => {
    const end = deferred();
    const server = await serveHandler(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encoder.encode('{"data":'));
              void end.promise.then(() => controller.close());
            },
          }),
          { headers: { "content-type": "application/json", "content-length": "100" } },
        ),
    );

    const response = await fetch(`${server.url}/images/generations`, { method: "POST" });
    expect(response.headers.get("content-length")).toBe("100");
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await readUntil(reader, '{"data":');
    end.resolve();

    // Hangs (and the test times out) if the server ended the response short on a live connection.
    await expect(readToEnd(reader)).rejects.toThrow();
  });

  it.each([
    [
      "rejects",
      async (): Promise<Response> => Promise.reject(new Error("gateway bug\nsecond line")),
    ],
    [
      "throws synchronously",
      (): Promise<Response> => {
        throw new Error("gateway bug\nsecond line");
      },
    ],
  ])("answers 500 in the gateway's format and logs one line when fetch %s", async (_, fetch_) => {
    const server = await serveHandler(fetch_);
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    onTestFinished(() => spy.mockRestore());

    const response = await fetch(`${server.url}/images/generations`, { method: "POST" });
    const body = await response.text();
    spy.mockRestore();

    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(body).toBe(
      '{"error":{"message":"Internal Server Error","type":"api_error","param":null,"code":null}}',
    );
    const logged = lines.filter((line) => line.startsWith("pictor-mock:"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/POST \/v1\/images\/generations.*gateway bug second line\n$/);
    expect(logged[0]?.split("\n")).toHaveLength(2);
  });

  it("close() resolves promptly with a stream open, cancels it and stops accepting", async () => {
    const cancelled = deferred<unknown>();
    const server = await listen({
      port: 0,
      gateway: {
        fetch: async () =>
          new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(encoder.encode("data: one\n\n"));
              },
              cancel(reason) {
                cancelled.resolve(reason);
              },
            }),
            { headers: { "content-type": "text/event-stream" } },
          ),
      },
    });
    onTestFinished(() => server.close());

    const response = await fetch(`${server.url}/chat/completions`);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await readUntil(reader, "data: one");

    // Hangs (and the test times out) if close() waited for the stream to end.
    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    await cancelled.promise;
    await expect(readToEnd(reader)).rejects.toThrow();
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
  });

  it("close() ends idle keep-alive connections", async () => {
    const server = await listen({ port: 0, gateway: { fetch: async () => new Response("ok") } });
    onTestFinished(() => server.close());
    // The client keeps this connection alive in its pool after the answer.
    expect(await (await fetch(`${server.url}/models`)).text()).toBe("ok");
    await server.close();
  });

  it("rejects with EADDRINUSE when the port is taken", async () => {
    const first = await serveHandler(async () => new Response("ok"));
    await expect(
      listen({ port: first.port, gateway: { fetch: async () => new Response("ok") } }),
    ).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it.each([-1, 65_536, 1.5, Number.NaN])("rejects port %s", async (port) => {
    await expect(
      listen({ port, gateway: { fetch: async () => new Response("ok") } }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});

describe("listen with the mock gateway", () => {
  it("serves a new mock gateway when none is given: GET /v1/models is 200 JSON", async () => {
    const server = await listen({ port: 0 });
    onTestFinished(() => server.close());

    const response = await fetch(`${server.url}/models`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ data: expect.any(Array) });
    expect(server.gateway.calls).toHaveLength(1);
  });

  it("turns the gateway's connection_reset fault into a dropped connection", async () => {
    const server = await listen({ port: 0 });
    onTestFinished(() => server.close());
    server.gateway.faults.enqueue({ type: "connection_reset" });

    await expect(fetch(`${server.url}/models`)).rejects.toBeInstanceOf(TypeError);
    expect((await fetch(`${server.url}/models`)).status).toBe(200);
  });

  it("serves providerImageUrls links on its own http origin, which a client can fetch (it cannot serve https)", async () => {
    const server = await listen({
      port: 0,
      gateway: createMockGateway({ providerImageUrls: true }),
    });
    onTestFinished(() => server.close());

    const response = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({
        model: "zai/cogview-4",
        messages: [{ role: "user", content: "a kite" }],
        image_config: { image_size: "1024x1024" },
      }),
    });
    const completion = (await response.json()) as {
      choices: { message: { images?: { image_url: { url: string } }[] } }[];
    };
    const url = completion.choices[0]?.message.images?.[0]?.image_url.url ?? "";
    expect(url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/provider-images/[0-9a-z]{40}\\.png$`),
    );

    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(readImageHeader(new Uint8Array(await download.arrayBuffer()))).toMatchObject({
      width: 1024,
      height: 1024,
    });
    expect(server.gateway.calls).toHaveLength(1);
  });

  it("turns the gateway's truncated_body fault into a 200 whose body breaks", async () => {
    const server = await listen({ port: 0 });
    onTestFinished(() => server.close());
    server.gateway.faults.enqueue({ type: "truncated_body" });

    const response = await fetch(`${server.url}/models`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });
});
