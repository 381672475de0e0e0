// The chat path that downloads a provider's image link (Z.AI, Alibaba, ByteDance, xAI), against
// the mock gateway's `providerImageUrls`: through msw (an https link) and over its HTTP server
// (an http link on the server itself, the only kind it can serve).
import { createMockGateway } from "@pictor/mock";
import { listen } from "@pictor/mock/node";
import { HttpResponse, http, passthrough } from "msw";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  apiKey,
  baseURL,
  caught,
  recordingFetch,
  useClientTestServer,
} from "../__fixtures__/client-test-server";
import { APIConnectionError, APIUserAbortError, IncompleteResultError } from "../core/errors";
import { IncompleteMessageError } from "../core/incomplete-message-error";
import { Pictor } from "../pictor";

const { gateway, server, client } = useClientTestServer({ providerImageUrls: true });

const cogview = {
  model: "zai/cogview-4",
  messages: [{ role: "user", content: "A kite over the dunes" }],
  image_config: { image_size: "1024x1024" },
} as const;

/** Counts the downloads of provider image links the test's requests make. */
function linkDownloads(): { count: number } {
  const seen = { count: 0 };
  server.events.on("request:start", ({ request }) => {
    if (new URL(request.url).pathname.startsWith("/provider-images/")) seen.count += 1;
  });
  return seen;
}

describe("chat images sent as a provider's https link", () => {
  it("imagesOf() downloads each link through the client's fetch, without the key", async () => {
    const keys: (string | null)[] = [];
    server.events.on("request:start", ({ request }) => {
      if (new URL(request.url).pathname.startsWith("/provider-images/"))
        keys.push(request.headers.get("authorization"));
    });
    const recorder = recordingFetch();
    const pictor = client({ fetch: recorder.fetch });

    const completion = await pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages: [{ role: "user", content: "A fox" }],
      image_config: { n: 2, image_size: "928x1664", seed: 7 },
    });
    const urls = (completion.choices[0]?.message.images ?? []).map((image) => image.image_url.url);
    const images = await pictor.chat.completions.imagesOf(completion);

    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^https:\/\/gateway\.test\/provider-images\//);
    expect(recorder.urls.slice(1).sort()).toEqual([...urls].sort());
    expect(images.map((image) => [image.mediaType, image.width, image.height])).toEqual([
      ["image/png", 928, 1664],
      ["image/png", 928, 1664],
    ]);
    expect(images[0]?.requestId).toBe(completion.requestId);
    expect(keys).toEqual([null, null]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("a stream's finalMessage() downloads the link of its image chunk", async () => {
    const downloads = linkDownloads();
    const stream = await client().chat.completions.create({ ...cogview, stream: true });

    const message = await stream.finalMessage();

    expect(message.images.map((image) => [image.width, image.height])).toEqual([[1024, 1024]]);
    expect(downloads.count).toBe(1);
  });

  it("images.generate with a seed (made through chat) returns the downloaded images", async () => {
    const downloads = linkDownloads();
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 7,
      size: "928x1664",
    });

    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(result.images.map((image) => [image.width, image.height])).toEqual([[928, 1664]]);
    expect(downloads.count).toBe(1);
  });

  it("images.generate through chat whose image link fails throws IncompleteResultError whose error keeps the link, the request id and the cost", async () => {
    const downloads = linkDownloads();
    server.use(
      http.get(`${new URL(baseURL).origin}/provider-images/*`, () =>
        HttpResponse.text("expired", { status: 404 }),
      ),
    );

    const error = await caught(() =>
      client().images.generate({
        model: "alibaba/qwen-image-3.0",
        prompt: "A fox",
        seed: 7,
        size: "928x1664",
      }),
    );

    expect(IncompleteResultError.isInstance(error)).toBe(true);
    if (!IncompleteResultError.isInstance(error)) return;
    expect(error.partialResult.images).toEqual([]);
    expect(error.partialResult.cost?.usd).toBeGreaterThan(0);
    // The image was made and paid for: its link reaches the caller, to fetch while it lasts.
    const [failure] = error.errors;
    expect(IncompleteMessageError.isInstance(failure)).toBe(true);
    if (!IncompleteMessageError.isInstance(failure)) return;
    expect(failure.failedURLs).toHaveLength(1);
    expect(failure.failedURLs[0]).toMatch(/^https:\/\/gateway\.test\/provider-images\//);
    expect(failure.imageURLs).toEqual(failure.failedURLs);
    expect(failure.requestId).toBe(error.partialResult.requestIds[0]);
    expect(APIConnectionError.isInstance(failure.errors[0])).toBe(true);
    expect(downloads.count).toBe(1);
  });

  it("images.generate through chat aborted while its image link downloads keeps the answered call's cost and request id on the APIUserAbortError", async () => {
    const controller = new AbortController();
    // The gateway answered (the call is paid for); the caller gives up during the download.
    server.use(
      http.get(`${new URL(baseURL).origin}/provider-images/*`, () => {
        controller.abort();
        return HttpResponse.text("too late", { status: 404 });
      }),
    );

    const error = await caught(() =>
      client().images.generate(
        { model: "alibaba/qwen-image-3.0", prompt: "A fox", seed: 7, size: "928x1664" },
        { signal: controller.signal },
      ),
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    if (!APIUserAbortError.isInstance(error)) return;
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
    expect(error.partialResult?.images).toEqual([]);
    expect(error.partialResult?.cost?.usd).toBeGreaterThan(0);
    expect(error.partialResult?.requestIds).toEqual([gateway.calls[0]?.requestId]);
  });

  it("imagesOf() throws IncompleteMessageError, its error naming the host, once the link has expired", async () => {
    const pictor = client();
    const completion = await pictor.chat.completions.create(cogview);
    gateway.reset();

    const error = await caught(() => pictor.chat.completions.imagesOf(completion));

    expect(IncompleteMessageError.isInstance(error)).toBe(true);
    if (!IncompleteMessageError.isInstance(error)) return;
    expect(String(error.errors[0])).toMatch(
      /Downloading the generated image from gateway\.test \(made by request [0-9a-z]{40}\) failed with HTTP 404$/,
    );
  });

  it("imagesOf() downloads every link when one fails, and its IncompleteMessageError keeps every URL, the failed one and why, the images that arrived, the usage and the request id", async () => {
    const downloads = linkDownloads();
    const pictor = client();
    const completion = await pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages: [{ role: "user", content: "Two foxes" }],
      image_config: { n: 2, image_size: "928x1664", seed: 7 },
    });
    const urls = (completion.choices[0]?.message.images ?? []).map((image) => image.image_url.url);
    const [arrived] = urls;
    // The first link fails: the second is still downloaded.
    if (arrived) server.use(http.get(arrived, () => new HttpResponse(null, { status: 404 })));

    const error = await caught(() => pictor.chat.completions.imagesOf(completion));

    expect(IncompleteMessageError.isInstance(error)).toBe(true);
    if (!IncompleteMessageError.isInstance(error)) return;
    expect(urls).toHaveLength(2);
    expect(error.imageURLs).toEqual(urls);
    expect(error.failedURLs).toEqual([arrived]);
    expect(APIConnectionError.isInstance(error.errors[0])).toBe(true);
    expect(error.cause).toBe(error.errors[0]);
    expect(error.requestId).toBe(completion.requestId);
    expect(error.partialMessage.images.map((image) => [image.width, image.height])).toEqual([
      [928, 1664],
    ]);
    expect(error.partialMessage.usage).toEqual(completion.usage);
    expect(downloads.count).toBe(2);
  });

  it("imagesOf() rejects with APIUserAbortError when the caller aborts, not as a failed download", async () => {
    const pictor = client();
    const completion = await pictor.chat.completions.create(cogview);
    const controller = new AbortController();
    controller.abort();

    const error = await caught(() =>
      pictor.chat.completions.imagesOf(completion, { signal: controller.signal }),
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
  });

  it("downloads the http link of the mock's HTTP server", async () => {
    const local = await listen({
      port: 0,
      gateway: createMockGateway({ providerImageUrls: true }),
    });
    onTestFinished(() => local.close());
    // msw lets this test's requests through to the real server.
    server.use(http.all(`http://127.0.0.1:${local.port}/*`, () => passthrough()));
    const pictor = new Pictor({ apiKey, baseURL: local.url, maxRetries: 0 });

    const completion = await pictor.chat.completions.create(cogview);
    const images = await pictor.chat.completions.imagesOf(completion);

    const url = completion.choices[0]?.message.images?.[0]?.image_url.url;
    expect(url?.startsWith(`http://127.0.0.1:${local.port}/provider-images/`)).toBe(true);
    expect(images.map((image) => [image.width, image.height])).toEqual([[1024, 1024]]);
  });
});
