import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { captureStream } from "../__fixtures__/capture-stream";
import { encodeTestPng, listDir, useTempDir } from "../__fixtures__/files";
import { startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { runCli } from "../run-cli";

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

  it("names edit's prompt by its flag", async () => {
    const dir = await useTempDir();
    const cat = await photo(dir);
    const { code, stderr } = await run(["edit", cat, "--prompt", "   ", "--local", "-o", dir]);
    expect(code).toBe(2);
    expect(stderr).toContain("  - --prompt: prompt is only whitespace");
  });
});
