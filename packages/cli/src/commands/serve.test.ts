import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { listenDenied, runPictor, stackFrame, startPictor } from "../__fixtures__/run-pictor";

/** What `serve` says on stderr once stopped, as `pictor-mock` says it stopped. */
const stopped = "Pictor local gateway stopped.\n";

describe("pictor serve", { timeout: 30_000 }, () => {
  it("--port 0 prints the URL, answers /models with 200, and exits 0 promptly on SIGINT", async () => {
    const pictor = startPictor(["serve", "--port", "0"]);
    const [, url] = await pictor.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/);
    expect(url).toBeDefined();
    expect(pictor.stdout()).toContain(`LLM_GATEWAY_BASE_URL=${url}`);

    const response = await fetch(`${url}/models`);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ data: expect.any(Array) });

    const interrupted = Date.now();
    pictor.child.kill("SIGINT");
    const { code, signal, stderr } = await pictor.finished();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - interrupted).toBeLessThan(3_000);
    expect(stderr).toBe(stopped);
    await expect(fetch(`${url}/models`)).rejects.toThrow();
  });

  it("stops on SIGTERM (a process manager's stop) saying so, and exits 0 as the README says", async () => {
    const pictor = startPictor(["serve", "--port", "0"]);
    const [, url] = await pictor.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/);

    pictor.child.kill("SIGTERM");
    const { code, signal, stdout, stderr } = await pictor.finished();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).toBe(stopped);
    expect(stdout).not.toContain("stopped");
    await expect(fetch(`${url}/models`)).rejects.toThrow();
  });

  it("--provider-image-urls answers an Alibaba chat with a link it serves, as pictor-mock does", async () => {
    const pictor = startPictor(["serve", "--port", "0", "--provider-image-urls"]);
    const [, url] = await pictor.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/);
    const response = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({
        model: "alibaba/qwen-image-3.0",
        messages: [{ role: "user", content: "a kite" }],
        image_config: { image_size: "928x1664" },
      }),
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as {
      choices: { message: { images?: { image_url: { url: string } }[] } }[];
    };
    const link = completion.choices[0]?.message.images?.[0]?.image_url.url ?? "";
    expect(link.startsWith(`${new URL(url ?? "").origin}/provider-images/`)).toBe(true);
    const download = await fetch(link);
    expect(download.headers.get("content-type")).toBe("image/png");
    await download.arrayBuffer();
    pictor.child.kill("SIGINT");
    const { code, stderr } = await pictor.finished();
    expect(code).toBe(0);
    expect(stderr).toBe(stopped);
  });

  it("--help says SIGTERM stops it too, and that it says so on stderr", async () => {
    const { code, stdout } = await runPictor(["serve", "--help"]);
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "until Ctrl-C or SIGTERM, then says it stopped on stderr",
    );
  });

  it("--help names --provider-image-urls", async () => {
    const { code, stdout } = await runPictor(["serve", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--provider-image-urls");
  });

  it("takes --local as generate, edit and models do, and serves the same local gateway", async () => {
    const pictor = startPictor(["serve", "--local", "--port", "0"]);
    const [, url] = await pictor.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/);
    const response = await fetch(`${url}/models`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    pictor.child.kill("SIGINT");
    const { code, stderr } = await pictor.finished();
    expect(code).toBe(0);
    expect(stderr).toBe(stopped);
  });

  it.each([
    ["bare", "::1"],
    ["bracketed, as URLs write it", "[::1]"],
  ])(
    "--host with the IPv6 loopback %s listens there and prints the URL with brackets",
    async (_form, host) => {
      const pictor = startPictor(["serve", "--port", "0", "--host", host]);
      const [, url] = await pictor.waitForOutput(/listening on (http:\/\/\[::1\]:\d+\/v1)\n/);
      expect(pictor.stdout()).toContain(`LLM_GATEWAY_BASE_URL=${url}`);
      const response = await fetch(`${url}/models`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      pictor.child.kill("SIGINT");
      const { code, stderr } = await pictor.finished();
      expect(code).toBe(0);
      expect(stderr).toBe(stopped);
    },
  );

  it("--port abc is a usage error: exit 2, naming --port", async () => {
    const { code, stdout, stderr } = await runPictor(["serve", "--port", "abc"]);
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(stackFrame);
    expect(stderr).toMatch(/--port/);
    expect(code).toBe(2);
  });

  it("a port in use is a usage error naming the port and how to pick another", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const address = busy.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const { code, stderr } = await runPictor(["serve", "--port", String(port)]);
      expect(code).toBe(2);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(stderr).toContain("--port 0 picks a free one");
      expect(stderr).not.toMatch(stackFrame);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it("a port this user may not listen on (below 1024 without privileges) is a usage error saying so", async () => {
    const { code, stdout, stderr } = await runPictor(["serve", "--port", "80"], {
      nodeArgs: listenDenied,
    });
    expect(stdout).toBe("");
    expect(stderr).toContain("not allowed to listen on port 80 on 127.0.0.1");
    expect(stderr).toContain("--port 0 picks a free one");
    expect(stderr).not.toContain("--verbose");
    expect(stderr).not.toMatch(stackFrame);
    expect(code).toBe(2);
  });

  it.each([
    [
      "an address this machine does not have",
      "192.0.2.1",
      "--host 192.0.2.1 is not an address of this machine",
    ],
    ["brackets around what is not an IPv6 address", "[127.0.0.1]", "--host [127.0.0.1] is not"],
    ["an unclosed bracket", "[::1", "--host [::1 is not an address of this machine"],
    [
      "an empty host, which would listen on every interface",
      "",
      "--host takes an address of this machine",
    ],
  ])("%s is a usage error: exit 2, naming --host", async (_what, host, message) => {
    const { code, stdout, stderr } = await runPictor(["serve", "--port", "0", "--host", host]);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain("127.0.0.1");
    expect(stderr).not.toMatch(stackFrame);
    expect(code).toBe(2);
  });
});
