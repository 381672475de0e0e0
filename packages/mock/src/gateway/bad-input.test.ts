import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { zEditImagesResponse, zGenerateImagesResponse } from "@pictor/contract";
import { decode } from "fast-png";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  createMockGateway,
  decodeBase64,
  encodeBase64,
  type MockGateway,
  type MockGatewayOptions,
} from "..";
import {
  dataUrl,
  expectGatewayError,
  makePng,
  minimalJpeg,
  within,
} from "../faults/__fixtures__/wire";
import { listen } from "../node";

// The server never crashes and never hangs: every bad request below goes to the real HTTP server
// over a real socket, gets a 4xx in the gateway's error format, and then a normal request on the
// same server still succeeds. Every wait is bounded, so a hang fails the test with a message.

/** Upper bound of one request; the mock answers all of these in milliseconds. */
const answerMs = 5000;
/** Upper bound of one test. */
const testMs = 15_000;

const apiKey = "sk-test-bad-input";
const jsonHeaders = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
/** The cheapest valid generation: one 512×512 PNG. */
const cheapImage = { model: "gemini-3.1-flash-image", prompt: "a red dot", size: "0.5K" };

interface Served {
  gateway: MockGateway;
  /** Base URL with `/v1`. */
  url: string;
  /** Origin without a path. */
  origin: string;
  port: number;
}

/** A new gateway on its own port for this test (so no keep-alive connection leaks across tests). */
async function serve(options: MockGatewayOptions = {}): Promise<Served> {
  const gateway = createMockGateway(options);
  const server = await listen({ port: 0, gateway });
  onTestFinished(() => server.close());
  return { gateway, url: server.url, origin: new URL(server.url).origin, port: server.port };
}

function send(url: string, init: RequestInit, what = `${init.method ?? "GET"} ${url}`) {
  return within(fetch(url, init), answerMs, what);
}

function postJson(url: string, body: string | Uint8Array<ArrayBuffer>): Promise<Response> {
  return send(url, { method: "POST", headers: jsonHeaders, body });
}

/** A normal generation on the same server answers 200 with one image. */
async function expectAlive(served: Served): Promise<void> {
  const response = await postJson(`${served.url}/images/generations`, JSON.stringify(cheapImage));
  expect(response.status).toBe(200);
  const body = zGenerateImagesResponse.parse(await within(response.json(), answerMs, "body"));
  expect(body.data).toHaveLength(1);
}

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("garbage bodies", () => {
  it.each<[string, () => string | Uint8Array<ArrayBuffer>, string | null]>([
    ["random bytes", () => Uint8Array.of(0xff, ...randomBytes(4096)), null],
    ["an empty body", () => "", null],
    ["null", () => "null", null],
    ["an array", () => "[]", null],
    ["a JSON string", () => '"str"', null],
    ["an object as the prompt", () => '{"prompt": {}}', "prompt"],
    ["JSON nested 10,000 levels", () => nested(10_000), null],
    ["a prompt nested 10,000 levels", () => `{"prompt":${nested(10_000)}}`, "prompt"],
    ["JSON cut half-way", () => '{"prompt": "a cat", "n": ', null],
  ])("answers %s with a 400 and keeps serving", { timeout: testMs }, async (_, body, field) => {
    const served = await serve();
    const error = await expectGatewayError(
      await postJson(`${served.url}/images/generations`, body()),
      400,
    );
    // The gateway names a bad field in its message; its param is null.
    expect(error).toMatchObject({ type: "invalid_request_error", param: null });
    if (field) expect(error.message).toContain(`${field}: `);
    await expectAlive(served);
  });

  it("accepts a 1 MB prompt under the default body limit (the spec sets no prompt length)", {
    timeout: testMs,
  }, async () => {
    const served = await serve();
    const prompt = "a lighthouse at dusk ".repeat(50_000);
    const response = await postJson(
      `${served.url}/images/generations`,
      JSON.stringify({ ...cheapImage, prompt }),
    );
    expect(response.status).toBe(200);
    const body = zGenerateImagesResponse.parse(await response.json());
    expect(body.data[0]?.revised_prompt).toHaveLength(prompt.length);
    await expectAlive(served);
  });
});

describe("wrong methods and unknown paths", () => {
  it.each<[string, string, string]>([
    ["GET", "/images/generations", "GET on a POST route"],
    ["PUT", "/images/generations", "PUT"],
    ["DELETE", "/models", "DELETE on a GET route"],
    ["PATCH", "/chat/completions", "PATCH"],
  ])("answers %s %s with a 404 (%s)", { timeout: testMs }, async (method, path) => {
    const served = await serve();
    const init: RequestInit = { method, headers: jsonHeaders };
    if (method !== "GET") init.body = JSON.stringify(cheapImage);
    const error = await expectGatewayError(await send(`${served.url}${path}`, init), 404);
    expect(error).toMatchObject({ code: "not_found", param: null });
    await expectAlive(served);
  });

  it.each([
    "/v1/nope",
    "/",
    "/v1",
    "/v1/images/generations/extra",
    "/v1/..%2f..%2fetc%2fpasswd",
    "/v1/images/..%2fmodels",
    "/v1/%00",
  ])("answers POST %s with a 404", { timeout: testMs }, async (path) => {
    const served = await serve();
    const error = await expectGatewayError(
      await postJson(`${served.origin}${path}`, JSON.stringify(cheapImage)),
      404,
    );
    expect(error.code).toBe("not_found");
    await expectAlive(served);
  });

  // A client that appends /v1/... to a base URL already ending in /v1 gets a 404 from the real
  // gateway (its routes are mounted at /v1 only); the mock must not hide that bug.
  it("answers a doubled /v1/v1/ prefix with a 404, as the real gateway does", {
    timeout: testMs,
  }, async () => {
    const served = await serve();
    const error = await expectGatewayError(
      await postJson(`${served.origin}/v1/v1/images/generations`, JSON.stringify(cheapImage)),
      404,
    );
    expect(error.code).toBe("not_found");
    await expectAlive(served);
  });
});

describe("bad values", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["n: 0", { n: 0 }, "n"],
    ["n: 1.5", { n: 1.5 }, "n"],
    ["n: 11", { n: 11 }, "n"],
    ['size: "abc"', { size: "abc" }, "size"],
    ['size: "0x0"', { size: "0x0" }, "size"],
    ['size: "99999x99999"', { size: "99999x99999" }, "size"],
    [
      'size: "99999x99999" on a WxH model',
      { model: "bytedance/seedream-4-5", size: "99999x99999" },
      "size",
    ],
    ['size: "-1024x1024"', { model: "bytedance/seedream-4-5", size: "-1024x1024" }, "size"],
    ['prompt: ""', { prompt: "" }, "prompt"],
    ["a number as the model", { model: 42 }, "model"],
  ])("answers %s with a 400 naming the field", { timeout: testMs }, async (_, change, field) => {
    const served = await serve();
    const error = await expectGatewayError(
      await postJson(
        `${served.url}/images/generations`,
        JSON.stringify({ ...cheapImage, ...change }),
      ),
      400,
    );
    expect(error).toMatchObject({ type: "invalid_request_error", param: null });
    expect(error.message).toMatch(new RegExp(`\\b${field}\\b`));
    await expectAlive(served);
  });

  it("refuses a 99999x99999 size without trying to render it", { timeout: testMs }, async () => {
    const served = await serve();
    const started = performance.now();
    const response = await postJson(
      `${served.url}/images/generations`,
      JSON.stringify({ ...cheapImage, model: "bytedance/seedream-4-5", size: "99999x99999" }),
    );
    await expectGatewayError(response, 400);
    // Rendering ~10^10 pixels would take minutes and gigabytes; refusing takes milliseconds.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("bad input images (edits)", () => {
  const editWith = (served: Served, imageUrl: string) =>
    postJson(
      `${served.url}/images/edits`,
      JSON.stringify({
        model: "gemini-3.1-flash-image",
        prompt: "make it blue",
        images: [{ image_url: imageUrl }],
      }),
    );

  it.each<[string, string]>([
    ["invalid base64 in a data URL", "data:image/png;base64,@@@not base64@@@"],
    ["base64 cut short", `data:image/png;base64,${encodeBase64(makePng(4, 4)).slice(0, 25)}`],
    ["a data URL that is not an image", "data:text/plain;base64,aGVsbG8="],
    ["an image data URL whose bytes are not an image", "data:image/png;base64,aGVsbG8gd29ybGQ="],
    ["an http (not https) URL", "http://example.com/cat.png"],
    ["a file URL", "file:///etc/passwd"],
    ["a bare path", "/tmp/cat.png"],
  ])("answers %s with a 400 naming the image", { timeout: testMs }, async (_, imageUrl) => {
    const served = await serve();
    const error = await expectGatewayError(await editWith(served, imageUrl), 400);
    expect(error).toMatchObject({ type: "invalid_request_error", param: null });
    expect(error.message).toMatch(/^images\[0\]\.image_url /);
    await expectAlive(served);
  });

  it("reads a JPEG labelled image/png by its bytes, as providers do", {
    timeout: testMs,
  }, async () => {
    const served = await serve();
    const response = await editWith(served, dataUrl("image/png", minimalJpeg(640, 480)));
    expect(response.status).toBe(200);
    const body = zEditImagesResponse.parse(await response.json());
    const b64 = body.data[0]?.b64_json ?? "";
    // Gemini edits at its 1K default in the input's 4:3 shape, which the mock could only know
    // from the JPEG header.
    const png = decode(decodeBase64(b64));
    expect([png.width, png.height]).toEqual([1200, 896]);
  });
});

describe("a body over maxBodyBytes", () => {
  const limit = { maxBodyBytes: 64 * 1024 };
  const oneMegabyte = () => JSON.stringify({ ...cheapImage, prompt: "x".repeat(1024 * 1024) });

  it("answers 413 request_too_large to a 1 MB body with a Content-Length", {
    timeout: testMs,
  }, async () => {
    const served = await serve(limit);
    const error = await expectGatewayError(
      await postJson(`${served.url}/images/generations`, oneMegabyte()),
      413,
    );
    expect(error).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });
  });

  it("answers 413 to a 1 MB chunked body (no Content-Length)", { timeout: testMs }, async () => {
    const served = await serve(limit);
    const bytes = new TextEncoder().encode(oneMegabyte());
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
          controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
        }
        controller.close();
      },
    });
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: jsonHeaders,
      body,
      duplex: "half",
    };
    const error = await expectGatewayError(
      await send(`${served.url}/images/generations`, init),
      413,
    );
    expect(error.code).toBe("request_too_large");
  });

  it("still answers the next requests after a 413", { timeout: testMs }, async () => {
    const served = await serve(limit);
    const response = await postJson(`${served.url}/images/generations`, oneMegabyte());
    expect(response.status).toBe(413);
    await response.arrayBuffer();
    // fetch reuses its keep-alive connection to the server for these.
    for (let i = 0; i < 3; i++) await expectAlive(served);
  });

  it("answers the next request on a kept-alive connection after a 413, or closes it", {
    timeout: testMs,
  }, async () => {
    const served = await serve(limit);
    const body = oneMegabyte();
    const socket = connect(served.port, "127.0.0.1");
    onTestFinished(() => {
      socket.destroy();
    });
    let received = "";
    let closed = false;
    const settled = new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        const first = received === "";
        received += chunk.toString("latin1");
        // Pipelines the next request once the 413 has arrived.
        if (first) socket.write("GET /v1/models HTTP/1.1\r\nHost: mock\r\n\r\n");
        if (/HTTP\/1\.1 200/.test(received)) resolve();
      });
      socket.on("close", () => {
        closed = true;
        resolve();
      });
      socket.on("error", () => undefined);
    });
    socket.write(
      `POST /v1/images/generations HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer ${apiKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    // Bounded: a connection that neither answers nor closes is the failure this test is about.
    await within(settled, 3000, "the request after a 413 on the same connection").catch(
      () => undefined,
    );

    expect(received).toMatch(/^HTTP\/1\.1 413/);
    const keptAlive = !/\r\nconnection: close\r\n/i.test(received.split("\r\n\r\n")[0] ?? "");
    if (keptAlive)
      expect(received, "the server kept the connection but never answered").toMatch(
        /HTTP\/1\.1 200/,
      );
    else expect(closed, "the server said Connection: close but kept the socket open").toBe(true);
  });
});

describe("broken HTTP", () => {
  it("answers a malformed request line with a 400 and keeps serving", {
    timeout: testMs,
  }, async () => {
    const served = await serve();
    const socket = connect(served.port, "127.0.0.1");
    onTestFinished(() => {
      socket.destroy();
    });
    let received = "";
    const closed = new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
      });
      socket.on("close", () => resolve());
      socket.on("error", () => undefined);
    });
    socket.write("THIS IS NOT HTTP\r\n\r\n");

    await within(closed, answerMs, "the server closing a malformed connection");
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(served.gateway.calls).toHaveLength(0);
    await expectAlive(served);
  });

  it("survives a client that sends half a request and hangs up", { timeout: testMs }, async () => {
    const served = await serve();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => errors.mockRestore());
    const socket = connect(served.port, "127.0.0.1");
    onTestFinished(() => {
      socket.destroy();
    });
    socket.on("error", () => undefined);
    socket.write(
      `POST /v1/images/generations HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer ${apiKey}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"prompt": "a cat",',
    );

    // Hangs up once the gateway is reading the body, then waits for the gateway to finish with it.
    await vi.waitFor(() => expect(served.gateway.calls).toHaveLength(1), { timeout: answerMs });
    socket.destroy();
    await vi.waitFor(() => expect(served.gateway.calls[0]?.status).toBeDefined(), {
      timeout: answerMs,
    });

    await expectAlive(served);
    // A client that left is not a bug of the mock: nothing may be reported as an internal error.
    const reported = errors.mock.calls.map((args) => args.map(String).join(" "));
    expect(reported.filter((line) => line.includes("internal error"))).toEqual([]);
  });

  it("survives a client that hangs up before sending the headers", {
    timeout: testMs,
  }, async () => {
    const served = await serve();
    const socket = connect(served.port, "127.0.0.1");
    onTestFinished(() => {
      socket.destroy();
    });
    let received = "";
    const closed = new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
      });
      socket.on("close", () => resolve());
      socket.on("error", () => undefined);
    });
    // Half-closes: the server sees the end of a request whose headers never finished.
    socket.end("POST /v1/images/generations HTTP/1.1\r\nHost: mo");

    await within(closed, answerMs, "the half-sent headers' connection closing");
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(served.gateway.calls).toHaveLength(0);
    await expectAlive(served);
  });
});
