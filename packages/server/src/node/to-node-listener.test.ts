import { createServer, request as httpRequest, type Server } from "node:http";
import { Pictor } from "@pictor/client";
import { createMockGateway } from "@pictor/mock";
import { listen, type MockServer } from "@pictor/mock/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deferred, type GatedGateway, gateGateway } from "../__fixtures__/gated-gateway";
import { serverKey } from "../__fixtures__/handler-fixtures";
import {
  createPictorHandler,
  type PictorCall,
  type PictorHandler,
  type PictorPolicy,
} from "../index";
import { toNodeListener } from "./index";

// Everything over real sockets: browser (fetch) → node:http + toNodeListener → mock gateway (srvx).
let app: Server | undefined;
let upstream: MockServer<GatedGateway> | undefined;
afterEach(async () => {
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve) ?? resolve(undefined));
  await upstream?.close();
  app = undefined;
  upstream = undefined;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function serve(handler: PictorHandler): Promise<string> {
  app = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => app?.listen(0, "127.0.0.1", resolve));
  const address = app.address();
  if (address === null || typeof address === "string") throw new Error("not listening on TCP");
  return `http://127.0.0.1:${address.port}`;
}

async function startApp(policy = {}) {
  const gateway = createMockGateway({ apiKeys: [serverKey] });
  const gated = gateGateway(gateway);
  upstream = await listen({ port: 0, gateway: gated });
  const origin = await serve(
    createPictorHandler({ apiKey: serverKey, baseURL: upstream.url, policy }),
  );
  return { gateway, gated, mount: `${origin}/api/pictor` };
}

describe("toNodeListener", () => {
  it("serves a generation on node:http", async () => {
    const { gateway, mount } = await startApp();

    const response = await fetch(`${mount}/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "node-1" },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("node-1");
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect(gateway.calls).toMatchObject([{ operation: "generateImages", status: 200 }]);
  });

  it("lets a Pictor client without a key generate and edit through it", async () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");
    const { gateway, mount, gated } = await startApp({ allowedModels: ["gemini-3.1-flash-image"] });
    gated.open();
    const pictor = new Pictor({ baseURL: mount, maxRetries: 0 });

    const generated = await pictor.images.generate({
      model: "gemini-3.1-flash-image",
      prompt: "a lighthouse",
      size: "1K",
      aspect_ratio: "16:9",
    });
    const edited = await pictor.images.edit({
      model: "gemini-3.1-flash-image",
      prompt: "at night",
      images: [generated.images[0]?.dataURL ?? ""],
    });

    expect(generated.images[0]).toMatchObject({ width: 1376, height: 768 });
    expect(edited.images[0]).toMatchObject({ width: 1376, height: 768 });
    expect(gateway.calls.map((call) => call.headers.authorization)).toEqual([
      "Bearer [redacted]",
      "Bearer [redacted]",
    ]);
  });

  it("streams SSE out as it comes and cancels the gateway when the browser disconnects", async () => {
    const { gated, mount } = await startApp();
    const browser = new AbortController();

    const response = await fetch(`${mount}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gemini-3.1-flash-image",
        stream: true,
        messages: [{ role: "user", content: "a fox" }],
      }),
      signal: browser.signal,
    });
    const first = await response.body?.getReader().read();
    expect(new TextDecoder().decode(first?.value)).toContain('"role":"assistant"');
    expect(gated.finished).toBe(false);
    browser.abort();

    await gated.cancelled;
    expect(gated.finished).toBe(false);
  });

  it("counts a streamed request body against maxBodyBytes and closes the connection", async () => {
    const { gateway, mount } = await startApp({ maxBodyBytes: 1024 });
    const chunks = [`{"prompt":"${"x".repeat(1000)}`, "x".repeat(1000), '"}'];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    };

    const response = await fetch(`${mount}/images/generations`, init);

    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(gateway.calls).toEqual([]);
  });

  /** The app behind what express.json() does: read the whole body, then hand the request on. */
  async function startBehindBodyParser(policy: PictorPolicy = {}) {
    const gateway = createMockGateway({ apiKeys: [serverKey] });
    upstream = await listen({ port: 0, gateway: gateGateway(gateway) });
    const listener = toNodeListener(
      createPictorHandler({ apiKey: serverKey, baseURL: upstream.url, policy }),
    );
    app = createServer((request, response) => {
      request.on("data", () => undefined);
      request.on("end", () => listener(request, response));
    });
    await new Promise<void>((resolve) => app?.listen(0, "127.0.0.1", resolve));
    const address = app.address();
    if (address === null || typeof address === "string") throw new Error("not listening on TCP");
    return { gateway, mount: `http://127.0.0.1:${address.port}/api/pictor` };
  }

  it("answers 500 at once, saying why, behind a body parser that read the body (it waited forever)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { gateway, mount } = await startBehindBodyParser();

    const response = await fetch(`${mount}/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" }),
    });

    expect(response.status).toBe(500);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "express.json()",
    );
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining("mount the route before any body parser"),
    );
    expect(gateway.calls).toEqual([]);
  });

  it("behind a body parser, routes and authorizes first: a wrong path is 404 and a stranger 401, logging nothing", async () => {
    const logged = vi.spyOn(console, "error");
    const { gateway, mount } = await startBehindBodyParser({ authorize: () => false });
    const post = (path: string) =>
      fetch(`${mount}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" }),
      });

    const wrongPath = await post("/images/variations");
    const stranger = await post("/images/generations");

    expect([wrongPath.status, stranger.status]).toEqual([404, 401]);
    expect(logged).not.toHaveBeenCalled();
    expect(gateway.calls).toEqual([]);
  });

  it("answers HEAD on the model list with GET's status and headers, for uptime checks", async () => {
    const { gateway, mount } = await startApp();

    const response = await fetch(`${mount}/models`, { method: "HEAD" });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.text()).toBe("");
    expect(gateway.calls).toMatchObject([{ operation: "listModels", status: 200 }]);
  });

  it("answers a method fetch cannot carry (TRACE) with 405, and logs nothing", async () => {
    const logged = vi.spyOn(console, "error");
    const { gateway, mount } = await startApp();

    const status = await new Promise<number>((resolve, reject) => {
      const sent = httpRequest(`${mount}/models`, { method: "TRACE" }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      sent.on("error", reject);
      sent.end();
    });

    expect(status).toBe(405);
    expect(logged).not.toHaveBeenCalled();
    expect(gateway.calls).toEqual([]);
  });

  it("serves a path that begins with // and an unparsable host ([) as its route, not a 405 for a method it takes", async () => {
    const { gateway, mount } = await startApp();
    const { port } = new URL(mount);

    const status = await new Promise<number>((resolve, reject) => {
      const sent = httpRequest(
        { host: "127.0.0.1", port, path: "//[/api/pictor/models", method: "GET" },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      sent.on("error", reject);
      sent.end();
    });

    expect(status).toBe(200);
    expect(gateway.calls).toMatchObject([{ operation: "listModels", status: 200 }]);
  });

  it("names in its 405's Allow the methods of the route the path names, as the handler's 405s do", async () => {
    const { mount } = await startApp();
    const allowOf = (path: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        const sent = httpRequest(`${mount}${path}`, { method: "TRACE" }, (response) => {
          response.resume();
          resolve(response.headers.allow);
        });
        sent.on("error", reject);
        sent.end();
      });

    expect(await allowOf("/models?x=1")).toBe("GET, HEAD");
    expect(await allowOf("/images/generations")).toBe("POST");
    const handlers = await fetch(`${mount}/models`, { method: "POST" });
    expect([handlers.status, handlers.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    // A path no route has: every method the handler serves somewhere.
    expect(await allowOf("/elsewhere")).toBe("GET, HEAD, POST");
  });

  it("gives its 405 to a TRACE an x-request-id: the browser's plain token, else one of its own", async () => {
    const { mount } = await startApp();
    const trace = (headers: Record<string, string>) =>
      new Promise<string | string[] | undefined>((resolve, reject) => {
        const sent = httpRequest(`${mount}/models`, { method: "TRACE", headers }, (response) => {
          response.resume();
          resolve(response.headers["x-request-id"]);
        });
        sent.on("error", reject);
        sent.end();
      });

    expect(await trace({ "x-request-id": "trace-1" })).toBe("trace-1");
    expect(await trace({ "x-request-id": "not a token" })).toMatch(/^[\da-f-]{36}$/);
    expect(await trace({})).toMatch(/^[\da-f-]{36}$/);
  });

  it("aborts the request's signal when the client disconnects", async () => {
    const aborted = deferred<unknown>();
    const started = deferred();
    const origin = await serve(async (request) => {
      request.signal.addEventListener("abort", () => aborted.resolve(request.signal.reason));
      started.resolve();
      return new Promise<Response>(() => undefined);
    });
    const browser = new AbortController();

    const pending = fetch(`${origin}/models`, { signal: browser.signal }).catch(() => undefined);
    await started.promise;
    browser.abort();

    await expect(aborted.promise).resolves.toBeInstanceOf(Error);
    await pending;
  });

  it("does not spend a rateLimit budget on a client that left before it was asked: no gateway call is made for it", async () => {
    const gateway = createMockGateway({ apiKeys: [serverKey] });
    upstream = await listen({ port: 0, gateway: gateGateway(gateway) });
    const rateLimit = vi.fn((_request: Request, _call: PictorCall) => undefined);
    const asked = deferred();
    const answered = deferred<Response>();
    const handler = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstream.url,
      policy: {
        // A session lookup that is still running when the browser goes away.
        authorize: async (request) => {
          asked.resolve();
          await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
          return true;
        },
        rateLimit,
      },
    });
    const origin = await serve(async (request) => {
      const response = await handler(request);
      answered.resolve(response);
      return response;
    });
    const body = JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" });

    // The whole request is sent, then the connection is dropped (a closed tab).
    const client = httpRequest(`${origin}/api/pictor/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    client.on("error", () => undefined);
    client.end(body);
    await asked.promise;
    client.destroy();

    expect((await answered.promise).status).toBe(499);
    expect(rateLimit).not.toHaveBeenCalled();
    expect(gateway.calls).toEqual([]);
  });

  it("passes the method, path, query, headers and every Set-Cookie through", async () => {
    const seen = deferred<Request>();
    const origin = await serve(async (request) => {
      seen.resolve(request);
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response(`${request.method} ${await request.text()}`, { status: 201, headers });
    });

    const response = await fetch(`${origin}/api/pictor/models?mapped=true`, {
      method: "PUT",
      headers: { "x-custom": "yes" },
      body: "payload",
    });
    const request = await seen.promise;

    expect(request.url).toMatch(/\/api\/pictor\/models\?mapped=true$/);
    expect(request.headers.get("x-custom")).toBe("yes");
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("PUT payload");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  // The server's timeout bounds the retry too, which renders a real image over HTTP: at 300 ms
  // that took longer on CI's 2 loaded cores, and the page got a 504. Two seconds each way.
  it("lets the page retry a gateway 500 whose body stalled past the timeout: the gateway had failed, not made the image", {
    timeout: 20_000,
  }, async () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");
    const gateway = createMockGateway({ apiKeys: [serverKey] });
    let attempts = 0;
    // The first answer is a 500's headers and the start of its body, then nothing.
    const stalling = await listen({
      port: 0,
      gateway: {
        async fetch(request: Request) {
          attempts++;
          if (attempts > 1) return gateway.fetch(request);
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"error":{"message":"Upstream'));
            },
          });
          return new Response(body, {
            status: 500,
            headers: { "content-type": "application/json" },
          });
        },
      },
    });
    try {
      const origin = await serve(
        createPictorHandler({
          apiKey: serverKey,
          baseURL: stalling.url,
          policy: {},
          timeout: 2_000,
        }),
      );

      // The page's client as a page has it: default retries.
      const { images } = await new Pictor({ baseURL: `${origin}/api/pictor` }).images.generate({
        model: "gemini-3.1-flash-image",
        prompt: "a lighthouse",
      });

      expect(images).toHaveLength(1);
      expect(attempts).toBe(2);
    } finally {
      await stalling.close();
    }
  });

  /** A handler that passes the gateway's answer on as fetch gave it, headers and all (a common pattern). */
  function passingOn(
    url: string,
    change: (text: string) => string = (text) => text,
  ): PictorHandler {
    return async () => {
      const answer = await fetch(url, { headers: { authorization: `Bearer ${serverKey}` } });
      const body = change(await answer.text());
      return new Response(body, { status: answer.status, headers: answer.headers });
    };
  }

  it("sends its own connection headers, not those of a response passed on from fetch", async () => {
    const gateway = gateGateway(createMockGateway({ apiKeys: [serverKey] }));
    upstream = await listen({ port: 0, gateway });
    const origin = await serve(passingOn(`${upstream.url}/models`));
    // Shorter than the gateway's: a browser told the gateway's `timeout=5` would reuse a
    // connection this server has already closed, and a POST on it fails.
    if (app) app.keepAliveTimeout = 2_000;

    const response = await fetch(`${origin}/api/pictor/models`);

    expect(response.status).toBe(200);
    expect(response.headers.get("keep-alive")).toBe("timeout=2");
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it("drops the headers a passed-on response's Connection names, and its Upgrade", async () => {
    const origin = await serve(
      async () =>
        new Response("{}", {
          headers: {
            "content-type": "application/json",
            connection: "close, x-upstream-hop",
            "x-upstream-hop": "1",
            upgrade: "h2c",
            "proxy-authenticate": "Basic",
          },
        }),
    );

    const response = await fetch(`${origin}/api/pictor/models`);

    expect(response.status).toBe(200);
    expect(response.headers.get("connection")).toBe("keep-alive");
    for (const name of ["x-upstream-hop", "upgrade", "proxy-authenticate"])
      expect(response.headers.get(name)).toBeNull();
  });

  it("breaks a body longer than its Content-Length off, and says why, rather than cut it short as if whole", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const gateway = createServer((_request, response) => {
      const body = JSON.stringify({ object: "list", data: [] });
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    const address = gateway.address();
    const port = address !== null && typeof address === "object" ? address.port : 0;
    // The handler adds to the body but keeps the gateway's Content-Length (a stale one, as fetch
    // also leaves after decoding a gzip body).
    const origin = await serve(
      passingOn(`http://127.0.0.1:${port}/v1/models`, (text) =>
        text.replace('"data":[]', '"data":[{"id":"a-model-the-handler-added"}]'),
      ),
    );

    try {
      const read = fetch(`${origin}/api/pictor/models`).then((response) => response.text());

      await expect(read).rejects.toThrow();
      expect(log).toHaveBeenCalledWith(expect.stringContaining("Content-Length"));
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it("answers 500 in the gateway's format when the handler throws, and logs why", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const origin = await serve(async () => {
      throw new Error("bug");
    });

    const response = await fetch(`${origin}/models`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { message: "Internal Server Error", type: "api_error", param: null, code: null },
    });
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(
        /^\[@pictor\/server\] the handler threw \(x-request-id [\da-f-]{36}\):$/,
      ),
      new Error("bug"),
    );
  });

  it("tells the page's client not to retry its 500: the throw may come after the gateway made (and billed) the image", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");
    const gateway = createMockGateway({ apiKeys: [serverKey] });
    const gated = gateGateway(gateway);
    upstream = await listen({ port: 0, gateway: gated });
    gated.open();
    const handler = createPictorHandler({ apiKey: serverKey, baseURL: upstream.url, policy: {} });
    // The app's own code around the route, failing once the image is made (a usage log whose
    // database is down).
    const origin = await serve(async (request) => {
      await (await handler(request)).arrayBuffer();
      throw new Error("usage log unavailable");
    });

    // The page's client as a page has it: default retries.
    const error = await new Pictor({ baseURL: `${origin}/api/pictor` }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 500 });
    expect(gateway.calls).toHaveLength(1);
  });

  it("answers 500 for a Response it cannot write (Response.error()'s status 0), not a hung browser and an unhandled rejection", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const origin = await serve(async () => Response.error());

    const response = await fetch(`${origin}/models`, {
      headers: { "x-request-id": "error-1" },
      signal: AbortSignal.timeout(2_000),
    });

    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("error-1");
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(await response.json()).toMatchObject({ error: { message: "Internal Server Error" } });
    expect(log).toHaveBeenCalledWith(
      "[@pictor/server] the handler's answer could not be written (x-request-id error-1):",
      expect.objectContaining({ code: "ERR_HTTP_INVALID_STATUS_CODE" }),
    );
  });

  it("gives its 500 the browser's x-request-id, else one of its own, and logs it to find the error by", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const origin = await serve(async () => {
      throw new Error("bug");
    });

    const kept = await fetch(`${origin}/models`, { headers: { "x-request-id": "browser-7" } });
    const made = await fetch(`${origin}/models`, { headers: { "x-request-id": "a\tb" } });
    const id = made.headers.get("x-request-id") ?? "";

    expect(kept.headers.get("x-request-id")).toBe("browser-7");
    expect(id).toMatch(/^[\da-f-]{36}$/);
    expect(log).toHaveBeenCalledWith(
      "[@pictor/server] the handler threw (x-request-id browser-7):",
      new Error("bug"),
    );
    expect(log).toHaveBeenCalledWith(
      `[@pictor/server] the handler threw (x-request-id ${id}):`,
      new Error("bug"),
    );
  });
});
