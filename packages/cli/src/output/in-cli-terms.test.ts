import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createMockGateway } from "@pictor/mock";
import { listen } from "@pictor/mock/node";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureStream } from "../__fixtures__/capture-stream";
import { encodeTestPng, listDir, useTempDir } from "../__fixtures__/files";
import { startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { runCli } from "../run-cli";
import { inCliTerms } from "./in-cli-terms";

// Errors name what the user typed (the 2nd image, --image-size, --prompt), not the request's
// wire fields (images.1, images[1].image_url, image_config.image_size, prompt).

async function run(argv: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runCli(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function photo(dir: string): Promise<string> {
  const path = join(dir, "cat.png");
  await writeFile(path, encodeTestPng(32, 32));
  return path;
}

describe("errors in the command line's terms", () => {
  it("names a refused input by its position and as typed, not as images.1", async () => {
    const dir = await useTempDir();
    const cat = await photo(dir);
    const out = join(dir, "out");
    const { code, stderr } = await run([
      "edit",
      cat,
      "http://example.com/dog.png",
      "--prompt",
      "a hat",
      "--local",
      "-o",
      out,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "the 2nd image (http://example.com/dog.png): the gateway fetches only https URLs",
    );
    expect(stderr).not.toMatch(/\bimages\.1\b/);
    expect(await listDir(out)).toEqual([]);
  });

  it("names an input the gateway refuses by its position and as typed, not as images[1].image_url", async () => {
    const dir = await useTempDir();
    const cat = await photo(dir);
    // The gateway fetches the https input and finds no image in it.
    const server = await startGatewayServer({
      resolveImageUrl: async () => new TextEncoder().encode("<html>not found</html>"),
    });
    const realFetch = globalThis.fetch;
    // The input's own server, at the HTTP layer, answers the client's check of it with an image.
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      return url.startsWith(server.url)
        ? realFetch(input, init)
        : Promise.resolve(
            new Response(encodeTestPng(8, 8).slice(), { headers: { "content-type": "image/png" } }),
          );
    });
    try {
      const { code, stderr } = await run([
        "edit",
        cat,
        "https://images.test/dog.png",
        "--prompt",
        "a hat",
        "--api-key",
        testKey,
        "--base-url",
        server.url,
        "-o",
        join(dir, "out"),
      ]);
      expect(code).toBe(1);
      expect(stderr).toContain("the 2nd image (https://images.test/dog.png) is invalid:");
      expect(stderr).not.toContain("images[1]");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("names the size flag used and the flags a --seed call's image_config fields come from", async () => {
    const dir = await useTempDir();
    // qwen-image-3.0 honours a seed only through chat completions: the call goes there.
    const common = [
      "generate",
      "a cat",
      "--local",
      "-m",
      "qwen-image-3.0",
      "--seed",
      "3",
      "-o",
      dir,
    ];
    const tier = await run([...common, "--image-size", "4K"]);
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain('  - --image-size: model "qwen-image-3.0" has no size tier "4K"');
    const ratio = await run([...common, "--aspect", "16:9"]);
    expect(ratio.code).toBe(2);
    expect(ratio.stderr).toContain('model "qwen-image-3.0" ignores --aspect;');
    const quality = await run([...common, "--quality", "high"]);
    expect(quality.code).toBe(2);
    expect(quality.stderr).toContain("has no quality setting; --quality would be ignored");
    for (const { stderr } of [tier, ratio, quality]) expect(stderr).not.toContain("image_config");
    expect(await listDir(dir)).toEqual([]);
  });

  it('names edit\'s prompt by its flag, once ("--prompt is …", not "--prompt: prompt is …")', async () => {
    const dir = await useTempDir();
    const cat = await photo(dir);
    const { code, stderr } = await run(["edit", cat, "--prompt", "   ", "--local", "-o", dir]);
    expect(code).toBe(2);
    expect(stderr).toContain("  - --prompt is only whitespace: describe the image\n");
  });

  it('names generate\'s prompt once ("the prompt is empty", not "the prompt: prompt is empty")', async () => {
    const dir = await useTempDir();
    const { code, stderr } = await run(["generate", "", "--local", "-o", dir]);
    expect(code).toBe(2);
    expect(stderr).toContain("  - the prompt is empty: describe the image\n");
    expect(await listDir(dir)).toEqual([]);
  });

  it("says an edit without input images needs one in the command line's terms, naming the images once", () => {
    // The command line itself asks for an input (a required argument); a caller of inCliTerms
    // with the client's refusal gets it in the same terms all the same.
    const refusal =
      "Invalid request, nothing was sent:\n  - images: images needs at least one input image, e.g. images: [image]";
    expect(
      inCliTerms(refusal, { command: "edit", inputs: [], sizeFlag: "--size" }).split("\n")[1],
    ).toBe("  - at least one input image is needed: name an image file or an https URL");
  });

  it('names -n once in its refusal, not as "-n: n must be"', async () => {
    const dir = await useTempDir();
    const { code, stderr } = await run(["generate", "a fox", "-n", "11", "--local", "-o", dir]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "  - -n must be a whole number from 1 to 10 (images to make), got 11\n",
    );
    expect(await listDir(dir)).toEqual([]);
  });
});

/**
 * The mock gateway over HTTP, changed by `rewrite` on /images/generations (the body it is
 * asked with), closed when the test finishes.
 */
async function rewritingGateway(
  rewrite: (body: Record<string, unknown>) => Record<string, unknown>,
) {
  const gateway = createMockGateway({ apiKeys: [testKey] });
  const server = await listen({
    port: 0,
    gateway: {
      async fetch(request: Request): Promise<Response> {
        if (!new URL(request.url).pathname.endsWith("/images/generations"))
          return gateway.fetch(request);
        const body: unknown = await request.json();
        if (typeof body !== "object" || body === null) throw new TypeError("a JSON object");
        return gateway.fetch(
          new Request(request.url, {
            method: "POST",
            headers: request.headers,
            body: JSON.stringify(rewrite({ ...body })),
          }),
        );
      },
    },
  });
  onTestFinished(() => server.close());
  return server;
}

describe("notes and an incomplete run in the command line's terms", () => {
  it("says -n 3 was split into calls, in the notes and in --json, not n=3", async () => {
    const dir = await useTempDir();
    const text = await run(["generate", "three cats", "--local", "-n", "3", "-o", dir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      "  note: gemini-3-pro-image makes at most 1 image(s) per call: -n 3 was split into 3 calls",
    );
    expect(text.stdout).not.toContain("n=3");

    const json = await run(["generate", "three cats", "--local", "-n", "3", "--json", "-o", dir]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      warnings: [{ type: "fan-out", message: expect.stringContaining("-n 3 was split") }],
    });
  });

  it("says a --seed an unknown model may not honour was not sent, with no library method to try", async () => {
    // A model the gateway has and Pictor's catalog does not (made by gpt-image-2 here).
    const server = await rewritingGateway((body) => ({ ...body, model: "openai/gpt-image-2" }));
    const dir = await useTempDir();
    const { code, stdout, stderr } = await run([
      "generate",
      "a cat",
      "-m",
      "acme/new-image",
      "--seed",
      "7",
      "--api-key",
      testKey,
      "--base-url",
      server.url,
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      '  note: --seed was not sent: /images/* has none, and Pictor\'s catalog cannot tell whether "acme/new-image" honours one through chat completions',
    );
    expect(stdout).toContain("`pictor models` lists the catalog");
    expect(stdout).not.toContain("pictor.chat.completions");
    expect(await listDir(dir)).toEqual(["a-cat-1.png"]);
  });

  it("names an input sent unchecked by its position, with the URL once", async () => {
    const dir = await useTempDir();
    const cat = await photo(dir);
    // The gateway fetches the https input and finds an image in it.
    const server = await startGatewayServer({ resolveImageUrl: async () => encodeTestPng(8, 8) });
    const realFetch = globalThis.fetch;
    // The input's own server refuses the client's check of it (a firewall): sent unchecked.
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      return url.startsWith(server.url)
        ? realFetch(input, init)
        : Promise.resolve(new Response("forbidden", { status: 403 }));
    });
    try {
      const { code, stdout, stderr } = await run([
        "edit",
        cat,
        "https://images.test/dog.png",
        "--prompt",
        "a hat",
        "--api-key",
        testKey,
        "--base-url",
        server.url,
        "-o",
        join(dir, "out"),
      ]);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain(
        "  note: the 2nd image (https://images.test/dog.png) was sent unchecked:",
      );
      expect(stdout).not.toContain("images.1");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("an incomplete run names no library option, and still lists the files saved, the cost and the request id", async () => {
    // Half the images asked for (at least one) on every call, and no error.
    const server = await rewritingGateway((body) => ({
      ...body,
      n: "n" in body ? Math.max(1, Math.floor(Number(body.n) / 2)) : 1,
    }));
    const dir = await useTempDir();
    const { code, stdout, stderr } = await run([
      "generate",
      "four foxes",
      "-m",
      "openai/gpt-image-2",
      "-n",
      "4",
      "--api-key",
      testKey,
      "--base-url",
      server.url,
      "-o",
      dir,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "pictor: Only 3 of 4 images arrived: the gateway made fewer than asked, also when asked again\n",
    );
    expect(stderr).not.toContain("partialResults");
    expect(await listDir(dir)).toHaveLength(3);
    expect(stdout).toMatch(/^✘ only 3 of 4 images from openai\/gpt-image-2/m);
    expect(stdout).toMatch(/cost \$[\d.]+ \(from the gateway\) · request id \S+/);
  });
});
