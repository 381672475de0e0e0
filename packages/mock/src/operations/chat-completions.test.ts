import {
  zChatCompletionChunk,
  zCreateChatCompletionResponse,
  zErrorResponse,
} from "@pictor/contract";
import { describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import { encodeBase64 } from "..";
import {
  bodyOf,
  decodeDataUrl,
  decodeImage,
  errorOf,
  expectValid,
  fingerprint,
  fixedNow,
  parseSse,
  pngDataUrl,
  post,
  useMockServer,
} from "../gateway/__fixtures__/mock-server";

const mock = useMockServer();

type Chunk = z.output<typeof zChatCompletionChunk>;

function userAsks(text: string) {
  return [{ role: "user", content: text }];
}

async function complete(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await post("/chat/completions", body, { headers });
  return {
    response,
    body: await bodyOf(zCreateChatCompletionResponse, response),
  };
}

/** The image URLs of a non-streaming completion. */
function imageUrls(body: z.output<typeof zCreateChatCompletionResponse>): string[] {
  return (body.choices[0]?.message.images ?? []).map((image) => image.image_url.url);
}

const smallGoogle = {
  model: "gemini-3.1-flash-image",
  image_config: { image_size: "0.5K" },
};

describe("POST /chat/completions: a non-streaming image answer", () => {
  it("carries PNG data URLs in message.images, finish_reason stop and usage with cost", async () => {
    const { response, body } = await complete({
      ...smallGoogle,
      messages: userAsks("a paper boat"),
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(body).toMatchObject({
      object: "chat.completion",
      created: Math.floor(fixedNow / 1000),
      model: "google-ai-studio/gemini-3.1-flash-image",
    });
    expect(body.choices).toHaveLength(1);
    const choice = body.choices[0];
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.role).toBe("assistant");
    expect(choice?.message.content).toEqual(expect.stringContaining("a paper boat"));
    const urls = imageUrls(body);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/^data:image\/png;base64,/);
    const image = decodeDataUrl(urls[0] ?? "");
    expect(image).toMatchObject({ width: 512, height: 512 });
    expect(image.colours).toBeGreaterThan(1);
    expect(body.usage).toMatchObject({
      completion_tokens: 747,
      completion_tokens_details: { image_tokens: 747 },
      cost_details: { image_output_cost: 0.04482 },
    });
    expect(body.usage?.cost).toBeGreaterThan(0.04482);
    expect(body.usage?.total_tokens).toBe(
      (body.usage?.prompt_tokens ?? 0) + (body.usage?.completion_tokens ?? 0),
    );
  });

  it("reports the generated x-request-id response header as metadata.request_id", async () => {
    const { response, body } = await complete({ ...smallGoogle, messages: userAsks("a kite") });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-z]{40}$/);
    expect(body.metadata?.request_id).toBe(id);
  });

  it("reports a client-sent x-request-id as the header and metadata.request_id", async () => {
    const { response, body } = await complete(
      { ...smallGoogle, messages: userAsks("a kite") },
      { "x-request-id": "client-chosen-id-42" },
    );
    expect(response.headers.get("x-request-id")).toBe("client-chosen-id-42");
    expect(body.metadata?.request_id).toBe("client-chosen-id-42");
  });

  it("routes model auto to gemini-3-pro-image and says so in metadata", async () => {
    const { body } = await complete({ model: "auto", messages: userAsks("a kite") });
    expect(body.metadata).toMatchObject({
      requested_model: "auto",
      used_model: "gemini-3-pro-image",
      used_provider: "google-ai-studio",
    });
    expect(decodeDataUrl(imageUrls(body)[0] ?? "")).toMatchObject({ width: 1024, height: 1024 });
  });

  it("answers 404 with code not_found for an unknown model", async () => {
    const error = await errorOf(
      await post("/chat/completions", { model: "acme/picasso-9000", messages: userAsks("x") }),
      404,
    );
    expect(error).toMatchObject({ code: "not_found", param: null });
    expect(error.message).toContain("acme/picasso-9000");
  });
});

describe("POST /chat/completions: a text model of the gateway", () => {
  // The gateway's chat serves its text models too (only /images/* refuse them, pointing here):
  // a known model is no 404, it answers in text, without images.
  it("answers gpt-4o with text and no images, finish_reason stop, not a 404", async () => {
    const { response, body } = await complete({ model: "gpt-4o", messages: userAsks("hi") });

    expect(response.status).toBe(200);
    const [choice] = body.choices;
    expect(choice?.message.content).toEqual(expect.any(String));
    expect(choice?.message.images).toBeUndefined();
    expect(choice?.finish_reason).toBe("stop");
    expect(body.usage?.completion_tokens).toBeGreaterThan(0);
    expect(body.metadata).toMatchObject({ requested_model: "gpt-4o", used_model: "gpt-4o" });
  });

  it("streams it as text deltas, a usage chunk and [DONE], with no image chunk", async () => {
    const response = await post("/chat/completions", {
      model: "openai/gpt-4o-mini",
      messages: userAsks("hi"),
      stream: true,
    });
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = events
      .slice(0, -1)
      .map((event) => expectValid(zChatCompletionChunk, JSON.parse(event.data)));
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.images !== undefined)).toBe(false);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).not.toBe("");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
  });
});

describe("POST /chat/completions: image_config as the catalog says", () => {
  it("shapes image_size by aspect_ratio on a Google model (0.5K at 16:9 is landscape)", async () => {
    const { body } = await complete({
      model: "gemini-3.1-flash-image",
      messages: userAsks("a long train"),
      image_config: { image_size: "0.5K", aspect_ratio: "16:9" },
    });
    const { width, height } = decodeDataUrl(imageUrls(body)[0] ?? "");
    expect(width).toBeGreaterThan(height);
    expect(width % 16).toBe(0);
    expect(height % 16).toBe(0);
    expect(width / height).toBeCloseTo(16 / 9, 1);
  });

  it("refuses image_config.n: 2 on a Google model with a 400", async () => {
    const error = await errorOf(
      await post("/chat/completions", {
        model: "gemini-3-pro-image",
        messages: userAsks("a kite"),
        image_config: { n: 2 },
      }),
      400,
    );
    expect(error).toMatchObject({ param: null, code: null });
    expect(error.message).toContain("at most 1 image(s) per request, asked for 2");
  });

  it("returns n images from a model that makes several (qwen-image-3.0, n: 2)", async () => {
    const { body } = await complete({
      model: "alibaba/qwen-image-3.0",
      messages: userAsks("a kite"),
      image_config: { image_size: "512x512", n: 2 },
    });
    const urls = imageUrls(body);
    expect(urls).toHaveLength(2);
    expect(fingerprint(urls[1])).not.toBe(fingerprint(urls[0]));
    expect(body.usage?.cost).toBe(0.06);
  });

  it("accepts seed on alibaba/qwen-image-plus: the same seed repeats the image, another seed changes it", async () => {
    const ask = (seed: number) =>
      complete({
        model: "alibaba/qwen-image-plus",
        messages: userAsks("a lantern festival"),
        image_config: { image_size: "1664x928", seed },
      });
    const first = imageUrls((await ask(7)).body)[0];
    const again = imageUrls((await ask(7)).body)[0];
    const other = imageUrls((await ask(8)).body)[0];
    expect(decodeDataUrl(first ?? "")).toMatchObject({ width: 1664, height: 928 });
    expect(fingerprint(again)).toBe(fingerprint(first));
    expect(fingerprint(other)).not.toBe(fingerprint(first));
  });

  it("ignores image_config.aspect_ratio on a model that honours none (openai/gpt-image-2): 200 at its default size", async () => {
    const { body } = await complete({
      model: "openai/gpt-image-2",
      messages: userAsks("a square icon"),
      image_config: { aspect_ratio: "16:9" },
    });
    expect(decodeDataUrl(imageUrls(body)[0] ?? "")).toMatchObject({ width: 1024, height: 1024 });
  });

  it("ignores seed on a model that does not honour it (gemini-3.1-flash-image): the same image as without one", async () => {
    const ask = (seed?: number) =>
      complete({
        model: "gemini-3.1-flash-image",
        messages: userAsks("a lantern festival"),
        image_config: { image_size: "0.5K", ...(seed === undefined ? {} : { seed }) },
      });
    const unseeded = imageUrls((await ask()).body)[0];
    // A fresh start: a repeat of the same prompt would get a new image anyway.
    mock.gateway.reset();
    const seeded = imageUrls((await ask(7)).body)[0];
    expect(unseeded).toBeTruthy();
    expect(fingerprint(seeded)).toBe(fingerprint(unseeded));
  });
});

describe("POST /chat/completions: multi-turn refinement", () => {
  it("edits the image of an earlier assistant turn, in its shape at the model's 1K default when no image_size is given", async () => {
    const { body } = await complete({
      model: "gemini-3-pro-image",
      messages: [
        { role: "user", content: "a red bicycle" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Here is your bicycle" },
            { type: "image_url", image_url: { url: pngDataUrl(300, 200) } },
          ],
        },
        { role: "user", content: "now make it blue" },
      ],
    });
    const image = decodeDataUrl(imageUrls(body)[0] ?? "");
    expect(image).toMatchObject({ width: 1264, height: 848 });
    expect(image.colours).toBeGreaterThan(1);
    expect(body.choices[0]?.message.content).toContain("now make it blue");
    // the earlier image is billed as an input image
    expect(body.usage?.prompt_tokens_details?.image_tokens).toBeGreaterThan(0);
  });

  it("edits the latest image when the conversation holds several", async () => {
    const turn = (width: number, height: number) => ({
      role: "assistant",
      content: [{ type: "image_url", image_url: { url: pngDataUrl(width, height) } }],
    });
    const { body } = await complete({
      model: "gemini-3-pro-image",
      messages: [
        { role: "user", content: "a red bicycle" },
        turn(300, 200),
        { role: "user", content: "taller" },
        turn(200, 300),
        { role: "user", content: "now make it blue" },
      ],
    });
    expect(decodeDataUrl(imageUrls(body)[0] ?? "")).toMatchObject({ width: 848, height: 1264 });
  });

  it("reads no image from an assistant's images field, as the gateway drops it: a new image is made", async () => {
    const { body } = await complete({
      model: "gemini-3-pro-image",
      messages: [
        { role: "user", content: "a red bicycle" },
        {
          role: "assistant",
          content: "Here is your bicycle",
          images: [{ type: "image_url", image_url: { url: pngDataUrl(300, 200) } }],
        },
        { role: "user", content: "now make it blue" },
      ],
    });
    expect(decodeDataUrl(imageUrls(body)[0] ?? "")).not.toMatchObject({ width: 300, height: 200 });
    expect(body.usage?.prompt_tokens_details?.image_tokens ?? 0).toBe(0);
  });
});

/** Reads a whole SSE response and splits it into events. */
async function streamOf(body: Record<string, unknown>) {
  const response = await post("/chat/completions", { ...body, stream: true });
  expect(response.status).toBe(200);
  return { response, events: parseSse(await response.text()) };
}

describe("POST /chat/completions: streaming", () => {
  it("frames the stream like the gateway: role, content deltas, one image per chunk, usage, [DONE]", async () => {
    const request = { ...smallGoogle, messages: userAsks("a paper boat on a pond") };
    const { response, events } = await streamOf(request);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);

    expect(events.every((event) => event.event === undefined)).toBe(true);
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(events.filter((event) => event.data === "[DONE]")).toHaveLength(1);
    const chunks: Chunk[] = events
      .slice(0, -1)
      .map((event) => expectValid(zChatCompletionChunk, JSON.parse(event.data)));

    const [first, ...rest] = chunks;
    const last = rest.at(-1);
    expect(first?.choices[0]?.delta.role).toBe("assistant");
    expect(first?.choices[0]?.delta.images).toBeUndefined();

    const middle = rest.slice(0, -1);
    const imageChunks = middle.filter((chunk) => chunk.choices[0]?.delta.images !== undefined);
    const contentChunks = middle.filter((chunk) => chunk.choices[0]?.delta.images === undefined);
    expect(contentChunks.length).toBeGreaterThan(0);
    for (const chunk of contentChunks) expect(chunk.choices[0]?.delta.content).toBeTruthy();
    // content first, then the images
    expect(middle.slice(0, contentChunks.length)).toEqual(contentChunks);

    expect(imageChunks).toHaveLength(1);
    const images = imageChunks[0]?.choices[0]?.delta.images ?? [];
    expect(images).toHaveLength(1);
    expect(decodeDataUrl(images[0]?.image_url.url ?? "")).toMatchObject({
      width: 512,
      height: 512,
    });

    for (const chunk of [first, ...middle]) {
      expect(chunk?.choices[0]?.finish_reason).toBeNull();
      expect(chunk?.usage ?? undefined).toBeUndefined();
    }
    expect(last?.choices[0]?.finish_reason).toBe("stop");
    expect(last?.choices[0]?.delta.images).toBeUndefined();
    expect(last?.usage?.cost).toBeGreaterThan(0);
    expect(last?.usage?.completion_tokens).toBe(747);

    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);

    // the streamed text is the text of the same request without streaming
    const streamedText = contentChunks.map((chunk) => chunk.choices[0]?.delta.content).join("");
    const { body } = await complete(request);
    expect(streamedText).toBe(body.choices[0]?.message.content);
  });

  it("sends each image whole in its own chunk (gpt-image-2, n: 2)", async () => {
    const { events } = await streamOf({
      model: "openai/gpt-image-2",
      messages: userAsks("two stamps"),
      image_config: { image_size: "1024x640", n: 2 },
    });
    const chunks = events
      .filter((event) => event.data !== "[DONE]")
      .map((event) => expectValid(zChatCompletionChunk, JSON.parse(event.data)));
    const imageChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.images !== undefined);
    expect(imageChunks).toHaveLength(2);
    const urls = imageChunks.map((chunk) => {
      const images = chunk.choices[0]?.delta.images ?? [];
      expect(images).toHaveLength(1);
      return images[0]?.image_url.url ?? "";
    });
    expect(fingerprint(urls[1])).not.toBe(fingerprint(urls[0]));
    for (const url of urls) expect(decodeDataUrl(url)).toMatchObject({ width: 1024, height: 640 });
  });

  it("delivers the role chunk before the image is sent (the body is read incrementally)", async () => {
    const response = await post("/chat/completions", {
      model: "gemini-3-pro-image",
      messages: userAsks("a big poster"),
      stream: true,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) return expect.fail("no response body");
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const firstText = decoder.decode(first.value, { stream: true });
    // A buffered body would arrive in one piece (or 64 KiB slices) that already holds the image.
    expect(firstText).not.toContain('"images"');
    const [event] = parseSse(firstText);
    const chunk = expectValid(zChatCompletionChunk, JSON.parse(event?.data ?? ""));
    expect(chunk.choices[0]?.delta.role).toBe("assistant");

    // Drain rather than cancel: under msw a cancel waits for the whole stream (see the report).
    let rest = "";
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      rest += decoder.decode(next.value, { stream: true });
    }
    expect(rest).toContain('"images"');
    expect(parseSse(rest).at(-1)?.data).toBe("[DONE]");
  });

  it("answers an error found before streaming as ordinary JSON, not SSE", async () => {
    const response = await post("/chat/completions", {
      model: "gemini-3-pro-image",
      messages: userAsks("a kite"),
      image_config: { n: 2 },
      stream: true,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    expectValid(zErrorResponse, await response.json());
  });
});

describe("POST /chat/completions: providerImageUrls", () => {
  const alibaba = {
    model: "alibaba/qwen-image-3.0",
    messages: userAsks("a lantern"),
    image_config: { image_size: "928x1664", n: 2 },
  };

  it("sends a Z.AI, Alibaba, ByteDance or xAI image as an https link the mock serves, which is no call", async () => {
    const gateway = mock.withGateway({ providerImageUrls: true });
    const { body } = await complete(alibaba);
    const urls = imageUrls(body);

    expect(urls).toHaveLength(2);
    for (const url of urls) {
      expect(url).toMatch(/^https:\/\/api\.llmgateway\.io\/provider-images\/[0-9a-z]{40}\.png$/);
      const download = await fetch(url);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("image/png");
      expect(decodeImage(encodeBase64(new Uint8Array(await download.arrayBuffer())))).toMatchObject(
        { width: 928, height: 1664 },
      );
    }
    expect(gateway.calls.map((call) => call.operation)).toEqual(["createChatCompletion"]);
  });

  it("links every provider the gateway passes links on from, and no other", async () => {
    mock.withGateway({ providerImageUrls: true });
    const linked = ["zai/cogview-4", "bytedance/seedream-4-5", "grok-imagine-image"];
    for (const model of linked) {
      const { body } = await complete({ model, messages: userAsks("a kite") });
      expect(imageUrls(body)[0], model).toMatch(
        /^https:\/\/api\.llmgateway\.io\/provider-images\//,
      );
    }
    const { body } = await complete({ ...smallGoogle, messages: userAsks("a kite") });
    expect(imageUrls(body)[0]).toMatch(/^data:image\/png;base64,/);
  });

  it("streams the link in the image chunk", async () => {
    mock.withGateway({ providerImageUrls: true });
    const { events } = await streamOf({ ...alibaba, image_config: { image_size: "928x1664" } });
    const images = events
      .filter((event) => event.data !== "[DONE]")
      .flatMap((event) => expectValid(zChatCompletionChunk, JSON.parse(event.data)).choices)
      .flatMap((choice) => choice.delta.images ?? []);
    expect(images).toHaveLength(1);
    const download = await fetch(images[0]?.image_url.url ?? "");
    expect(download.status).toBe(200);
  });

  it("answers 404 for a link after reset(), as an expired one", async () => {
    const gateway = mock.withGateway({ providerImageUrls: true });
    const [url] = imageUrls((await complete(alibaba)).body);
    gateway.reset();
    const download = await fetch(url ?? "");
    expect(download.status).toBe(404);
    expect(await download.text()).toContain("expired");
  });

  it("keeps data URLs without the option", async () => {
    const { body } = await complete(alibaba);
    for (const url of imageUrls(body)) expect(url).toMatch(/^data:image\/png;base64,/);
  });
});
