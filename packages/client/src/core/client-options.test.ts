import { handlers } from "@pictor/mock/msw";
import { HttpResponse, http } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiKey, baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { defaultBaseURL } from "../client-options";
import { Pictor } from "../pictor";
import { rawClient } from "../raw-client";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  PictorError,
  RequestValidationError,
} from "./errors";

const { gateway, server, client } = useClientTestServer();

const seedream = { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" } as const;

beforeEach(() => {
  // Each test sets the environment it needs; a developer's real variables must not leak in.
  vi.stubEnv("LLM_GATEWAY_API_KEY", undefined);
  vi.stubEnv("LLM_GATEWAY_BASE_URL", undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** What `new Pictor(options)` throws; fails when it constructs. */
function constructionError(options: ConstructorParameters<typeof Pictor>[0]): unknown {
  try {
    new Pictor(options);
  } catch (error) {
    return error;
  }
  throw new Error("expected new Pictor() to throw, but it constructed");
}

describe("apiKey and baseURL from the environment", () => {
  it("default to LLM_GATEWAY_API_KEY and LLM_GATEWAY_BASE_URL", async () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", apiKey);
    vi.stubEnv("LLM_GATEWAY_BASE_URL", baseURL);
    const pictor = new Pictor();
    expect(pictor.baseURL).toBe(baseURL);
    const result = await pictor.images.generate(seedream);
    expect(result.images).toHaveLength(1);
    // The mock accepts only the fixture's key: a 200 proves the key from the environment was sent.
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
    expect(gateway.calls[0]?.headers.authorization).toBe("Bearer [redacted]");
  });

  it("options win over the environment", async () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", "sk-test-from-env-not-accepted");
    vi.stubEnv("LLM_GATEWAY_BASE_URL", "https://elsewhere.test/v1");
    const pictor = new Pictor({ apiKey, baseURL });
    expect(pictor.baseURL).toBe(baseURL);
    await pictor.images.generate(seedream);
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
  });

  it("the base URL defaults to the public gateway", () => {
    expect(new Pictor({ apiKey }).baseURL).toBe("https://api.llmgateway.io/v1");
    expect(defaultBaseURL).toBe("https://api.llmgateway.io/v1");
  });

  it("a trailing slash on the base URL is dropped", () => {
    expect(new Pictor({ apiKey, baseURL: `${baseURL}/` }).baseURL).toBe(baseURL);
  });

  // Deno 2 has a `process` global whose `env` throws on a read the program may not make: run
  // without --allow-env, or with --allow-env=LLM_GATEWAY_API_KEY only.
  it("an environment Deno will not let the program read counts as unset, not as a crash", async () => {
    const notCapable = new Proxy<NodeJS.ProcessEnv>(
      {},
      {
        get(_, name) {
          throw new Error(
            `NotCapable: Requires env access to "${String(name)}", run again with the --allow-env flag`,
          );
        },
      },
    );
    const saved = process.env;
    let pictor: Pictor;
    let missingKey: unknown;
    process.env = notCapable;
    try {
      pictor = new Pictor({ apiKey, maxRetries: 0 });
      missingKey = constructionError({});
    } finally {
      process.env = saved;
    }
    expect(pictor.baseURL).toBe(defaultBaseURL);
    expect(missingKey).toBeInstanceOf(PictorError);
    if (!PictorError.isInstance(missingKey)) return;
    expect(missingKey.message).toContain("LLM_GATEWAY_API_KEY");
  });
});

describe("a missing key", () => {
  it("with the public gateway is a PictorError at construction naming LLM_GATEWAY_API_KEY", () => {
    const error = constructionError({});
    expect(error).toBeInstanceOf(PictorError);
    if (!PictorError.isInstance(error)) return;
    expect(error.message).toContain("LLM_GATEWAY_API_KEY");
    expect(error.message).toContain("new Pictor({ apiKey })");
  });

  it("a blank LLM_GATEWAY_API_KEY counts as missing", () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", "   ");
    expect(constructionError({ baseURL: defaultBaseURL })).toBeInstanceOf(PictorError);
  });

  it("with a custom baseURL is allowed, and the gateway's 401 becomes an AuthenticationError", async () => {
    const pictor = new Pictor({ baseURL });
    const error = await caught(() => pictor.images.generate(seedream));
    expect(error).toBeInstanceOf(AuthenticationError);
    if (!AuthenticationError.isInstance(error)) return;
    expect(error.status).toBe(401);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.headers.authorization).toBeUndefined();
    expect(gateway.calls[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it.each([
    ["x-api-key", ""],
    ["Authorization", " "],
  ])("a blank %s header counts as missing, as a blank apiKey does", (name, value) => {
    const error = constructionError({ headers: { [name]: value } });
    expect(error).toBeInstanceOf(PictorError);
    expect(error instanceof Error && error.message).toContain("LLM_GATEWAY_API_KEY");
  });

  it.each([
    ["x-api-key", apiKey],
    ["Authorization", `Bearer ${apiKey}`],
  ])(
    "is no error when the %s header carries it: calls to the public gateway go with it",
    async (name, value) => {
      server.use(...handlers(gateway, { baseURL: defaultBaseURL }));
      const pictor = new Pictor({ headers: { [name]: value }, maxRetries: 0 });
      const result = await pictor.images.generate(seedream);
      expect(result.images).toHaveLength(1);
      expect(gateway.calls.map((call) => call.status)).toEqual([200]);
    },
  );
});

describe("baseURL validation", () => {
  it("a URL without a scheme is a TypeError that shows the fix", () => {
    const error = constructionError({ apiKey, baseURL: "api.llmgateway.io/v1" });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain('"api.llmgateway.io/v1"');
    expect(error.message).toContain("https://api.llmgateway.io/v1");
  });

  it("a scheme other than http(s) is a TypeError", () => {
    const error = constructionError({ apiKey, baseURL: "ftp://gateway.test/v1" });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain("http or https");
  });

  it("a path outside a browser fails the first call with a TypeError asking for a full URL", async () => {
    expect(globalThis.location).toBeUndefined();
    // Construction works (a server render may create the client the browser will use).
    const pictor = new Pictor({ baseURL: "/api/pictor" });
    const error = await pictor.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain('"/api/pictor" is a path');
    expect(error.message).toContain("full URL");
    expect(gateway.calls).toHaveLength(0);
  });

  it("a path in a browser is kept as a path (no key needed), trailing slash trimmed", () => {
    vi.stubGlobal("location", { origin: "https://app.test" });
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(new Pictor({ baseURL: "/api/pictor/" }).baseURL).toBe("/api/pictor");
  });
});

describe("numeric options", () => {
  it.each([-1, 0, Number.NaN, Number.NEGATIVE_INFINITY])(
    "timeout: %d is a TypeError",
    (timeout) => {
      const error = constructionError({ apiKey, baseURL, timeout });
      expect(error).toBeInstanceOf(TypeError);
      if (!(error instanceof TypeError)) return;
      expect(error.message).toContain("timeout must be a positive number of milliseconds");
    },
  );

  it.each([1.5, -1, Number.NaN])("maxRetries: %d is a TypeError", (maxRetries) => {
    const error = constructionError({ apiKey, baseURL, maxRetries });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain("maxRetries must be a whole number");
  });
});

describe("options of the wrong shape", () => {
  it("maxConcurrency: 0 is a TypeError (nothing could run), not quietly 1", () => {
    const error = constructionError({ apiKey, baseURL, maxConcurrency: 0 });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain("maxConcurrency must be a whole number ≥ 1, got 0");
  });

  it.each([
    ["apiKey", { apiKey: 42 }, "apiKey must be a string, got number"],
    ["fetch", { fetch: "nope" }, "fetch must be a function, got string"],
    ["onRetry", { onRetry: {} }, "onRetry must be a function, got object"],
    ["headers", { headers: "x-app: 1" }, "headers must be an object of header names"],
    ["a header value", { headers: { "x-app": 1 } }, 'the value of "x-app" must be a string'],
    ["a header name", { headers: { "x app": "1" } }, '"x app" is not a valid HTTP header name'],
  ])("%s of the wrong type is a TypeError at construction", (_, options, message) => {
    // The values are wrong on purpose: read as the options type, as JavaScript callers pass them.
    const error = constructionError({ apiKey, baseURL, ...Object(options) });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain(message);
  });

  it.each([
    ["a whole header line as the name", { "Authorization: Bearer sk-test-secret-part-123": "" }],
    ["a name=value pair as the name", { "x-api-key=sk-test-secret-part-123": "" }],
    ["a header line without its colon", { "Authorization Bearer sk-test-secret-part-123": "" }],
  ])(
    "%s (a slip parsing a header line) is a TypeError that names the header, not the key",
    async (_, headers) => {
      const fromCall = await caught(() =>
        new Pictor({ apiKey, baseURL }).images.generate(
          { model: "bytedance/seedream-4-5", prompt: "A cat" },
          { headers },
        ),
      );
      for (const error of [constructionError({ apiKey, baseURL, headers }), fromCall]) {
        expect(error).toBeInstanceOf(TypeError);
        if (!(error instanceof TypeError)) return;
        expect(error.message).toContain("is not a valid HTTP header name");
        expect(error.message).not.toContain("secret-part-123");
      }
    },
  );

  it("a key with a line break inside is a TypeError that does not show the key", () => {
    const error = constructionError({ apiKey: "sk-test-\nsecret-part-123", baseURL });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain("an HTTP header cannot carry");
    expect(error.message).not.toContain("secret-part-123");
  });

  it("a key with a trailing newline (read from a file) is sent without it", async () => {
    const sent: unknown[] = [];
    const recording: typeof fetch = (input, init) => {
      // The record as Pictor built it: a Headers object would strip the newline itself.
      sent.push(Reflect.get(init?.headers ?? {}, "authorization"));
      return fetch(input, init);
    };
    await new Pictor({
      apiKey: `${apiKey}\n`,
      baseURL,
      fetch: recording,
      maxRetries: 0,
    }).images.generate(seedream);
    expect(sent).toEqual([`Bearer ${apiKey}`]);
  });
});

describe("options new Pictor() does not take", () => {
  it("a typo'd option is a TypeError naming it and the likely one (baseUrl would send the key to the public gateway)", () => {
    const error = constructionError({ apiKey, ...Object({ baseUrl: baseURL }) });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain('unknown option "baseUrl" (did you mean baseURL?)');
    expect(constructionError({ apiKey, baseURL, ...Object({ retries: 3 }) })).toHaveProperty(
      "message",
      expect.stringContaining("did you mean maxRetries?"),
    );
  });

  it.each([
    ["defaultHeaders", "headers", { "x-app": "demo" }],
    ["httpAgent", "fetchOptions", {}],
  ])("openai-node's %s suggests Pictor's %s", (name, meant, value) => {
    expect(constructionError({ apiKey, baseURL, ...Object({ [name]: value }) })).toHaveProperty(
      "message",
      expect.stringContaining(`unknown option "${name}" (did you mean ${meant}?)`),
    );
  });

  it("a name in the singular suggests the plural it meant: an option, an edit's images, a chat's messages", async () => {
    expect(constructionError({ apiKey, baseURL, ...Object({ maxRetry: 3 }) })).toHaveProperty(
      "message",
      expect.stringContaining('unknown option "maxRetry" (did you mean maxRetries?)'),
    );
    const edit = await caught(() =>
      client().images.edit(
        JSON.parse(
          '{"model":"openai/gpt-image-2","prompt":"x","image":"https://images.test/a.png"}',
        ),
      ),
    );
    expect(RequestValidationError.isInstance(edit) && edit.issues).toContainEqual({
      path: "image",
      message: expect.stringMatching(/^Unknown parameter \(did you mean images\?\)/),
    });
    const chat = await caught(() =>
      client().chat.completions.create(
        JSON.parse('{"model":"openai/gpt-image-2","message":[{"role":"user","content":"x"}]}'),
      ),
    );
    expect(RequestValidationError.isInstance(chat) && chat.issues).toContainEqual({
      path: "message",
      message: expect.stringMatching(/^Unknown parameter \(did you mean messages\?\)/),
    });
    expect(gateway.calls).toHaveLength(0);
  });

  it.each([
    ["null", null],
    ["a string (the key passed bare)", "sk-test-bare-key-0123456789"],
  ])("options that are %s are a TypeError that does not show them", (_, options) => {
    const error = constructionError(
      Object(options) === options ? Object(options) : (options as never),
    );
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain("options must be an object");
    expect(error.message).not.toContain("sk-test-bare-key");
  });

  it.each(["baseURL", "timeout", "maxRetries"])(
    "%s: null is a TypeError, not silently the default (the public gateway, for baseURL)",
    (name) => {
      const error = constructionError({ apiKey, baseURL, ...Object({ [name]: null }) });
      expect(error).toBeInstanceOf(TypeError);
      if (!(error instanceof TypeError)) return;
      expect(error.message).toContain(`${name} is null`);
    },
  );

  it("a baseURL that is not a string is a TypeError naming it", () => {
    const error = constructionError({ apiKey, ...Object({ baseURL: 42 }) });
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof TypeError)) return;
    expect(error.message).toContain("baseURL must be a string");
  });

  it("whitespace around the baseURL (a line of a .env file) is dropped, and calls work", async () => {
    const pictor = new Pictor({ apiKey, baseURL: ` ${baseURL}\n`, maxRetries: 0 });
    expect(pictor.baseURL).toBe(baseURL);
    await pictor.images.generate(seedream);
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
  });

  it("a baseURL with a query or fragment is a TypeError (paths would be appended after it) that does not show them", () => {
    for (const bad of [`${baseURL}?api_key=${apiKey}`, `${baseURL}#${apiKey}`]) {
      const error = constructionError({ apiKey, baseURL: bad });
      expect(error instanceof TypeError && error.message).toContain("query or fragment");
      expect(error instanceof TypeError && error.message).not.toContain(apiKey);
    }
  });

  it("a baseURL with user:password@ is a TypeError that does not show them", () => {
    const error = constructionError({ baseURL: `https://user:${apiKey}@gateway.test/v1` });
    expect(error instanceof TypeError && error.message).toContain("holds credentials");
    expect(error instanceof TypeError && error.message).not.toContain(apiKey);
  });

  it.each([
    "https://api.llmgateway.io",
    "https://api.llmgateway.io/",
    "https://api.llmgateway.io/api",
  ])(
    "LLM Gateway's host without /v1 (%s), where every call would be a 404, is a TypeError naming https://api.llmgateway.io/v1",
    (bad) => {
      const error = constructionError({ apiKey, baseURL: bad });
      expect(error).toBeInstanceOf(TypeError);
      expect(error instanceof TypeError && error.message).toContain(
        "use https://api.llmgateway.io/v1",
      );
      // Its /v1, and a gateway of your own at any path, are taken.
      expect(new Pictor({ apiKey, baseURL: "https://api.llmgateway.io/v1/" }).baseURL).toBe(
        "https://api.llmgateway.io/v1",
      );
      expect(new Pictor({ apiKey, baseURL: "https://gateway.example.test" }).baseURL).toBe(
        "https://gateway.example.test",
      );
    },
  );

  it("a key passed as the baseURL is not echoed in the error", () => {
    // A base64 key too, whose `/` a URL has as well.
    for (const key of [apiKey, "sk-9fQ/x+Zr2=Kp"]) {
      const error = constructionError({ apiKey, baseURL: key });
      expect(error instanceof TypeError && error.message).toContain("is not a URL");
      expect(error instanceof TypeError && error.message).not.toContain(key);
    }
  });

  it("a JWT or a user:secret pair passed as the baseURL is not echoed, though it has dots or a colon", () => {
    const jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    const pair = "svc-account:9fQx2Zr2Kp7sLmN0aBcDeFgHiJkLmNoPqRsTuV";
    for (const key of [jwt, pair]) {
      const error = constructionError({ apiKey, baseURL: key });
      expect(error).toBeInstanceOf(TypeError);
      expect(error instanceof TypeError && error.message).not.toContain(key);
      expect(error instanceof TypeError && error.message).not.toContain("9fQx2Zr2Kp7sLmN0");
      expect(error instanceof TypeError && error.message).not.toContain("SflKxwRJSMeKKF2Q");
    }
  });

  it('"localhost:3000" (no scheme) is a TypeError that shows the URL to write', () => {
    const error = constructionError({ apiKey, baseURL: "localhost:3000" });
    expect(error instanceof TypeError && error.message).toContain("http://localhost:3000");
  });
});

describe("per-call options are checked like the client's", () => {
  it("a per-call header value with a line break is a TypeError naming the header, not its value; nothing is sent", async () => {
    const error = await caught(() =>
      client().images.generate(seedream, { headers: { "x-token": "abc\r\nsecret-value" } }),
    );
    expect(gateway.calls).toHaveLength(0);
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof Error)) return;
    expect(error.message).toContain('the value of "x-token" holds a line break');
    // A character fetch cannot send as one byte is refused the same way, not retried as a
    // connection error.
    const accented = await caught(() =>
      client().images.generate(seedream, { headers: { "x-user": "José ✓" } }),
    );
    expect(accented instanceof TypeError && accented.message).toContain("beyond Latin-1");
    expect(error.message).not.toContain("secret-value");
  });

  it("a per-call timeout: -1 is a TypeError naming the option, and nothing is sent", async () => {
    const error = await caught(() =>
      client({ maxRetries: 2 }).images.generate(seedream, { timeout: -1 }),
    );
    expect(gateway.calls).toHaveLength(0);
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof Error)) return;
    expect(error.message).toContain("timeout must be a positive number of milliseconds");
  });

  it("a per-call maxRetries: 1.5 is a TypeError naming the option, and nothing is sent", async () => {
    for (let index = 0; index < 3; index++)
      gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const error = await caught(() => client().images.generate(seedream, { maxRetries: 1.5 }));
    expect(gateway.calls).toHaveLength(0);
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof Error)) return;
    expect(error.message).toContain("maxRetries must be a whole number");
  });

  it.each([
    ["a plain object", {}],
    ["the AbortController itself", new AbortController()],
    ["a string", "abort"],
  ])("a signal that is %s is a TypeError naming it; nothing is sent", async (_, signal) => {
    const calls = [
      () => client().images.generate(seedream, { ...Object({ signal }) }),
      () =>
        client().chat.completions.create(
          { model: "gemini-3-pro-image-preview", messages: [{ role: "user", content: "a fox" }] },
          { ...Object({ signal }) },
        ),
      () => client().models.list({}, { ...Object({ signal }) }),
    ];
    for (const call of calls) {
      const error = await caught(call);
      expect(error instanceof TypeError && error.message).toContain(
        "signal must be an AbortSignal",
      );
    }
    expect(gateway.calls).toHaveLength(0);
  });

  it("an onResponse that is not a function is a TypeError before any (paid) call of a fan-out", async () => {
    const error = await caught(() =>
      client().images.generate({ ...seedream, n: 2 }, { onResponse: Object(1) }),
    );
    expect(error instanceof TypeError && error.message).toContain("onResponse must be a function");
    expect(gateway.calls).toHaveLength(0);
  });

  it("an option a call does not take is a TypeError naming it, with the likely one", async () => {
    const typo = await caught(() =>
      client().images.generate(seedream, { ...Object({ retries: 3 }) }),
    );
    expect(typo instanceof TypeError && typo.message).toContain(
      'images.generate(…, options): unknown option "retries" (did you mean maxRetries?)',
    );
    // An images-only option on a chat call would do nothing there.
    const misplaced = await caught(() =>
      client().chat.completions.create(
        { model: "gemini-3-pro-image-preview", messages: [{ role: "user", content: "a fox" }] },
        { ...Object({ partialResults: "return" }) },
      ),
    );
    expect(misplaced instanceof TypeError && misplaced.message).toContain(
      'unknown option "partialResults"',
    );
    const wrongValue = await caught(() =>
      client().images.generate(seedream, { ...Object({ partialResults: "ignore" }) }),
    );
    expect(wrongValue instanceof TypeError && wrongValue.message).toContain(
      'partialResults must be "throw" or "return", got "ignore"',
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("a numeric option given as a string says so, not just the number", async () => {
    const error = await caught(() =>
      client().images.generate(seedream, { ...Object({ timeout: "1000" }) }),
    );
    expect(error instanceof TypeError && error.message).toContain('got the string "1000"');
  });

  it("edit options are checked before the https inputs are fetched for their check", async () => {
    const requested: string[] = [];
    const recording: typeof fetch = (input, init) => {
      requested.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const error = await caught(() =>
      client({ fetch: recording }).images.edit(
        {
          model: "gemini-3-pro-image-preview",
          prompt: "watercolor",
          images: ["https://images.test/photo.png"],
        },
        { timeout: -1 },
      ),
    );
    expect(error instanceof TypeError && error.message).toContain("timeout must be");
    expect(requested).toEqual([]);
  });
});

describe("dangerouslyAllowBrowser", () => {
  function stubBrowser() {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
  }

  it("a key in a browser is a PictorError pointing to @pictor/server", () => {
    stubBrowser();
    const error = constructionError({ apiKey, baseURL });
    expect(error).toBeInstanceOf(PictorError);
    if (!PictorError.isInstance(error)) return;
    expect(error.message).toContain("@pictor/server");
    expect(error.message).toContain("dangerouslyAllowBrowser: true");
    expect(error.message).not.toContain(apiKey);
  });

  it("a key in the environment is never picked up by a page", async () => {
    stubBrowser();
    vi.stubEnv("LLM_GATEWAY_API_KEY", apiKey);
    const pictor = new Pictor({ baseURL });
    await pictor.images.generate(seedream).catch(() => undefined);
    expect(gateway.calls[0]?.headers.authorization).toBeUndefined();
  });

  it("dangerouslyAllowBrowser: true allows it, and calls work", async () => {
    stubBrowser();
    const pictor = new Pictor({ apiKey, baseURL, dangerouslyAllowBrowser: true });
    const result = await pictor.images.generate(seedream);
    expect(result.images).toHaveLength(1);
    expect(gateway.calls[0]?.headers.authorization).toBe("Bearer [redacted]");
  });

  it("a key in the headers for the public gateway is a key in the page too; a page's own Authorization for its route is not", () => {
    stubBrowser();
    const error = constructionError({ headers: { "x-api-key": apiKey } });
    expect(error).toBeInstanceOf(PictorError);
    expect(error instanceof Error && error.message).toContain("dangerouslyAllowBrowser: true");
    expect(
      new Pictor({ baseURL: "/api/pictor", headers: { Authorization: "Bearer session-token" } })
        .baseURL,
    ).toBe("/api/pictor");
  });

  it("outside a browser a key needs no flag", () => {
    expect(globalThis.document).toBeUndefined();
    expect(new Pictor({ apiKey, baseURL }).baseURL).toBe(baseURL);
  });

  // The globals each runtime has (a class stands for an interface object).
  class WorkerGlobalScope {}
  const browserWorkerGlobals = {
    self: globalThis,
    WorkerGlobalScope,
    importScripts: () => {},
    navigator: { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" },
    location: { href: "https://app.test/worker.js", origin: "https://app.test" },
  };
  const workers: [string, Record<string, unknown>][] = [
    ["a dedicated worker", { ...browserWorkerGlobals, DedicatedWorkerGlobalScope: class {} }],
    ["a shared worker", { ...browserWorkerGlobals, SharedWorkerGlobalScope: class {} }],
    ["a service worker", { ...browserWorkerGlobals, ServiceWorkerGlobalScope: class {} }],
  ];
  const edgeRuntimes: [string, Record<string, unknown>][] = [
    // workerd's global is a ServiceWorkerGlobalScope with WorkerGlobalScope, but no importScripts.
    [
      "Cloudflare Workers",
      {
        self: globalThis,
        WorkerGlobalScope,
        ServiceWorkerGlobalScope: class {},
        navigator: { userAgent: "Cloudflare-Workers" },
      },
    ],
    ["Deno", { Deno: { version: { deno: "2.1.4" } }, navigator: { userAgent: "Deno/2.1.4" } }],
    // Deno's workers have importScripts and the Deno namespace.
    [
      "a Deno worker",
      {
        ...browserWorkerGlobals,
        Deno: { version: { deno: "2.1.4" } },
        DedicatedWorkerGlobalScope: class {},
      },
    ],
    [
      "Bun",
      { Bun: { version: "1.1.38" }, self: globalThis, navigator: { userAgent: "Bun/1.1.38" } },
    ],
    ["a Bun worker", { ...browserWorkerGlobals, Bun: { version: "1.1.38" } }],
    ["Vercel's Edge Runtime", { EdgeRuntime: "edge-runtime", self: globalThis }],
  ];

  it.each(workers)("a key in %s of a page is refused as in the page", (_, globals) => {
    for (const [name, value] of Object.entries(globals)) vi.stubGlobal(name, value);
    const error = constructionError({ apiKey, baseURL });
    expect(error).toBeInstanceOf(PictorError);
    expect(error instanceof Error && error.message).toContain("dangerouslyAllowBrowser: true");
    expect(new Pictor({ apiKey, baseURL, dangerouslyAllowBrowser: true }).baseURL).toBe(baseURL);
  });

  it.each(edgeRuntimes)("a key in %s (a server) needs no flag", (_, globals) => {
    for (const [name, value] of Object.entries(globals)) vi.stubGlobal(name, value);
    expect(new Pictor({ apiKey, baseURL }).baseURL).toBe(baseURL);
  });
});

describe("fetch", () => {
  it("the `fetch` option is used when given", async () => {
    const urls: string[] = [];
    const fetchSpy = vi.fn<typeof globalThis.fetch>((input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    });
    await client({ fetch: fetchSpy }).images.generate(seedream);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(urls).toEqual([`${baseURL}/images/generations`]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("globalThis.fetch is looked up at call time, not when the client is made", async () => {
    const pictor = client();
    const original = globalThis.fetch;
    const fetchSpy = vi.fn<typeof globalThis.fetch>((input, init) => original(input, init));
    vi.stubGlobal("fetch", fetchSpy);
    const result = await pictor.images.generate(seedream);
    expect(result.images).toHaveLength(1);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(gateway.calls).toHaveLength(1);
  });
});

describe("headers", () => {
  it("the `headers` option and per-call `headers` are sent; per call wins on a clash", async () => {
    const pictor = client({ headers: { "x-pictor-app": "tests", "x-trace": "client" } });
    await pictor.images.generate(seedream, { headers: { "x-trace": "call", "x-call": "1" } });
    expect(gateway.calls[0]?.headers).toMatchObject({
      "x-pictor-app": "tests",
      "x-trace": "call",
      "x-call": "1",
      authorization: "Bearer [redacted]",
    });
  });

  it("client headers go with every call, per-call headers only with theirs", async () => {
    const pictor = client({ headers: { "x-pictor-app": "tests" } });
    await pictor.images.generate(seedream, { headers: { "x-call": "first" } });
    await pictor.images.generate(seedream);
    expect(gateway.calls.map((call) => call.headers["x-pictor-app"])).toEqual(["tests", "tests"]);
    expect(gateway.calls.map((call) => call.headers["x-call"])).toEqual(["first", undefined]);
  });

  it("headers may be a Headers or [name, value] pairs, as fetch takes them (not silently dropped)", async () => {
    const pictor = client({ headers: new Headers({ "x-pictor-app": "tests" }) });
    await pictor.images.generate(seedream, { headers: [["x-call", "pairs"]] });
    await pictor.images.generate(seedream, { headers: new Headers({ "x-call": "headers" }) });
    expect(gateway.calls.map((call) => call.headers["x-pictor-app"])).toEqual(["tests", "tests"]);
    expect(gateway.calls.map((call) => call.headers["x-call"])).toEqual(["pairs", "headers"]);
  });

  it("a per-call Authorization replaces the client's key for that call", async () => {
    const error = await caught(() =>
      client().images.generate(seedream, {
        headers: { Authorization: "Bearer sk-test-per-call-wrong" },
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(gateway.calls).toHaveLength(1);
  });
});

describe("rawClient", () => {
  it('rawClient(pictor).GET("/models") goes through Pictor\'s transport (auth, headers)', async () => {
    const pictor = client({ headers: { "x-pictor-app": "tests" } });
    const { data, error, response } = await rawClient(pictor).GET("/models");
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.data.map((model) => model.id)).toContain("gemini-3-pro-image");
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]).toMatchObject({
      method: "GET",
      path: "/v1/models",
      headers: { authorization: "Bearer [redacted]", "x-pictor-app": "tests" },
    });
  });

  it("raw requests are retried like the others", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 10, operation: "listModels" });
    const { response } = await rawClient(client({ maxRetries: 1 })).GET("/models");
    expect(response.status).toBe(200);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it("is one client per Pictor, so middleware added with use() stays", async () => {
    const pictor = client();
    const seen: string[] = [];
    rawClient(pictor).use({
      onRequest: ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return undefined;
      },
    });
    expect(rawClient(pictor)).toBe(rawClient(pictor));
    await rawClient(pictor).GET("/models");
    expect(seen).toEqual(["/v1/models"]);
    expect(rawClient(client())).not.toBe(rawClient(pictor));
  });

  it("a body cut half-way is an APIConnectionError, as for the wrapped calls (not fetch's TypeError)", async () => {
    gateway.faults.enqueue({ type: "truncated_body", operation: "listModels" });
    const error = await caught(() => rawClient(client()).GET("/models"));
    expect(APIConnectionError.isInstance(error) && error.message).toMatch(
      /^Connection error while reading the response/,
    );
  });

  it("the caller's abort while the body arrives is an APIUserAbortError", async () => {
    const controller = new AbortController();
    const pictor = client();
    // Aborted once the answer's headers are in, before openapi-fetch reads its body.
    rawClient(pictor).use({
      onResponse: () => {
        controller.abort();
        return undefined;
      },
    });
    const error = await caught(() =>
      rawClient(pictor).GET("/models", { signal: controller.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
  });

  it("the timeout running out while the body arrives is an APITimeoutError", async () => {
    // What Node's fetch does when its signal aborts with the timeout after the headers came.
    const timedOutBody: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          pull: (controller) =>
            controller.error(
              new DOMException("The operation was aborted due to timeout", "TimeoutError"),
            ),
        }),
        { headers: { "content-type": "application/json" } },
      );
    const error = await caught(() =>
      rawClient(client({ fetch: timedOutBody, timeout: 30_000 })).GET("/models"),
    );
    expect(APITimeoutError.isInstance(error) && error.message).toContain("30000 ms");
  });

  it("an error answered with an empty body (Content-Length: 0) has `error` undefined, as openapi-fetch gives it", async () => {
    server.use(
      http.get(
        `${baseURL}/models`,
        () => new HttpResponse("", { status: 404, headers: { "content-length": "0" } }),
      ),
    );
    const { data, error, response } = await rawClient(client()).GET("/models");
    expect(response.status).toBe(404);
    expect(error).toBeUndefined();
    expect(data).toBeUndefined();
  });

  it("refuses what is not a Pictor client, with a TypeError that says what it takes", () => {
    // What another copy of @pictor/client would hand over: a Pictor this copy did not construct.
    const notAClient: Pictor = Object.create(Pictor.prototype);
    expect(() => rawClient(notAClient)).toThrow(TypeError);
    expect(() => rawClient(notAClient)).toThrow(/new Pictor\(\)/);
  });
});
