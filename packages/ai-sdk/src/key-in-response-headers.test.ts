import { inspect } from "node:util";
import { APICallError } from "@ai-sdk/provider";
import { generateImage, generateText, streamText } from "ai";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { apiKey, baseURL, caught, usePictorTestServer } from "./__fixtures__/pictor-test-server";

/** A key of the base64 alphabet, as some gateways issue: `/`, `+` and `=` change when encoded. */
const base64Key = "sk-test-9fQ/x+Zr2=Kp";

const { gateway, server, provider } = usePictorTestServer({ apiKeys: [apiKey, base64Key] });

/** streamText logs stream errors unless given an `onError`; these tests read them from the stream. */
const quiet = () => undefined;

/** `token` as encoders write it in a URL: upper-case hex (encodeURIComponent) or lower-case. */
function percentEncoded(token: string, hex: "upper" | "lower"): string {
  const encoded = encodeURIComponent(token);
  return hex === "upper" ? encoded : encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
}

/**
 * The mock gateway's answer as a proxy in front of it passes it on after echoing the credential
 * it was sent: verbatim in a debug header, percent-encoded in a `Location` and a cookie.
 */
async function echoingTheKey(request: Request): Promise<Response> {
  const authorization = request.headers.get("authorization") ?? "";
  const token = authorization.replace(/^Bearer /, "");
  const answer = await gateway.fetch(request);
  const headers = new Headers(answer.headers);
  headers.set("x-debug-authorization", authorization);
  headers.set("location", `https://gw.test/v1/retry?key=${percentEncoded(token, "upper")}`);
  headers.set("set-cookie", `session=${percentEncoded(token, "lower")}; Secure`);
  return new HttpResponse(answer.body, { status: answer.status, headers });
}

/** Routes `path` of the mock gateway through the echoing proxy. */
function behindEchoingProxy(path: string): void {
  server.use(http.post(`${baseURL}${path}`, ({ request }) => echoingTheKey(request)));
}

/** Fails if `value` (as JSON and as a log prints it) shows `key` in any form the proxy echoed. */
function expectKeyAbsent(value: unknown, key: string): void {
  const text = `${JSON.stringify(value)}\n${inspect(value, { depth: 10, showHidden: true })}`;
  for (const form of [key, percentEncoded(key, "upper"), percentEncoded(key, "lower")])
    expect(text).not.toContain(form);
}

/** The error part of a streamText stream. */
async function streamErrorOf(result: ReturnType<typeof streamText>): Promise<unknown> {
  for await (const part of result.stream) if (part.type === "error") return part.error;
  throw new Error("the stream had no error part");
}

describe("APICallError.responseHeaders never show the key a proxy echoed in them", () => {
  it("generateImage refused (401)", async () => {
    behindEchoingProxy("/images/generations");
    const wrongKey = "sk-test-wrong/9fQ+x=";
    const error = await caught(() =>
      generateImage({
        model: provider({ apiKey: wrongKey }).image("bytedance/seedream-4-5"),
        prompt: "A cozy cabin",
        maxRetries: 0,
      }),
    );
    if (!APICallError.isInstance(error)) throw error;
    expect(error.statusCode).toBe(401);
    expectKeyAbsent(error.responseHeaders, wrongKey);
    expectKeyAbsent(error, wrongKey);
    expect(error.responseHeaders?.location).toBe("https://gw.test/v1/retry?key=[redacted]");
    expect(error.responseHeaders?.["content-type"]).toContain("application/json");
  });

  it("generateImage failed (500)", async () => {
    behindEchoingProxy("/images/generations");
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const error = await caught(() =>
      generateImage({
        model: provider({ apiKey: base64Key }).image("bytedance/seedream-4-5"),
        prompt: "A cozy cabin",
        maxRetries: 0,
      }),
    );
    if (!APICallError.isInstance(error)) throw error;
    expect(error.statusCode).toBe(500);
    expectKeyAbsent(error, base64Key);
    expect(error.responseHeaders?.["x-request-id"]).toBe(gateway.calls[0]?.requestId);
  });

  it("streamText refused before the stream (401) and failed mid-stream (event: error)", async () => {
    behindEchoingProxy("/chat/completions");
    const wrongKey = "sk-test-wrong/9fQ+x=";
    const refused = await streamErrorOf(
      streamText({
        model: provider({ apiKey: wrongKey }).chat("gemini-3.1-flash-image"),
        prompt: "A fox",
        maxRetries: 0,
        onError: quiet,
      }),
    );
    if (!APICallError.isInstance(refused)) throw refused;
    expect(refused.statusCode).toBe(401);
    expectKeyAbsent(refused, wrongKey);

    gateway.faults.enqueue({ type: "stream_error", message: "Upstream provider crashed" });
    const midStream = await streamErrorOf(
      streamText({
        model: provider({ apiKey: base64Key }).chat("gemini-3.1-flash-image"),
        prompt: "A fox",
        onError: quiet,
      }),
    );
    if (!APICallError.isInstance(midStream)) throw midStream;
    expect(midStream.message).toContain("Upstream provider crashed");
    expectKeyAbsent(midStream, base64Key);
    expect(midStream.responseHeaders?.["x-debug-authorization"]).toBe("[redacted]");
  });
});

describe("a result's response headers never show the key a proxy echoed in them", () => {
  it("generateImage: every responses[].headers, the gateway's headers kept", async () => {
    behindEchoingProxy("/images/generations");
    const result = await generateImage({
      model: provider({ apiKey: base64Key }).image("bytedance/seedream-4-5"),
      prompt: "A cozy cabin",
    });
    expect(result.images).toHaveLength(1);
    expect(result.responses).toHaveLength(1);
    expectKeyAbsent(result.responses, base64Key);
    const headers = result.responses[0]?.headers;
    expect(headers?.location).toBe("https://gw.test/v1/retry?key=[redacted]");
    expect(headers?.["x-request-id"]).toBe(gateway.calls[0]?.requestId);
  });

  it("generateText and streamText: response.headers", async () => {
    behindEchoingProxy("/chat/completions");
    const model = provider({ apiKey: base64Key }).chat("gemini-3.1-flash-image");
    const generated = await generateText({ model, prompt: "A fox" });
    expect(generated.files).toHaveLength(1);
    expectKeyAbsent(generated.response.headers, base64Key);
    expect(generated.response.headers?.["x-request-id"]).toBe(gateway.calls[0]?.requestId);

    const streamed = streamText({ model, prompt: "A fox" });
    expect(await streamed.files).toHaveLength(1);
    const { headers } = await streamed.response;
    expectKeyAbsent(headers, base64Key);
    expect(headers?.["x-debug-authorization"]).toBe("[redacted]");
    expect(headers?.["x-request-id"]).toBe(gateway.calls[1]?.requestId);
  });

  it("a body cut after a 200: APICallError.responseHeaders (the 200's)", async () => {
    behindEchoingProxy("/images/generations");
    gateway.faults.enqueue({ type: "truncated_body" });
    const error = await caught(() =>
      generateImage({
        model: provider({ apiKey: base64Key }).image("bytedance/seedream-4-5"),
        prompt: "A cozy cabin",
      }),
    );
    if (!APICallError.isInstance(error)) throw error;
    expect(error.statusCode).toBe(200);
    expectKeyAbsent(error, base64Key);
    expect(error.responseHeaders?.location).toBe("https://gw.test/v1/retry?key=[redacted]");
  });
});
