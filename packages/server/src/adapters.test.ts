import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  Pictor,
  RateLimitError,
} from "@pictor/client";
import { createMockGateway } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { Hono } from "hono";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { mountURL, serverKey, upstreamURL } from "./__fixtures__/handler-fixtures";
import { createNextRouteHandlers, createPictorHandler, type PictorPolicy } from "./index";

const gateway = createMockGateway({ apiKeys: [serverKey] });
const handler = createPictorHandler({
  apiKey: serverKey,
  baseURL: upstreamURL,
  policy: { allowedModels: ["gemini-3.1-flash-image", "alibaba/qwen-image-3.0"], maxN: 2 },
});
// The browser's requests to the app's route reach the handler; its requests reach the mock gateway.
const server = setupServer(
  http.all(`${mountURL}/*`, ({ request }) => handler(request)),
  ...handlers(gateway, { baseURL: upstreamURL }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  gateway.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** The browser's client: no key, the app's route as base URL, no retries so errors show at once. */
function browserClient(): Pictor {
  vi.stubEnv("LLM_GATEWAY_API_KEY", "");
  return new Pictor({ baseURL: mountURL, maxRetries: 0 });
}

describe("a keyless Pictor client through the handler", () => {
  it("generates an image", async () => {
    const { images, requestId } = await browserClient().images.generate({
      model: "gemini-3.1-flash-image",
      prompt: "a lighthouse",
      size: "1K",
    });

    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ mediaType: "image/png", width: 1024, height: 1024 });
    expect(requestId).toBe(gateway.calls[0]?.requestId);
  });

  it("streams a chat completion with its image", async () => {
    const stream = await browserClient().chat.completions.create({
      model: "gemini-3.1-flash-image",
      stream: true,
      messages: [{ role: "user", content: "a fox" }],
    });
    const message = await stream.finalMessage();

    expect(message.images).toHaveLength(1);
  });

  it("lists only the models the policy allows", async () => {
    const models = await browserClient().models.list();

    expect(models.map((model) => model.id).sort()).toEqual([
      "gemini-3.1-flash-image",
      "qwen-image-3.0",
    ]);
  });

  it("gets the policy's refusals as typed errors", async () => {
    const pictor = browserClient();

    const model = await pictor.images
      .generate({ model: "bytedance/seedream-4-5", prompt: "x" })
      .catch((error: unknown) => error);
    const n = await pictor.images
      .generate({ model: "alibaba/qwen-image-3.0", prompt: "x", n: 4 })
      .catch((error: unknown) => error);

    expect(PermissionDeniedError.isInstance(model)).toBe(true);
    expect(model).toMatchObject({ status: 403, param: "model", code: "model_not_allowed" });
    expect(BadRequestError.isInstance(n)).toBe(true);
    expect(n).toMatchObject({ status: 400, param: "n", code: "max_n_exceeded" });
    expect(gateway.calls).toEqual([]);
  });

  it("gets authorize's refusal as the route says it, without advice about the server's key", async () => {
    const signedInOnly = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { authorize: (request) => request.headers.get("cookie") === "session=ok" },
    });
    const ownWords = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {
        authorize: () => ({ status: 401, message: "Your session expired: sign in again" }),
      },
    });
    server.use(
      http.all(`${mountURL}/*`, ({ request }) => signedInOnly(request)),
      http.all("http://app.test/api/own-words/*", ({ request }) => ownWords(request)),
    );
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");

    const signedOut = await new Pictor({ baseURL: mountURL, maxRetries: 0 }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((error: unknown) => error);
    const expired = await new Pictor({
      baseURL: "http://app.test/api/own-words",
      maxRetries: 0,
    }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((error: unknown) => error);

    // A page shows error.message to its user, who has no key to check: the page sends none.
    expect(AuthenticationError.isInstance(signedOut)).toBe(true);
    expect(signedOut).toMatchObject({ status: 401, code: "unauthorized" });
    // The request id follows, as on every error that has one, for the page's support to quote.
    expect((signedOut as Error).message).toMatch(
      /^401 Unauthorized: sign in to use this service\. \(request id [0-9a-f-]{36}\)$/,
    );
    expect((expired as Error).message).toMatch(
      /^401 Your session expired: sign in again\. \(request id [0-9a-f-]{36}\)$/,
    );
    expect(gateway.calls).toEqual([]);
  });

  it("gets a request id with the route's own refusals, as with the gateway's errors", async () => {
    const refusing = (policy: PictorPolicy, apiKey = serverKey) =>
      createPictorHandler({ apiKey, baseURL: upstreamURL, policy });
    const routes = {
      model: refusing({ allowedModels: ["alibaba/qwen-image-3.0"] }),
      operation: refusing({ allowedOperations: ["generate"] }),
      size: refusing({ maxBodyBytes: 64 }),
      noKey: refusing({}, ""),
      keyRefused: refusing({}, "sk-not-the-gateways-key"),
    };
    server.use(
      http.all("http://app.test/:route/*", ({ request, params }) =>
        routes[String(params.route) as keyof typeof routes](request),
      ),
    );
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");
    const client = (route: keyof typeof routes) =>
      new Pictor({ baseURL: `http://app.test/${route}`, maxRetries: 0 });
    const generate = (route: keyof typeof routes) =>
      client(route)
        .images.generate({ model: "gemini-3.1-flash-image", prompt: "a lighthouse at dusk" })
        .catch((error: unknown) => error);

    const errors = {
      model: await generate("model"),
      operation: await client("operation")
        .models.list()
        .catch((error: unknown) => error),
      size: await generate("size"),
      noKey: await generate("noKey"),
    };
    // The gateway refuses the server's key without an id of its own: the one the route sent it.
    const keyRefused = await generate("keyRefused");

    expect(errors).toMatchObject({
      model: { status: 403, code: "model_not_allowed" },
      operation: { status: 403, code: "operation_not_allowed" },
      size: { status: 413 },
      noKey: { status: 500, code: "missing_api_key" },
    });
    const ids = Object.values(errors).map((error) => (error as APIError).requestId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(keyRefused).toMatchObject({ status: 401 });
    expect(gateway.calls).toHaveLength(1);
    expect((keyRefused as APIError).requestId).toBe(gateway.calls[0]?.requestId);
    expect(gateway.calls[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("does not retry an error the gateway says not to retry (x-should-retry: false)", async () => {
    let attempts = 0;
    server.use(
      http.post(`${upstreamURL}/images/generations`, () => {
        attempts++;
        return HttpResponse.json(
          { error: { message: "Upstream failed after generating", type: "api_error" } },
          { status: 500, headers: { "x-should-retry": "false" } },
        );
      }),
    );
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");

    const error = await new Pictor({ baseURL: mountURL }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 500 });
    expect(attempts).toBe(1);
  });

  it("does not retry the route's own 504: the gateway may still be making (and billing) the image", async () => {
    const impatient = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      timeout: 50,
    });
    let attempts = 0;
    server.use(
      http.all(`${mountURL}/*`, ({ request }) => {
        attempts++;
        return impatient(request);
      }),
    );
    for (let i = 0; i < 3; i++) gateway.faults.enqueue({ type: "latency", ms: 2_000 });
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");

    // The page's client as a page has it: default retries.
    const error = await new Pictor({ baseURL: mountURL }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 504, code: "timeout" });
    expect(attempts).toBe(1);
  });

  it("does not retry the route's own 500 for a bug in it: asking again meets the same bug", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    let attempts = 0;
    // A request whose URL cannot be read: it stands here for any exception the handler's own
    // code does not expect (every path the handler knows of answers something else).
    server.use(
      http.post(`${mountURL}/images/generations`, ({ request }) => {
        attempts++;
        const unreadable = new Request(request);
        Object.defineProperty(unreadable, "url", {
          get: () => {
            throw new TypeError("a bug in the handler");
          },
        });
        return handler(unreadable);
      }),
    );
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");

    // The page's client as a page has it: default retries.
    const error = await new Pictor({ baseURL: mountURL }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 500 });
    expect(attempts).toBe(1);
  });

  it("still lets the page retry a 504 of the model list, which costs nothing", async () => {
    const impatient = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: {},
      timeout: 50,
    });
    gateway.faults.enqueue({ type: "latency", ms: 2_000 });

    const response = await impatient(new Request(`${mountURL}/models`));

    expect(response.status).toBe(504);
    expect(response.headers.get("x-should-retry")).toBeNull();
  });

  it("gives up at once on a rateLimit that answers an endless wait (Infinity), without a 1 s Retry-After", async () => {
    const rateLimit = vi.fn(() => ({ retryAfterSeconds: Number.POSITIVE_INFINITY }));
    const noBudget = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { rateLimit },
    });
    server.use(http.all(`${mountURL}/*`, ({ request }) => noBudget(request)));
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");

    // The page's client as a page has it: default retries.
    const error = await new Pictor({ baseURL: mountURL }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((caught: unknown) => caught);

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: null });
    expect(rateLimit).toHaveBeenCalledTimes(1);
    expect(gateway.calls).toEqual([]);
  });

  it("gives up at once on a rateLimit that answers a wait too long to write in digits (Number.MAX_VALUE for never)", async () => {
    const rateLimit = vi.fn(() => ({ retryAfterSeconds: Number.MAX_VALUE }));
    const noBudget = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { rateLimit },
    });
    server.use(http.all(`${mountURL}/*`, ({ request }) => noBudget(request)));
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");

    // The page's client as a page has it: default retries.
    const error = await new Pictor({ baseURL: mountURL }).images
      .generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((caught: unknown) => caught);

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2 ** 31 * 1000 });
    expect(rateLimit).toHaveBeenCalledTimes(1);
    expect(gateway.calls).toEqual([]);
  });

  it("gets the gateway's 429 as a RateLimitError with its Retry-After", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 9 });

    const error = await browserClient()
      .images.generate({ model: "gemini-3.1-flash-image", prompt: "x" })
      .catch((caught: unknown) => caught);

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 9000 });
  });
});

describe("framework one-liners", () => {
  it("Hono: app.all(path, (c) => handler(c.req.raw)) serves a generation", async () => {
    const app = new Hono();
    app.all("/api/pictor/*", (c) => handler(c.req.raw));

    const response = await app.request("/api/pictor/images/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" }),
    });
    const models = await app.request("/api/pictor/models");

    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect(models.status).toBe(200);
    expect(gateway.calls.map((call) => call.operation)).toEqual(["generateImages", "listModels"]);
  });

  it("Hono: behind a middleware that read the body, answers 500 saying so (it blamed itself)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = new Hono();
    app.use("/api/pictor/*", async (c, next) => {
      await c.req.json();
      await next();
    });
    app.all("/api/pictor/*", (c) => handler(c.req.raw));

    const response = await app.request("/api/pictor/images/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" }),
    });

    expect(response.status).toBe(500);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "the request body was read before @pictor/server got it",
    );
    expect(log).toHaveBeenCalledWith(expect.stringContaining("mount the route before"));
    expect(gateway.calls).toEqual([]);
  });

  it("Next.js: createNextRouteHandlers gives GET and POST for a catch-all route", async () => {
    const { GET, POST } = createNextRouteHandlers(handler);

    const generated = await POST(
      new Request("http://localhost:3000/api/pictor/images/generations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a lighthouse" }),
      }),
    );
    const models = await GET(new Request("http://localhost:3000/api/pictor/models"));

    expect([generated.status, models.status]).toEqual([200, 200]);
    expect(gateway.calls.map((call) => call.operation)).toEqual(["generateImages", "listModels"]);
  });

  it("Next.js: a HEAD, which Next serves with the GET export, answers the model list's 200 without a body", async () => {
    const { GET } = createNextRouteHandlers(handler);

    const head = await GET(
      new Request("http://localhost:3000/api/pictor/models", { method: "HEAD" }),
    );

    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(gateway.calls.map((call) => call.operation)).toEqual(["listModels"]);
  });
});
