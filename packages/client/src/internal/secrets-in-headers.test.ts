import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { apiKey, baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { APIError, AuthenticationError, InternalServerError, RateLimitError } from "../core/errors";

/** A key of the base64 alphabet, as some gateways issue: `/`, `+` and `=` change when encoded. */
const base64Key = "sk-test-9fQ/x+Zr2=Kp";

const { gateway, server, client } = useClientTestServer({ apiKeys: [apiKey, base64Key] });

const seedream = { model: "bytedance/seedream-4-5", prompt: "A cozy cabin" } as const;
const chat = {
  model: "gemini-3-pro-image-preview",
  messages: [{ role: "user" as const, content: "A lighthouse" }],
};

/** `token` as an encoder writes it in a URL: upper-case hex (encodeURIComponent), or lower-case. */
function percentEncoded(token: string, hex: "upper" | "lower"): string {
  const encoded = encodeURIComponent(token);
  return hex === "upper" ? encoded : encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
}

/** Every form of `key` a header below echoes it in. */
function echoedForms(key: string): string[] {
  return [
    key,
    percentEncoded(key, "upper"),
    percentEncoded(key, "lower"),
    JSON.stringify(key).slice(1, -1).replaceAll("/", "\\/"),
  ];
}

/**
 * The mock gateway's answer as a proxy in front of it passes it on after echoing the credential
 * it was sent: verbatim in a debug header and a `WWW-Authenticate`, percent-encoded in a
 * `Location` and a cookie, and JSON-escaped (`\/`) in a header that dumps the request.
 */
async function echoingTheKey(request: Request): Promise<Response> {
  const authorization = request.headers.get("authorization") ?? "";
  const token = authorization.replace(/^Bearer /, "");
  const answer = await gateway.fetch(request);
  const headers = new Headers(answer.headers);
  headers.set("x-debug-authorization", authorization);
  headers.set("www-authenticate", `Bearer realm="gateway", error_description="${token}"`);
  headers.set("location", `https://gw.test/v1/retry?key=${percentEncoded(token, "upper")}`);
  headers.set("set-cookie", `session=${percentEncoded(token, "lower")}; Secure`);
  headers.set("x-debug-request", JSON.stringify({ authorization }).replaceAll("/", "\\/"));
  return new HttpResponse(answer.body, { status: answer.status, headers });
}

/** Routes `path` of the mock gateway through the echoing proxy. */
function behindEchoingProxy(path: string): void {
  server.use(http.post(`${baseURL}${path}`, ({ request }) => echoingTheKey(request)));
}

/**
 * Fails if `headers`, or `error` as a log or an error report shows it (message, JSON,
 * `util.inspect`, which prints its headers), show `key` in any form it was echoed in.
 */
function expectKeyAbsent(error: unknown, headers: Headers, key: string): void {
  const texts = [
    [...headers].map(([name, value]) => `${name}: ${value}`).join("\n"),
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true, getters: true }),
  ].join("\n");
  for (const form of echoedForms(key)) expect(texts).not.toContain(form);
}

describe("an API error's headers never show the key a proxy echoed in them", () => {
  it("a 401 (the key refused): AuthenticationError's headers have it replaced, in every form", async () => {
    behindEchoingProxy("/images/generations");
    const wrongKey = "sk-test-wrong/9fQ+x=";
    const error = await caught(() => client({ apiKey: wrongKey }).images.generate(seedream));
    if (!AuthenticationError.isInstance(error)) throw error;
    expectKeyAbsent(error, error.headers, wrongKey);
    expect(error.headers.get("x-debug-authorization")).toBe("[redacted]");
    expect(error.headers.get("location")).toBe("https://gw.test/v1/retry?key=[redacted]");
    expect(error.headers.get("set-cookie")).toBe("session=[redacted]; Secure");
    expect(error.headers.get("x-debug-request")).toBe('{"authorization":"[redacted]"}');
    // The gateway's own headers stay as they came.
    expect(error.headers.get("content-type")).toContain("application/json");
  });

  it("a 500: InternalServerError's headers have it replaced", async () => {
    behindEchoingProxy("/images/generations");
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const error = await caught(() => client({ apiKey: base64Key }).images.generate(seedream));
    if (!InternalServerError.isInstance(error)) throw error;
    expectKeyAbsent(error, error.headers, base64Key);
    expect(error.retryable).toBe(true);
    // The request id comes from the headers too, and is quoted in the message.
    expect(error.requestId).toBe(gateway.calls[0]?.requestId);
    expect(error.message).toContain(`(request id ${error.requestId})`);
  });

  it("a 429 still says when to retry and is retried by its Retry-After (the retry reads the answer's headers)", async () => {
    behindEchoingProxy("/images/generations");
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const error = await caught(() => client({ apiKey: base64Key }).images.generate(seedream));
    if (!RateLimitError.isInstance(error)) throw error;
    expectKeyAbsent(error, error.headers, base64Key);
    expect(error.retryAfterMs).toBe(5);
    expect(error.retryable).toBe(true);

    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 5 });
    const delays: number[] = [];
    const result = await client({
      apiKey: base64Key,
      maxRetries: 1,
      onRetry: (event) => delays.push(event.delayMs),
    }).images.generate(seedream);
    expect(result.images).toHaveLength(1);
    expect(delays).toEqual([5]);
  });

  it("a streamed chat's error before the stream and mid-stream: APIError's headers have it replaced", async () => {
    behindEchoingProxy("/chat/completions");
    gateway.faults.enqueue({
      type: "server_error",
      status: 502,
      operation: "createChatCompletion",
    });
    const before = await caught(() =>
      client({ apiKey: base64Key }).chat.completions.create({ ...chat, stream: true }),
    );
    if (!APIError.isInstance(before)) throw before;
    expect(before.status).toBe(502);
    expectKeyAbsent(before, before.headers, base64Key);

    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider crashed" });
    const stream = await client({ apiKey: base64Key }).chat.completions.create({
      ...chat,
      stream: true,
    });
    const midStream = await caught(() => stream.finalMessage());
    if (!APIError.isInstance(midStream)) throw midStream;
    expect(midStream.message).toContain("Upstream provider crashed");
    expectKeyAbsent(midStream, midStream.headers, base64Key);
  });
});

describe("a successful response handed to your code never shows the key a proxy echoed in its headers", () => {
  it("onResponse: the headers have it replaced; status, URL and the gateway's headers are kept, and the images are made", async () => {
    behindEchoingProxy("/images/generations");
    const seen: Response[] = [];
    const result = await client({ apiKey: base64Key }).images.generate(seedream, {
      onResponse: (response) => seen.push(response),
    });
    expect(result.images).toHaveLength(1);
    const [response] = seen;
    if (!response) throw new Error("onResponse was not called");
    expectKeyAbsent(response, response.headers, base64Key);
    expect(response.headers.get("location")).toBe("https://gw.test/v1/retry?key=[redacted]");
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${baseURL}/images/generations`);
    expect(response.headers.get("x-request-id")).toBe(result.requestId);
  });

  it("a stream's response: the headers have it replaced, and the stream is read whole", async () => {
    behindEchoingProxy("/chat/completions");
    const stream = await client({ apiKey: base64Key }).chat.completions.create({
      ...chat,
      stream: true,
    });
    expectKeyAbsent(stream, stream.response.headers, base64Key);
    expect(stream.response.url).toBe(`${baseURL}/chat/completions`);
    expect(stream.response.headers.get("x-request-id")).toBe(stream.requestId);
    const message = await stream.finalMessage();
    expect(message.images).toHaveLength(1);
  });
});
