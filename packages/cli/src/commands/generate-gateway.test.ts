import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { zChatCompletion } from "@pictor/contract";
import { createMockGateway } from "@pictor/mock";
import { listen } from "@pictor/mock/node";
import { describe, expect, it, onTestFinished } from "vitest";
import { captureStream } from "../__fixtures__/capture-stream";
import { listDir, readPng, useTempDir } from "../__fixtures__/files";
import { imageCalls, startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { parseJsonError } from "../__fixtures__/json-error";
import { parseJsonSummary } from "../__fixtures__/json-summary";
import { runPictor, stackFrame } from "../__fixtures__/run-pictor";
import { runCli } from "../run-cli";

// `pictor generate` against the mock gateway served over real HTTP.

describe("pictor generate against an HTTP gateway", { timeout: 30_000 }, () => {
  it("with --base-url and --api-key, -n 2 on seedream-4-5 fans out to 2 calls and writes two 1920x1920 files", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "two boats",
      "-m",
      "bytedance/seedream-4-5",
      "--size",
      "1920x1920",
      "-n",
      "2",
      "--base-url",
      server.url,
      "--api-key",
      testKey,
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);

    const calls = imageCalls(server.gateway);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({ path: "/v1/images/generations", status: 200 });
      expect(call.body).toMatchObject({ model: "bytedance/seedream-4-5", size: "1920x1920" });
    }
    expect(await listDir(dir)).toEqual(["two-boats-1.png", "two-boats-2.png"]);
    for (const name of ["two-boats-1.png", "two-boats-2.png"]) {
      const png = await readPng(join(dir, name));
      expect([png.width, png.height]).toEqual([1920, 1920]);
      expect(stdout).toContain(join(dir, name));
    }
    expect(stdout).toMatch(/2 images from bytedance\/seedream-4-5/);
    expect(stdout).toMatch(/1920×1920 PNG/);
    expect(stdout).toContain(`request id ${calls[0]?.requestId}`);
  });

  it("with LLM_GATEWAY_BASE_URL and LLM_GATEWAY_API_KEY, --json reports both calls' request ids", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      [
        "generate",
        "two kites",
        "-m",
        "bytedance/seedream-4-5",
        "--size",
        "1920x1920",
        "-n",
        "2",
        "--json",
        "-o",
        dir,
      ],
      {
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
      },
    );
    expect(code, stderr).toBe(0);

    const calls = imageCalls(server.gateway);
    expect(calls).toHaveLength(2);
    const summary = parseJsonSummary(stdout);
    expect(summary.model).toBe("bytedance/seedream-4-5");
    expect(summary).toMatchObject({ requested: 2, failedCalls: 0, interrupted: false });
    expect(summary.files).toHaveLength(2);
    for (const file of summary.files) {
      expect(file).toMatchObject({ width: 1920, height: 1920, mediaType: "image/png" });
      const png = await readPng(file.path);
      expect([png.width, png.height]).toEqual([1920, 1920]);
    }
    expect(summary.requestIds.slice().sort()).toEqual(calls.map((call) => call.requestId).sort());
    expect(summary.requestId).toBe(summary.requestIds[0]);
    expect(summary.cost?.usd).toBeGreaterThan(0);
  });

  it("retries after a 429 and succeeds, saying so on stderr", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 200 });
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "patience", "--image-size", "1K", "-o", dir],
      {
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
      },
    );
    expect(code, stderr).toBe(0);
    expect(imageCalls(server.gateway).map((call) => call.status)).toEqual([429, 200]);
    expect(await listDir(dir)).toEqual(["patience-1.png"]);
    expect(stderr).toMatch(/Retrying in \d+(\.\d+)? s after HTTP 429/);
    expect(stdout).toContain(join(dir, "patience-1.png"));
  });

  it("-n 2 where the second call fails saves the image already paid for, then exits 1 saying what failed and never says ✔", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "spend_cap" });
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      [
        "generate",
        "two foxes",
        "-m",
        "bytedance/seedream-4-5",
        "-n",
        "2",
        "--max-retries",
        "0",
        "-o",
        dir,
      ],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    expect(await listDir(dir)).toEqual(["two-foxes-1.png"]);
    // The summary above the failure does not read as a success: it says how many were asked for.
    expect(stdout).not.toContain("✔");
    expect(stdout).toMatch(
      /^✘ only 1 of 2 images from bytedance\/seedream-4-5 in \d+\.\d s \(1 call failed\)$/m,
    );
    expect(stdout).toContain(join(dir, "two-foxes-1.png"));
    const [paid] = imageCalls(server.gateway).filter((call) => call.status === 200);
    expect(stdout).toContain(`cost $0.045 (from the gateway) · request id ${paid?.requestId}`);
    expect(stderr).toContain("Only 1 of 2 images arrived");
    expect(stderr).toContain("402");
    expect(stderr).not.toMatch(stackFrame);
  });
  it("a body cut after the gateway answered 200 says the image was likely paid for, not to check --base-url (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "truncated_body" });
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(["generate", "a fox", "-o", dir], {
      env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
    });

    expect(code).toBe(1);
    expect(await listDir(dir)).toEqual([]);
    expect(stdout).toBe("");
    // Not retried (a retry would pay again), and the endpoint is right: it answered.
    const calls = imageCalls(server.gateway);
    expect(calls).toMatchObject([{ status: 200, fault: "truncated_body" }]);
    expect(stderr).toContain("pictor: Connection error while reading the response");
    expect(stderr).toContain(
      `The gateway answered 200 (request id ${calls[0]?.requestId}) before the connection broke: the image was probably made and paid for, so it was not retried.`,
    );
    expect(stderr).not.toContain("--base-url");
    expect(stderr).not.toMatch(stackFrame);
  });
  it("--json on a run short of images says how many were asked for and how many calls failed (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "spend_cap" });
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      [
        "generate",
        "two foxes",
        "-m",
        "bytedance/seedream-4-5",
        "-n",
        "2",
        "--max-retries",
        "0",
        "--json",
        "-o",
        dir,
      ],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    const summary = parseJsonSummary(stdout);
    expect(summary).toMatchObject({ requested: 2, failedCalls: 1 });
    expect(summary.files).toHaveLength(1);
    expect(stderr).toContain("Only 1 of 2 images arrived");
  });
});

describe("pictor generate: a gateway that makes fewer images than asked", {
  timeout: 30_000,
}, () => {
  it("saves what was made, asks no more, and exits 1 saying no call failed", async () => {
    const gateway = createMockGateway({ apiKeys: [testKey] });
    // Half the images asked for (at least one) on every call, and no error.
    const server = await listen({
      port: 0,
      gateway: {
        async fetch(request: Request): Promise<Response> {
          if (!new URL(request.url).pathname.endsWith("/images/generations"))
            return gateway.fetch(request);
          const body: unknown = await request.json();
          if (typeof body !== "object" || body === null) throw new TypeError("a JSON object");
          const n = "n" in body ? Math.max(1, Math.floor(Number(body.n) / 2)) : 1;
          return gateway.fetch(
            new Request(request.url, {
              method: "POST",
              headers: request.headers,
              body: JSON.stringify({ ...body, n }),
            }),
          );
        },
      },
    });
    onTestFinished(() => server.close());
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "four foxes", "-m", "openai/gpt-image-2", "-n", "4", "--json", "-o", dir],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    expect(await listDir(dir)).toHaveLength(3);
    expect(parseJsonSummary(stdout)).toMatchObject({ requested: 4, failedCalls: 0 });
    expect(stderr).toContain("Only 3 of 4 images arrived: the gateway made fewer than asked");
    expect(stderr).not.toMatch(stackFrame);

    const text = await runPictor(
      ["generate", "four foxes", "-m", "openai/gpt-image-2", "-n", "4", "-o", await useTempDir()],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(text.stdout).toMatch(
      /^✘ only 3 of 4 images from openai\/gpt-image-2 in \d+\.\d s \(the gateway made fewer than asked\)$/m,
    );
  });
});

describe("pictor generate: a call paid for whose images never arrive", { timeout: 30_000 }, () => {
  /**
   * The gateway answering chat completions with provider image URLs (as Alibaba's are), served
   * by the same server and gone (404) by the time the client downloads them.
   */
  async function gatewayWithGoneImages() {
    const gateway = createMockGateway({ apiKeys: [testKey] });
    const server = await listen({
      port: 0,
      gateway: {
        async fetch(request: Request): Promise<Response> {
          const url = new URL(request.url);
          if (url.pathname.startsWith("/gone/")) return new Response("gone", { status: 404 });
          const response = await gateway.fetch(request);
          if (!url.pathname.endsWith("/chat/completions") || !response.ok) return response;
          const completion = zChatCompletion.parse(await response.json());
          for (const choice of completion.choices)
            choice.message.images = choice.message.images?.map((image, index) => ({
              ...image,
              image_url: { url: `${url.origin}/gone/${index}.png` },
            }));
          const headers = new Headers(response.headers);
          headers.delete("content-length");
          return Response.json(completion, { headers });
        },
      },
    });
    onTestFinished(() => server.close());
    return { server, gateway };
  }

  it("exits 1 with the failure and what it cost, and never says ✔", async () => {
    const { server, gateway } = await gatewayWithGoneImages();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      // A seed sends qwen-image-3.0 through chat, where providers answer with image URLs.
      ["generate", "a fox", "-m", "alibaba/qwen-image-3.0", "--seed", "7", "-o", dir],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    expect(stdout).not.toContain("✔");
    expect(stdout).toBe("");
    expect(stderr).toContain("Only 0 of 1 images arrived");
    expect(stderr).toContain("failed with HTTP 404");
    const [call] = gateway.calls.filter((entry) => entry.operation === "createChatCompletion");
    expect(stderr).toContain(
      `No image was saved, but the call was paid for: cost $0.03 (from the gateway) · request id ${call?.requestId}`,
    );
    expect(stderr).not.toMatch(stackFrame);
    expect(await listDir(dir)).toEqual([]);
  });
});

describe("pictor generate: the typed catalog checks options before any request", {
  timeout: 30_000,
}, () => {
  it("-m meta/muse-image-1.0 --size 4096x4096 exits 2, sends nothing and lists the valid sizes", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      [
        "generate",
        "too big",
        "-m",
        "meta/muse-image-1.0",
        "--size",
        "4096x4096",
        "--base-url",
        server.url,
        "--api-key",
        testKey,
        "-o",
        dir,
      ],
      {},
    );
    expect(code).toBe(2);
    expect(server.gateway.calls).toHaveLength(0);
    expect(stdout).toBe("");
    expect(stderr).toContain("4096x4096");
    for (const size of ["1024x1024", "1024x1536", "1536x1024"]) expect(stderr).toContain(size);
    expect(stderr).not.toMatch(stackFrame);
    expect(await listDir(dir)).toEqual([]);
  });

  it("--aspect 16:9 on openai/gpt-image-2 exits 2 and sends nothing", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "wide", "-m", "openai/gpt-image-2", "--aspect", "16:9", "-o", dir],
      {
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
      },
    );
    expect(code).toBe(2);
    expect(server.gateway.calls).toHaveLength(0);
    expect(stdout).toBe("");
    // In the command line's terms: its flags, not the client's option names.
    expect(stderr).toContain("ignores --aspect; set the shape with --size instead");
    expect(stderr).not.toMatch(/aspect_ratio/);
    expect(stderr).not.toMatch(stackFrame);
  });

  it("a refusal names the flags that set each field (--size, -n, --quality), not the request's fields", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stderr } = await runPictor(
      [
        "generate",
        "a fox",
        "-m",
        "bytedance/seedream-4-5",
        "--size",
        "13x13",
        "-n",
        "0",
        "--quality",
        "ultra",
        "-o",
        dir,
      ],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(2);
    expect(server.gateway.calls).toHaveLength(0);
    expect(stderr).toMatch(
      /^ {2}- --size: model "bytedance\/seedream-4-5" cannot make size "13x13"/m,
    );
    expect(stderr).toMatch(/^ {2}- -n must be /m);
    expect(stderr).toMatch(/^ {2}- --quality: /m);
    expect(stderr).not.toMatch(/^ {2}- (size|n|quality):/m);
  });
});

describe("pictor generate: keys and API errors", { timeout: 30_000 }, () => {
  it("without --local, --api-key or LLM_GATEWAY_API_KEY exits 2 with a short message naming all three", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    // The base URL is set so that a request, were one sent, would show up in the server's calls.
    const { code, stdout, stderr } = await runPictor(["generate", "no key", "-o", dir], {
      env: { LLM_GATEWAY_BASE_URL: server.url },
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(server.gateway.calls).toHaveLength(0);
    const message = stderr
      .split("\n")
      .filter((line) => /api.key/i.test(line))
      .join("\n");
    expect(message).toContain("--api-key");
    expect(message).toContain("LLM_GATEWAY_API_KEY");
    expect(message).toContain("--local");
    expect(message.length).toBeLessThan(240);
    expect(stderr).not.toMatch(stackFrame);
    expect(await listDir(dir)).toEqual([]);
  });

  it("a key that cannot be sent (a space in it) exits 2, a usage error, without showing the key", async () => {
    const dir = await useTempDir();
    const { code, stderr } = await runPictor(
      ["generate", "x", "--api-key", "sk-test secret-part-456", "-o", dir],
      { env: {} },
    );
    expect(code).toBe(2);
    expect(stderr).toContain("apiKey holds");
    expect(stderr).not.toContain("secret-part-456");
  });

  it('a key that cannot be sent says where it came from: the flag, or LLM_GATEWAY_API_KEY (a pasted "Bearer …")', async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const fromEnv = await runPictor(["generate", "x", "-o", dir], {
      env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: "Bearer sk-test-part-789" },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^pictor: LLM_GATEWAY_API_KEY: apiKey holds/m);
    expect(fromEnv.stderr).not.toContain("part-789");

    const fromFlag = await runPictor(
      ["generate", "x", "--api-key", "sk-test part-789", "-o", dir],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toMatch(/^pictor: --api-key: apiKey holds/m);
    expect(fromFlag.stderr).not.toContain("part-789");
    expect(server.gateway.calls).toHaveLength(0);
  });

  it("a key the gateway refuses exits 1 with a message about the key and no stack trace", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "wrong key",
      "--base-url",
      server.url,
      "--api-key",
      "not-the-key",
      "-o",
      dir,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^pictor: .*API_KEY/m);
    expect(stderr).not.toMatch(stackFrame);
    expect(stderr).not.toMatch(/--verbose/);
    // A 401 is final: no retry.
    expect(imageCalls(server.gateway).map((call) => call.status)).toEqual([401]);
    expect(await listDir(dir)).toEqual([]);
  });

  it("shows the gateway's own error message for a refused key", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stderr } = await runPictor([
      "generate",
      "wrong key",
      "--base-url",
      server.url,
      "--api-key",
      "not-the-key",
      "-o",
      dir,
    ]);
    expect(code).toBe(1);
    // The gateway answered {"error":{"message":"Unauthorized: invalid API key",...}}.
    expect(stderr).toContain("Unauthorized: invalid API key");
  });

  it("an unknown model exits 1 with the gateway's message naming the model", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stderr } = await runPictor([
      "generate",
      "a cat",
      "-m",
      "acme/picasso-9000",
      "--base-url",
      server.url,
      "--api-key",
      testKey,
      "-o",
      dir,
    ]);
    expect(code).toBe(1);
    expect(imageCalls(server.gateway).map((call) => call.status)).toEqual([404]);
    expect(stderr).not.toMatch(stackFrame);
    // The gateway answered "Model acme/picasso-9000 was not found. GET /v1/models lists the image models."
    expect(stderr).toMatch(/^pictor: .*acme\/picasso-9000 was not found/m);
  });

  it("a spend-cap 429 is not retried and says the account's limit must be raised, not to wait (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "spend_cap", status: 429 });
    const { code, stdout, stderr } = await runPictor(
      ["generate", "a fox", "--json", "-o", await useTempDir()],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    expect(imageCalls(server.gateway).map((call) => call.status)).toEqual([429]);
    expect(stderr).not.toMatch(/Retrying/);
    expect(stderr).toMatch(/^pictor: 429 Spend limit reached .*an owner raises it/m);
    expect(stderr).not.toMatch(/slow down|try again later/i);
    // The gateway's one 429 code: a script tells the spend cap by `retryable`.
    expect(parseJsonError(stdout)).toMatchObject({
      type: "RateLimitError",
      status: 429,
      code: "rate_limit_exceeded",
      retryable: false,
    });
  });

  it("--json says a throttle's 429 is retryable, unlike a spend cap's under the same code", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "rate_limit" });
    const { code, stdout } = await runPictor(
      ["generate", "a fox", "--json", "--max-retries", "0", "-o", await useTempDir()],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    expect(imageCalls(server.gateway).map((call) => call.status)).toEqual([429]);
    expect(parseJsonError(stdout)).toMatchObject({
      type: "RateLimitError",
      status: 429,
      code: "rate_limit_exceeded",
      retryable: true,
    });
  });

  it("--verbose adds the stack trace to an API error", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const { code, stderr } = await runPictor([
      "generate",
      "wrong key",
      "--verbose",
      "--base-url",
      server.url,
      "--api-key",
      "not-the-key",
      "-o",
      dir,
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^pictor: .*API_KEY/m);
    expect(stderr).toMatch(/^AuthenticationError: /m);
    expect(stderr).toMatch(stackFrame);
  });
});

describe("pictor generate: what is checked before anything is paid for", {
  timeout: 30_000,
}, () => {
  it("-o naming a file exits 2 and sends nothing", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const file = join(dir, "servers.txt");
    await writeFile(file, "not a folder\n");

    const { code, stderr } = await runPictor(["generate", "a fox", "-o", join(file, "images")], {
      env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
    });

    expect(code).toBe(2);
    expect(server.gateway.calls).toHaveLength(0);
    expect(stderr).toContain(`${file} is a file, not a folder`);
    expect(stderr).not.toContain("Waiting for");
  });

  it("an empty LLM_GATEWAY_BASE_URL or --api-key counts as unset; a bad one is named", async () => {
    const server = await startGatewayServer();
    const dir = await useTempDir();
    const empty = await runPictor(
      ["generate", "a fox", "--base-url", server.url, "--api-key", "", "-o", dir],
      { env: { LLM_GATEWAY_API_KEY: testKey, LLM_GATEWAY_BASE_URL: "" } },
    );
    expect(empty.code, empty.stderr).toBe(0);

    const bad = await runPictor(["generate", "a fox", "-o", dir], {
      env: { LLM_GATEWAY_API_KEY: testKey, LLM_GATEWAY_BASE_URL: "gateway.internal" },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^pictor: LLM_GATEWAY_BASE_URL: baseURL/m);
  });

  it("a gateway that cannot be reached is named with the reason, not only 'fetch failed'", async () => {
    const dir = await useTempDir();
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise((resolve) => probe.close(resolve));
    const { code, stderr } = await runPictor(
      [
        "generate",
        "a fox",
        "--base-url",
        `http://127.0.0.1:${port}/v1`,
        "--max-retries",
        "0",
        "-o",
        dir,
      ],
      { env: { LLM_GATEWAY_API_KEY: testKey } },
    );

    expect(code).toBe(1);
    expect(stderr).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(stderr.split("ECONNREFUSED")).toHaveLength(2); // said once
    expect(stderr).toContain("Check --base-url or LLM_GATEWAY_BASE_URL");
    expect(stderr).not.toContain(testKey);
  });
});

describe("pictor generate --json on a run that fails before any image", { timeout: 30_000 }, () => {
  // A script piping --json into jq gets one JSON object on stdout whatever happened; the words
  // stay on stderr and the exit code says which kind of failure it was.
  it("a refused key prints the AuthenticationError with its status (exit 1), never the key", async () => {
    const server = await startGatewayServer();
    const key = "sk-not-the-key-secret-part-321";
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "wrong key",
      "--json",
      "--base-url",
      server.url,
      "--api-key",
      key,
      "-o",
      await useTempDir(),
    ]);
    expect(code).toBe(1);
    const error = parseJsonError(stdout);
    // The gateway sets x-request-id only once the key resolves: a refused key's 401 has none.
    expect(error).toMatchObject({
      type: "AuthenticationError",
      status: 401,
      code: "invalid_api_key",
      requestId: null,
    });
    expect(error.message).toContain("Unauthorized: invalid API key");
    expect(stderr).toContain("pictor: ");
    expect(stderr).toContain("Unauthorized: invalid API key");
    expect(`${stdout}${stderr}`).not.toContain("secret-part-321");
  });

  it("a 500 from the gateway prints the InternalServerError (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "server_error", status: 500 });
    const { code, stdout, stderr } = await runPictor(
      ["generate", "a fox", "--json", "--max-retries", "0", "-o", await useTempDir()],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    const [call] = imageCalls(server.gateway);
    expect(parseJsonError(stdout)).toMatchObject({
      type: "InternalServerError",
      status: 500,
      requestId: call?.requestId,
    });
    expect(stderr).toMatch(/^pictor: /m);
    expect(stdout).not.toContain(testKey);
  });

  it("an option the model cannot honour prints the RequestValidationError in the flags' terms (exit 2)", async () => {
    const server = await startGatewayServer();
    const { code, stdout } = await runPictor(
      ["generate", "wide", "-m", "openai/gpt-image-2", "--aspect", "16:9", "--json", "-o", "."],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(2);
    expect(server.gateway.calls).toHaveLength(0);
    const error = parseJsonError(stdout);
    expect(error).toMatchObject({ type: "RequestValidationError", status: null, requestId: null });
    expect(error.message).toContain("ignores --aspect");
  });

  it("a usage error prints a UsageError (exit 2), a parse error of the command line too", async () => {
    const badNumber = await runPictor(["generate", "a cat", "--local", "--json", "-n", "abc"]);
    expect(badNumber.code).toBe(2);
    expect(parseJsonError(badNumber.stdout)).toMatchObject({ type: "UsageError", status: null });
    expect(parseJsonError(badNumber.stdout).message).toContain("-n takes a whole number");

    const unknown = await runPictor(["generate", "a cat", "--local", "--json", "--colour", "red"]);
    expect(unknown.code).toBe(2);
    expect(parseJsonError(unknown.stdout)).toMatchObject({
      type: "UsageError",
      message: "unknown option '--colour'",
    });
    expect(unknown.stderr).toContain("--colour");
  });

  it("a body cut after a 200 prints the APIConnectionError (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "truncated_body" });
    const { code, stdout, stderr } = await runPictor(
      ["generate", "a fox", "--json", "-o", await useTempDir()],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(code).toBe(1);
    // The image was probably paid for: its request id is what the gateway's support asks for.
    const [paid] = imageCalls(server.gateway);
    expect(paid?.requestId).toEqual(expect.any(String));
    expect(parseJsonError(stdout)).toMatchObject({
      type: "APIConnectionError",
      requestId: paid?.requestId,
    });
    expect(stderr).toContain(
      `The gateway answered 200 (request id ${paid?.requestId}) before the connection broke`,
    );
  });
});

describe("pictor generate blocked by the content filter", { timeout: 30_000 }, () => {
  // The provider may bill the prompt of a request it then refused to draw: that cost is shown.
  it("says what the filtered request cost on stderr (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "content_filter" });
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(["generate", "a fox", "-o", dir], {
      env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(await listDir(dir)).toEqual([]);
    const [call] = imageCalls(server.gateway);
    expect(stderr).toContain("pictor: The provider's content filter blocked this request");
    expect(stderr).toMatch(
      /^ {2}No image was made, but the request was billed: cost \$0\.\d+ \(from the gateway\)$/m,
    );
    expect(call?.requestId).toEqual(expect.any(String));
  });

  it("with --json, prints the ContentFilterError with its cost (exit 1)", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "content_filter" });
    const { code, stdout } = await runPictor(
      ["generate", "a fox", "--json", "-o", await useTempDir()],
      {
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
      },
    );
    expect(code).toBe(1);
    const [call] = imageCalls(server.gateway);
    const error = parseJsonError(stdout);
    expect(error).toMatchObject({
      type: "ContentFilterError",
      status: null,
      requestId: call?.requestId,
      cost: { usd: expect.any(Number), source: "gateway" },
    });
    expect(error.cost?.usd).toBeGreaterThan(0);
  });

  it("an -n fan-out whose calls were all filtered shows what they cost together", async () => {
    const server = await startGatewayServer();
    const env = { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey };
    const filtered = async (n: number) => {
      for (let call = 0; call < n; call++)
        server.gateway.faults.enqueue({ type: "content_filter" });
      const { code, stdout } = await runPictor(
        ["generate", "two foxes", "-n", String(n), "--json", "-o", await useTempDir()],
        { env },
      );
      expect(code).toBe(1);
      return parseJsonError(stdout).cost?.usd;
    };
    const one = await filtered(1);
    // Gemini makes one image a call: -n 2 is two calls, each billed its prompt.
    const two = await filtered(2);
    expect(imageCalls(server.gateway)).toHaveLength(3);
    expect(one).toBeGreaterThan(0);
    expect(two).toBeCloseTo(2 * (one ?? 0), 8);
  });

  it("an API error has a null cost in --json", async () => {
    const server = await startGatewayServer();
    server.gateway.faults.enqueue({ type: "server_error", status: 500 });
    const { stdout } = await runPictor(
      ["generate", "a fox", "--json", "--max-retries", "0", "-o", await useTempDir()],
      { env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey } },
    );
    expect(parseJsonError(stdout).cost).toBeNull();
  });
});

describe("pictor generate: Ctrl-C part way through an -n fan-out", { timeout: 30_000 }, () => {
  /**
   * The mock gateway over HTTP whose first image call answers at once and second hangs; the
   * returned signal aborts (a Ctrl-C) a moment after the first answer went out.
   */
  async function gatewayInterruptedAfterFirstImage() {
    const gateway = createMockGateway({ apiKeys: [testKey] });
    gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "latency", ms: 20_000 });
    const controller = new AbortController();
    const server = await listen({
      port: 0,
      gateway: {
        async fetch(request: Request): Promise<Response> {
          const response = await gateway.fetch(request);
          if (response.ok && !controller.signal.aborted) setTimeout(() => controller.abort(), 500);
          return response;
        },
      },
    });
    onTestFinished(() => server.close());
    return { gateway, server, signal: controller.signal };
  }

  async function runInterrupted(json: boolean) {
    const { gateway, server, signal } = await gatewayInterruptedAfterFirstImage();
    const dir = await useTempDir();
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runCli(
      [
        "generate",
        "two foxes",
        "-m",
        "bytedance/seedream-4-5",
        "--size",
        "1920x1920",
        "-n",
        "2",
        ...(json ? ["--json"] : []),
        "-o",
        dir,
      ],
      {
        stdout: stdout.stream,
        stderr: stderr.stream,
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
        signal,
      },
    );
    const [paid] = imageCalls(gateway).filter((call) => call.status === 200);
    return { code, dir, paid, stdout: stdout.text(), stderr: stderr.text() };
  }

  it("saves the image made before it (paid for), lists it with its cost, and exits 130", async () => {
    const { code, dir, paid, stdout, stderr } = await runInterrupted(false);
    expect(code, stderr).toBe(130);
    expect(await listDir(dir)).toEqual(["two-foxes-1.png"]);
    expect(stdout).toMatch(
      /^✘ only 1 of 2 images from bytedance\/seedream-4-5 in \d+\.\d s \(interrupted: 1 call cancelled\)$/m,
    );
    expect(stdout).toContain(join(dir, "two-foxes-1.png"));
    expect(stdout).toContain(`cost $0.045 (from the gateway) · request id ${paid?.requestId}`);
    expect(stderr).toContain(
      "pictor: interrupted; the 1 of 2 images made before it (paid for) were saved, the other calls were cancelled.",
    );
    expect(stderr).not.toContain("no file was written");
  });

  it("with --json, prints the summary of what was saved (exit 130)", async () => {
    const { code, paid, stdout, stderr } = await runInterrupted(true);
    expect(code, stderr).toBe(130);
    const summary = parseJsonSummary(stdout);
    // The exit code is not all a script reads: the summary says the run was cut short.
    expect(summary).toMatchObject({
      requested: 2,
      failedCalls: 1,
      interrupted: true,
      requestIds: [paid?.requestId],
    });
    expect(summary.files).toHaveLength(1);
  });
});
