import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { listen } from "@pictor/mock/node";
import { ProxyAgent } from "undici";
import { describe, expect, it, onTestFinished } from "vitest";
import { Pictor } from "./pictor";

// No msw here: it would answer before Node's fetch used the dispatcher. Real sockets only.

const apiKey = "sk-fetch-options-test-key";

/** An HTTP proxy that tunnels `CONNECT` (what undici's `ProxyAgent` sends), noting each target. */
async function startProxy(): Promise<{ url: string; targets: string[] }> {
  const targets: string[] = [];
  const proxy: Server = createServer((_request, response) => response.writeHead(405).end());
  proxy.on("connect", (request, client, head) => {
    targets.push(request.url ?? "");
    const [host = "", port = ""] = (request.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
  const address = proxy.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy has no port");
  return { url: `http://127.0.0.1:${address.port}`, targets };
}

describe("fetchOptions", () => {
  it("sends every request through a proxy given as an undici dispatcher (Node)", async () => {
    const gateway = await listen({ port: 0 });
    onTestFinished(() => gateway.close());
    const proxy = await startProxy();
    const dispatcher = new ProxyAgent(proxy.url);
    onTestFinished(() => dispatcher.close());
    const pictor = new Pictor({ apiKey, baseURL: gateway.url, fetchOptions: { dispatcher } });

    const result = await pictor.images.generate({ model: "zai/cogview-4", prompt: "A fox", n: 2 });

    expect(result.images).toHaveLength(2);
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(new Set(proxy.targets)).toEqual(new Set([`127.0.0.1:${gateway.port}`]));
  });

  it("sends one call through a proxy given in its own fetchOptions, and only that call", async () => {
    const gateway = await listen({ port: 0 });
    onTestFinished(() => gateway.close());
    const proxy = await startProxy();
    const dispatcher = new ProxyAgent(proxy.url);
    onTestFinished(() => dispatcher.close());
    const pictor = new Pictor({ apiKey, baseURL: gateway.url });

    await pictor.models.list();
    expect(proxy.targets).toEqual([]);
    const models = await pictor.models.list({}, { fetchOptions: { dispatcher } });

    expect(models.length).toBeGreaterThan(0);
    expect(proxy.targets).toEqual([`127.0.0.1:${gateway.port}`]);
  });

  it("adds them to the init of a fetch you pass, under each request's own method, headers and body", async () => {
    const gateway = await listen({ port: 0 });
    onTestFinished(() => gateway.close());
    const seen: RequestInit[] = [];
    const pictor = new Pictor({
      apiKey,
      baseURL: gateway.url,
      fetchOptions: { keepalive: false, redirect: "error" },
      fetch: (input, init) => {
        if (init) seen.push(init);
        return fetch(input, init);
      },
    });

    await pictor.images.generate({ model: "zai/cogview-4", prompt: "A fox" });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", keepalive: false, redirect: "error" });
    expect(seen[0]?.body).toContain('"prompt":"A fox"');
  });

  it("refuses what each request sets, and a value that is no object, before any request", () => {
    expect(
      () => new Pictor({ apiKey, fetchOptions: { headers: { "x-a": "1" } } as object }),
    ).toThrow(new TypeError("fetchOptions.headers is set per request: use the `headers` option"));
    expect(
      () => new Pictor({ apiKey, fetchOptions: { signal: AbortSignal.abort() } as object }),
    ).toThrow(new TypeError("fetchOptions.signal is set per request: pass `signal` per call"));
    expect(() => new Pictor({ apiKey, fetchOptions: [] as object })).toThrow(
      /^fetchOptions must be an object such as \{ dispatcher \}, got /,
    );
    // An init of one's own spread in, with those left undefined, is fine.
    expect(
      () =>
        new Pictor({ apiKey, fetchOptions: { headers: undefined, cache: "no-store" } as object }),
    ).not.toThrow();
    const proxyURL: unknown = "http://proxy:8080";
    expect(() => new Pictor({ apiKey, fetchOptions: proxyURL as object })).toThrow(
      new TypeError("fetchOptions must be an object such as { dispatcher }, got string"),
    );
  });
});
