// Per-call `fetchOptions`, as the `fetch` sees them: every fetch a call makes (gateway attempts
// and retries, an `n` fan-out's calls, a chat-routed call's image downloads, an edit's checks of
// its https inputs) gets the call's fields over the client's, under the request's own init.
import { describe, expect, it } from "vitest";
import { caught, imageHost, useClientTestServer } from "./__fixtures__/client-test-server";
import { pngOf } from "./__fixtures__/image-bytes";
import type { FetchOptions } from "./client-options";

const remoteImages = new Map<string, Uint8Array>();
const catURL = `${imageHost}/cat.png`;
remoteImages.set(catURL, await pngOf(96, 64, "edit input"));
const { gateway, client } = useClientTestServer({ providerImageUrls: true, remoteImages });

/** Fields of the init a fetch is given that fetchOptions may set, by the URL's path. */
interface Seen {
  path: string;
  method: string | undefined;
  redirect: RequestRedirect | undefined;
  cache: RequestCache | undefined;
  referrerPolicy: ReferrerPolicy | undefined;
}

/** A client with a `fetch` that notes each init, and the client's own `fetchOptions`. */
function recordingClient(maxRetries = 0): { pictor: ReturnType<typeof client>; seen: Seen[] } {
  const seen: Seen[] = [];
  const pictor = client({
    maxRetries,
    fetchOptions: { redirect: "error", cache: "no-store" },
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString());
      seen.push({
        path: url.pathname,
        method: init?.method,
        redirect: init?.redirect,
        cache: init?.cache,
        referrerPolicy: init?.referrerPolicy,
      });
      return globalThis.fetch(input, init);
    },
  });
  return { pictor, seen };
}

/** The call's fields over the client's, field by field. */
const fetchOptions: FetchOptions = { redirect: "follow", referrerPolicy: "no-referrer" };
const merged = { redirect: "follow", cache: "no-store", referrerPolicy: "no-referrer" };

describe("fetchOptions per call", () => {
  it("images.generate: each call of an n fan-out, and its retry, gets them over the client's", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 1 });
    const { pictor, seen } = recordingClient(1);

    const result = await pictor.images.generate(
      { model: "gemini-3-pro-image-preview", prompt: "A fox", n: 2 },
      { fetchOptions },
    );

    expect(result.images).toHaveLength(2);
    expect(gateway.calls.map((call) => call.status).sort()).toEqual([200, 200, 429]);
    expect(seen).toHaveLength(3);
    for (const init of seen)
      expect(init).toEqual({ path: "/v1/images/generations", method: "POST", ...merged });
  });

  it("images.generate routed through chat: the call and its provider image download", async () => {
    const { pictor, seen } = recordingClient();

    await pictor.images.generate(
      { model: "alibaba/qwen-image-3.0", prompt: "A fox", seed: 7, size: "928x1664" },
      { fetchOptions },
    );

    expect(seen.map((init) => init.path)).toEqual([
      "/v1/chat/completions",
      expect.stringMatching(/^\/provider-images\//),
    ]);
    for (const init of seen) expect(init).toMatchObject(merged);
  });

  it("images.edit: the check of an https input and the call", async () => {
    const { pictor, seen } = recordingClient();

    await pictor.images.edit(
      { model: "openai/gpt-image-2", prompt: "Make it blue", images: [catURL] },
      { fetchOptions },
    );

    expect(seen.map((init) => init.path)).toEqual(["/cat.png", "/v1/images/edits"]);
    for (const init of seen) expect(init).toMatchObject(merged);
  });

  it("chat.completions.create: a completion, a stream and its image download, imagesOf()", async () => {
    const { pictor, seen } = recordingClient();
    const params = {
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "A kite" }],
      image_config: { image_size: "1024x1024" },
    } as const;

    const completion = await pictor.chat.completions.create(params, { fetchOptions });
    await pictor.chat.completions.imagesOf(completion, { fetchOptions });
    const stream = await pictor.chat.completions.create(
      { ...params, stream: true },
      { fetchOptions },
    );
    await stream.finalMessage();

    expect(seen.map((init) => init.path)).toEqual([
      "/v1/chat/completions",
      expect.stringMatching(/^\/provider-images\//),
      "/v1/chat/completions",
      expect.stringMatching(/^\/provider-images\//),
    ]);
    for (const init of seen) expect(init).toMatchObject(merged);
  });

  it("models.list; a call without them keeps the client's, one set to undefined clears it", async () => {
    const { pictor, seen } = recordingClient();

    await pictor.models.list({}, { fetchOptions });
    await pictor.models.list();
    await pictor.models.list({}, { fetchOptions: { cache: undefined } });

    expect(seen).toEqual([
      { path: "/v1/models", method: "GET", ...merged },
      { path: "/v1/models", method: "GET", redirect: "error", cache: "no-store" },
      { path: "/v1/models", method: "GET", redirect: "error", cache: undefined },
    ]);
  });

  it("refuses what each request sets, and a value that is no object, before any request", async () => {
    const { pictor, seen } = recordingClient();
    const params = { model: "zai/cogview-4", prompt: "A fox" };
    const method: object = { method: "GET" };
    const listOf: object = [];
    const text: unknown = "http://proxy:8080";

    expect(
      await caught(() => pictor.images.generate(params, { fetchOptions: method })),
    ).toStrictEqual(
      new TypeError("fetchOptions.method is set per request: Pictor sets it; leave it out"),
    );
    expect(
      await caught(() =>
        pictor.chat.completions.create(
          { model: "zai/cogview-4", messages: [] },
          { fetchOptions: { signal: AbortSignal.abort() } as object },
        ),
      ),
    ).toStrictEqual(
      new TypeError("fetchOptions.signal is set per request: pass `signal` per call"),
    );
    expect(await caught(() => pictor.models.list({}, { fetchOptions: listOf }))).toStrictEqual(
      new TypeError("fetchOptions must be an object such as { dispatcher }, got array"),
    );
    expect(
      await caught(() =>
        pictor.images.edit({ ...params, images: [catURL] }, { fetchOptions: text as object }),
      ),
    ).toStrictEqual(
      new TypeError("fetchOptions must be an object such as { dispatcher }, got string"),
    );
    expect(seen).toEqual([]);
    expect(gateway.calls).toEqual([]);
  });
});
