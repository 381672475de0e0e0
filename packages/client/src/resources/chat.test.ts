import { type ChatCompletion, encodeBase64 } from "@pictor/contract";
import { HttpResponse, http } from "msw";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  baseURL,
  caught,
  recordingFetch,
  useClientTestServer,
} from "../__fixtures__/client-test-server";
import { jpegOf, notAnImage, pngOf } from "../__fixtures__/image-bytes";
import {
  APIConnectionError,
  ContentFilterError,
  RequestValidationError,
  ResponseValidationError,
} from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import type { ImageInput } from "../core/image-input";
import { IncompleteMessageError } from "../core/incomplete-message-error";
import type { ChatCompletionCreateParams, ChatCompletionResult } from "./chat";

const { gateway, server, client } = useClientTestServer();

const params = {
  model: "gemini-3-pro-image-preview",
  messages: [{ role: "user", content: "A lighthouse" }],
  image_config: { aspect_ratio: "16:9" },
} satisfies ChatCompletionCreateParams;

describe("chat.completions.create", () => {
  it("returns the completion with the gateway's request id", async () => {
    const completion = await client().chat.completions.create(params);

    expectTypeOf(completion).toEqualTypeOf<ChatCompletionResult>();
    expect(completion.requestId).toBe(gateway.calls[0]?.requestId);
    expect(completion.requestId).toMatch(/^[a-z0-9]{40}$/);
    expect(completion.object).toBe("chat.completion");
    expect(completion.id).toBe(`chatcmpl-${completion.requestId?.slice(0, 24)}`);
    expect(completion.model).toBe("google-ai-studio/gemini-3-pro-image-preview");
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.content).toBe("Here is your image: A lighthouse");
    expect(choice?.message.images).toHaveLength(1);
    expect(completion.usage).toMatchObject({
      prompt_tokens: 3,
      completion_tokens: 1120,
      total_tokens: 1123,
      cost: 0.134406,
    });
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.path).toBe("/v1/chat/completions");
    expect(gateway.calls[0]?.body).toEqual({ ...params });
  });

  it("imagesOf() decodes the data-URL images into GeneratedImages with their pixel size", async () => {
    const pictor = client();
    const completion = await pictor.chat.completions.create(params);

    const images = await pictor.chat.completions.imagesOf(completion);

    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image).toBeInstanceOf(GeneratedImage);
    expect(image?.mediaType).toBe("image/png");
    expect([image?.width, image?.height]).toEqual([1376, 768]);
    expect(image?.dataURL).toBe(completion.choices[0]?.message.images?.[0]?.image_url.url);
  });

  it("imagesOf() throws ContentFilterError when the filter stopped the image, as finalMessage() does", async () => {
    gateway.faults.enqueue({ type: "content_filter" });
    const pictor = client();
    const completion = await pictor.chat.completions.create(params);
    expect(completion.choices[0]?.finish_reason).toBe("content_filter");

    const error = await caught(() => pictor.chat.completions.imagesOf(completion));

    expect(ContentFilterError.isInstance(error) && error.requestId).toBe(completion.requestId);
  });

  it("imagesOf() returns every image of an n > 1 completion (Alibaba via chat)", async () => {
    const pictor = client();
    const completion = await pictor.chat.completions.create({
      model: "alibaba/qwen-image-3.0",
      messages: [{ role: "user", content: "A fox" }],
      image_config: { n: 3, image_size: "928x1664", seed: 7 },
    });

    const images = await pictor.chat.completions.imagesOf(completion);

    expect(images.map((image) => [image.width, image.height])).toEqual([
      [928, 1664],
      [928, 1664],
      [928, 1664],
    ]);
    expect(new Set(images.map((image) => image.base64)).size).toBe(3);
  });

  it("imagesOf() downloads a provider's https image URL through the client's fetch", async () => {
    const png = await pngOf(40, 24, "provider image");
    const imageURL = "https://dashscope-result.provider.test/1d/out.png?Expires=1760003600";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json(providerCompletion(imageURL), {
          headers: { "x-request-id": "req-url-1" },
        }),
      ),
      http.get("https://dashscope-result.provider.test/1d/out.png", () =>
        HttpResponse.arrayBuffer(png.buffer, { headers: { "content-type": "image/png" } }),
      ),
    );
    const recorder = recordingFetch();
    const pictor = client({ fetch: recorder.fetch });

    const completion = await pictor.chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "A fox" }],
    });
    const images = await pictor.chat.completions.imagesOf(completion);

    expect(completion.requestId).toBe("req-url-1");
    expect(recorder.urls).toEqual([`${baseURL}/chat/completions`, imageURL]);
    expect(images).toHaveLength(1);
    expect([images[0]?.width, images[0]?.height]).toEqual([40, 24]);
    expect(await images[0]?.bytes()).toEqual(png);
  });

  it("imagesOf() throws IncompleteMessageError with the URL, its error naming the host, when a provider image URL fails", async () => {
    const imageURL = "https://expired.provider.test/out.png";
    server.use(
      http.post(`${baseURL}/chat/completions`, () =>
        HttpResponse.json(providerCompletion(imageURL)),
      ),
      http.get(imageURL, () => new HttpResponse("gone", { status: 403 })),
    );
    const pictor = client();
    const completion = await pictor.chat.completions.create({
      model: "zai/cogview-4",
      messages: [{ role: "user", content: "A fox" }],
    });

    const error = await caught(() => pictor.chat.completions.imagesOf(completion));

    // The image was paid for: the failure comes with its URL, and why it failed.
    expect(error).toBeInstanceOf(IncompleteMessageError);
    if (!IncompleteMessageError.isInstance(error)) return;
    expect(error.failedURLs).toEqual([imageURL]);
    expect(error.errors[0]).toBeInstanceOf(APIConnectionError);
    expect(String(error.errors[0])).toBe(
      "APIConnectionError: Downloading the generated image from expired.provider.test failed with HTTP 403",
    );
  });
});

describe("chat.completions.imagesOf with an image URL that is neither data: nor http(s)", () => {
  it("throws IncompleteMessageError whose error is a ResponseValidationError with the request id, not a bare TypeError", async () => {
    for (const url of [
      "/files/out.png",
      "iVBORw0KGgoAAAANSUhEUgAAAAE",
      "ftp://files.test/out.png",
    ]) {
      server.use(
        http.post(`${baseURL}/chat/completions`, () =>
          HttpResponse.json(providerCompletion(url), { headers: { "x-request-id": "req-odd" } }),
        ),
      );
      const pictor = client();
      const completion = await pictor.chat.completions.create({
        model: "zai/cogview-4",
        messages: [{ role: "user", content: "A fox" }],
      });

      const error = await caught(() => pictor.chat.completions.imagesOf(completion));

      // As any image that could not be had: the URL and why, in an IncompleteMessageError.
      expect(IncompleteMessageError.isInstance(error) && error.failedURLs, url).toEqual([url]);
      const cause = IncompleteMessageError.isInstance(error) ? error.errors[0] : error;
      expect(cause, url).toBeInstanceOf(ResponseValidationError);
      expect(ResponseValidationError.isInstance(cause) && cause.requestId).toBe("req-odd");
      expect(cause instanceof Error && cause.message).toContain(
        "neither a data: URL nor an http(s) URL",
      );
    }
  });
});

describe("chat.completions.create validation (nothing is sent)", () => {
  it("rejects a body without messages", async () => {
    const error = await caught(() =>
      // @ts-expect-error messages is required
      client().chat.completions.create({ model: "gemini-3-pro-image-preview" }),
    );

    expect(error).toBeInstanceOf(RequestValidationError);
    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      { path: "messages", message: "Required" },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a message whose role or content fits no shape says which roles and contents there are", async () => {
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        // Wrong on purpose, as JavaScript callers write them.
        messages: [Object({ role: "bot", content: "hi" }), Object({ role: "user", content: 42 })],
      }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages.0.role",
        message: 'role must be one of system, user, assistant, tool, got "bot"',
      },
      {
        path: "messages.1.content",
        message: expect.stringContaining(
          'content must be a string or a list of parts: { type: "text", text }',
        ),
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("more than 4 stop sequences says the gateway takes at most 4, not that stop fits no shape", async () => {
    const create = (stop: unknown) =>
      caught(() =>
        client().chat.completions.create({
          model: "gemini-3-pro-image-preview",
          messages: [{ role: "user", content: "Hi" }],
          stop: Object(stop),
        }),
      );

    const tooMany = await create(["a", "b", "c", "d", "e"]);
    const notStrings = await create(["a", 2]);

    expect(RequestValidationError.isInstance(tooMany) && tooMany.issues).toEqual([
      {
        path: "stop",
        message: "at most 4 stop sequences, got 5; keep the 4 that matter most",
      },
    ]);
    expect(String(tooMany)).toContain("at most 4 stop sequences");
    expect(RequestValidationError.isInstance(notStrings) && notStrings.issues).toEqual([
      { path: "stop", message: "must be a string or a list of at most 4 strings" },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("rejects an empty messages array", async () => {
    const error = await caught(() =>
      client().chat.completions.create({ model: "gemini-3-pro-image-preview", messages: [] }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      { path: "messages", message: "Array must contain at least 1 element(s)" },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("rejects a body without messages but with image_config as a RequestValidationError, not a TypeError", async () => {
    const error = await caught(() =>
      client().chat.completions.create(
        // @ts-expect-error messages is required
        { model: "gemini-3-pro-image-preview", image_config: { aspect_ratio: "16:9" } },
      ),
    );

    expect(error).toBeInstanceOf(RequestValidationError);
    expect(
      RequestValidationError.isInstance(error) && error.issues.map((issue) => issue.path),
    ).toEqual(["messages"]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("rejects an image_config aspect ratio the model does not have, naming image_config.aspect_ratio", async () => {
    // A model known only at run time: for the literal, the compiler refuses "7:3" already.
    const model: string = params.model;
    const error = await caught(() =>
      client().chat.completions.create({ ...params, model, image_config: { aspect_ratio: "7:3" } }),
    );

    expect(error).toBeInstanceOf(RequestValidationError);
    const issues = RequestValidationError.isInstance(error) ? error.issues : [];
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("image_config.aspect_ratio");
    expect(issues[0]?.message).toContain('"7:3"');
    expect(issues[0]?.accepted).toEqual([
      "1:1",
      "2:3",
      "3:2",
      "3:4",
      "4:3",
      "4:5",
      "5:4",
      "9:16",
      "16:9",
      "21:9",
    ]);
    expect(error instanceof Error && error.message).toContain("Invalid request, nothing was sent");
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses an image_size and an aspect_ratio of different shapes on Grok Imagine, which takes only the resolution from image_size", async () => {
    const error = await caught(() =>
      client().chat.completions.create({
        model: "xai/grok-imagine-image",
        messages: [{ role: "user", content: "A fox" }],
        image_config: { image_size: "1024x1536", aspect_ratio: "16:9" },
      }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "image_config.image_size",
        message:
          'model "xai/grok-imagine-image" takes the shape from image_config.aspect_ratio ("16:9") and only the resolution from image_config.image_size: the image would not be 1024x1536\'s shape; give both the same shape',
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("validates a streaming request the same way before sending it", async () => {
    const model: string = params.model;
    const error = await caught(() =>
      client().chat.completions.create({
        ...params,
        model,
        stream: true,
        image_config: { aspect_ratio: "7:3", image_size: "8K" },
      }),
    );

    expect(
      RequestValidationError.isInstance(error) && error.issues.map((issue) => issue.path),
    ).toEqual(["image_config.image_size", "image_config.aspect_ratio"]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("counts input images in the messages against the model's limit", async () => {
    const png = await pngOf(16, 16);
    const image = {
      type: "image_url" as const,
      image_url: { url: `data:image/png;base64,${encodeBase64(png)}` },
    };
    const error = await caught(() =>
      client().chat.completions.create({
        model: "alibaba/qwen-image-edit-plus",
        messages: [
          { role: "user", content: [image, image, image, image, { type: "text", text: "merge" }] },
        ],
      }),
    );

    // No image_config needed: the count is checked on every request to a known model.
    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages",
        message: 'model "alibaba/qwen-image-edit-plus" takes at most 3 input image(s), got 4',
        accepted: undefined,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("takes a user's image as bytes, a GeneratedImage or bare base64, and sends each as a sniffed data URL", async () => {
    const png = await pngOf(16, 16);
    const jpeg = jpegOf(8, 8);
    const [earlier] = await client().chat.completions.imagesOf(
      await client().chat.completions.create(params),
    );
    const part = (url: ImageInput) => ({ type: "image_url" as const, image_url: { url } });

    await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [
        {
          role: "user",
          content: [
            part(png),
            part(earlier ?? png),
            part(encodeBase64(jpeg)),
            { type: "text", text: "merge them" },
          ],
        },
      ],
    });

    const sent = gateway.calls[1]?.body;
    expect(sent).toMatchObject({
      messages: [
        {
          content: [
            { image_url: { url: `data:image/png;base64,${encodeBase64(png)}` } },
            { image_url: { url: earlier?.dataURL } },
            { image_url: { url: `data:image/jpeg;base64,${encodeBase64(jpeg)}` } },
            { type: "text", text: "merge them" },
          ],
        },
      ],
    });
  });

  it("sends an earlier GeneratedImage back as the assistant's image, as its data URL", async () => {
    const [earlier] = await client().chat.completions.imagesOf(
      await client().chat.completions.create(params),
    );
    if (!earlier) throw new Error("no image made");

    await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [
        { role: "user", content: "A lighthouse" },
        {
          role: "assistant",
          content: null,
          images: [{ type: "image_url", image_url: { url: earlier } }],
        },
        { role: "user", content: "Make it night" },
      ],
    });

    // As a content part: the gateway drops a message's `images`, so the model would not see it.
    expect(gateway.calls[1]?.body).toMatchObject({
      messages: [
        {},
        {
          role: "assistant",
          content: [{ type: "image_url", image_url: { url: earlier.dataURL } }],
        },
        {},
      ],
    });
    expect(gateway.calls[1]?.body).not.toHaveProperty("messages.1.images");
  });

  it("sends a response's message back as it came: its text, then its images, as content parts", async () => {
    const first = await client().chat.completions.create(params);
    const message = first.choices[0]?.message;
    if (!message?.images?.length || !message.content) throw new Error("no image or text made");

    await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [
        { role: "user", content: "A lighthouse" },
        message,
        { role: "user", content: "Make it night" },
      ],
    });

    expect(gateway.calls[1]?.body).toMatchObject({
      messages: [
        {},
        {
          role: "assistant",
          content: [
            { type: "text", text: message.content },
            ...message.images.map((image) => ({ type: "image_url", image_url: image.image_url })),
          ],
        },
        {},
      ],
    });
    expect(gateway.calls[1]?.body).not.toHaveProperty("messages.1.images");
  });

  it("checks an assistant image given in another form than the model's own URLs", async () => {
    const png = await pngOf(8, 8);
    const assistant = (url: string) => ({
      model: "gemini-3-pro-image-preview",
      messages: [
        {
          role: "assistant" as const,
          content: null,
          images: [{ type: "image_url" as const, image_url: { url } }],
        },
        { role: "user" as const, content: "bluer" },
      ],
    });

    await client().chat.completions.create(assistant(encodeBase64(png)));
    const error = await caught(() =>
      client().chat.completions.create(assistant("http://images.example.test/a.png")),
    );

    expect(gateway.calls[0]?.body).toMatchObject({
      messages: [
        { content: [{ image_url: { url: `data:image/png;base64,${encodeBase64(png)}` } }] },
        {},
      ],
    });
    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages.0.images.0.image_url.url",
        message: expect.stringContaining("only https URLs"),
      },
    ]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("checks an assistant turn's https image URL as a user's: a malformed one is refused by name, spaces around one are dropped", async () => {
    const conversation = (earlier: { content?: string; images?: string }) => ({
      model: "gemini-3-pro-image-preview",
      messages: [
        { role: "user" as const, content: "a fox" },
        {
          role: "assistant" as const,
          content:
            earlier.content === undefined
              ? null
              : [{ type: "image_url" as const, image_url: { url: earlier.content } }],
          ...(earlier.images === undefined
            ? {}
            : { images: [{ type: "image_url" as const, image_url: { url: earlier.images } }] }),
        },
        { role: "user" as const, content: "bluer" },
      ],
    });

    const error = await caught(() =>
      client().chat.completions.create(
        conversation({
          content: "https://images example.test/fox.png",
          images: "https://",
        }),
      ),
    );
    // Pasted from a text field or a file: no part of the URL, as for a user's image.
    await client().chat.completions.create(
      conversation({ images: " https://images.example.test/fox.png\n" }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages.1.content.0.image_url.url",
        message: '"https://images example.test/fox.png" is not a valid URL',
      },
      { path: "messages.1.images.0.image_url.url", message: '"https://" is not a valid URL' },
    ]);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.body).toMatchObject({
      messages: [
        {},
        {
          content: [
            { type: "image_url", image_url: { url: "https://images.example.test/fox.png" } },
          ],
        },
        {},
      ],
    });
  });

  it("refuses images on a user message (untyped code): the gateway reads a user's images from its content only", async () => {
    const url = `data:image/png;base64,${encodeBase64(await pngOf(8, 8))}`;
    const body = {
      model: "gemini-3-pro-image-preview",
      messages: [
        {
          role: "user",
          content: "make it blue",
          images: [{ type: "image_url", image_url: { url } }],
        },
      ],
    };
    const error = await caught(() =>
      client().chat.completions.create(JSON.parse(JSON.stringify(body))),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages.0.images",
        message:
          "only an assistant message takes images: put them in its content as image_url parts",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("takes images: [] or null on a user message (code that builds every message alike): nothing is lost", async () => {
    const messages = [
      { role: "user", content: "a fox", images: [] },
      { role: "user", content: "in the snow", images: null },
    ];
    const body = { model: "gemini-3-pro-image-preview", messages };
    await client().chat.completions.create(JSON.parse(JSON.stringify(body)));
    expect(gateway.calls).toHaveLength(1);
  });

  it("sends the model's earlier data-URL images back as they came, image/jpg as image/jpeg", async () => {
    const png = `data:image/png;base64,${encodeBase64(await pngOf(64, 48))}`;
    const jpeg = encodeBase64(jpegOf(64, 48));
    await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [
        { role: "user", content: "a fox" },
        {
          role: "assistant",
          content: null,
          images: [
            { type: "image_url", image_url: { url: png } },
            { type: "image_url", image_url: { url: `data:image/jpg;base64,${jpeg}` } },
          ],
        },
        { role: "user", content: "bluer" },
      ],
    });

    expect(gateway.calls[0]?.body).toMatchObject({
      messages: [
        {},
        {
          content: [
            { type: "image_url", image_url: { url: png } },
            { type: "image_url", image_url: { url: `data:image/jpeg;base64,${jpeg}` } },
          ],
        },
        {},
      ],
    });
  });

  it("refuses an assistant image that is a data URL of something else than it declares, naming it", async () => {
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [
          {
            role: "assistant",
            content: null,
            images: [{ type: "image_url", image_url: { url: "data:image/png;base64,aGk=" } }],
          },
          { role: "user", content: "bluer" },
        ],
      }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages.0.images.0.image_url.url",
        message: expect.stringContaining(
          "not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF",
        ),
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it.each([
    ["an empty user message", { role: "user", content: "" }, "an empty string"],
    ["a user message of whitespace", { role: "user", content: "  \n\t" }, "only whitespace"],
    [
      "a user message whose only part is empty text",
      { role: "user", content: [{ type: "text", text: "" }] },
      "only whitespace or empty text parts",
    ],
  ] as const)("refuses %s, naming its content", async (_, message, says) => {
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "A lighthouse" }, message],
      }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "messages.1.content",
        message: expect.stringMatching(
          new RegExp(`^a user message needs text or an image; this one has ${says}`),
        ),
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it('an empty system message is sent (system: "" from a settings field is no mistake)', async () => {
    await client().chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [
        { role: "system", content: "" },
        { role: "user", content: "A lighthouse" },
      ],
    });
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
  });

  it("refuses keys that would have no effect: per-call options, near misses, and any key image_config does not name", async () => {
    const error = await caught(() =>
      client().chat.completions.create(
        JSON.parse(
          '{"model": "gemini-3-pro-image-preview", "messages": [{"role": "user", "content": "A lighthouse"}], "maxTokens": 10, "timeout": 5, "image_config": {"aspectRatio": "16:9", "size": "2K"}}',
        ),
      ),
    );

    const issues = RequestValidationError.isInstance(error) ? error.issues : [];
    expect(issues.map((issue) => issue.path)).toEqual([
      "maxTokens",
      "timeout",
      "image_config.aspectRatio",
      "image_config.size",
    ]);
    expect(issues[0]?.message).toBe("Unknown parameter (did you mean max_tokens?)");
    expect(issues[1]?.message).toBe(
      "timeout is a per-call option, not a parameter: pass it as the second argument, chat.completions.create(params, { timeout })",
    );
    expect(issues[2]?.message).toBe(
      "Unknown parameter (did you mean aspect_ratio?); image_config takes aspect_ratio, image_size, image_quality, seed, n, moderation",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses image options outside image_config, which the gateway reads there only (aspect_ratio, the images API's size and quality, n)", async () => {
    // Built apart from the call, as a request moved over from images.generate: it compiles.
    const imageOptions = { aspect_ratio: "16:9", size: "2K", quality: "high", n: 2 };
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "A lighthouse" }],
        ...imageOptions,
      }),
    );

    const issues = RequestValidationError.isInstance(error) ? error.issues : [];
    expect(issues.map((issue) => issue.path)).toEqual(["aspect_ratio", "size", "quality", "n"]);
    expect(issues.map((issue) => issue.message)).toEqual([
      "Unknown parameter (did you mean image_config.aspect_ratio?)",
      "Unknown parameter (did you mean image_config.image_size?)",
      "Unknown parameter (did you mean image_config.image_quality?)",
      "Unknown parameter (did you mean image_config.n?)",
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses a camelCase image option at the top level, naming its image_config field", async () => {
    const error = await caught(() =>
      client().chat.completions.create(
        JSON.parse(
          '{"model": "gemini-3-pro-image-preview", "messages": [{"role": "user", "content": "A lighthouse"}], "aspectRatio": "16:9"}',
        ),
      ),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "aspectRatio",
        message: "Unknown parameter (did you mean image_config.aspect_ratio?)",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("sends a top-level n for a model the catalog does not know (OpenAI-compatible servers read it as choices)", async () => {
    // The mock gateway serves no such model (404): what matters is what was sent.
    await caught(() =>
      client().chat.completions.create(
        JSON.parse(
          '{"model": "acme/chat-model", "messages": [{"role": "user", "content": "Hi"}], "n": 2}',
        ),
      ),
    );
    expect(gateway.calls[0]?.body).toMatchObject({ n: 2 });
  });

  it("sends top-level fields the spec does not name, as OpenAI-compatible gateways take more (top_k, safety_identifier)", async () => {
    await client().chat.completions.create(
      JSON.parse(
        '{"model": "gemini-3-pro-image-preview", "messages": [{"role": "user", "content": "A lighthouse"}], "top_k": 40, "safety_identifier": "user-1"}',
      ),
    );
    expect(gateway.calls[0]?.body).toMatchObject({ top_k: 40, safety_identifier: "user-1" });
  });

  it.each([
    ["", "model is empty"],
    ["  ", "model is only whitespace"],
  ])("refuses the model %j, naming model", async (model, says) => {
    const error = await caught(() => client().chat.completions.create({ ...params, model }));

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      { path: "model", message: expect.stringContaining(says) },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it.each([
    ["an http URL", "http://images.example.test/a.png", "only https URLs"],
    [
      "a data URL of text",
      "data:text/plain;base64,aGVsbG8=",
      "not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF",
    ],
    [
      "base64 of text",
      "aGVsbG8gd29ybGQh",
      "not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF",
    ],
    ["bytes of text", notAnImage, "not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF"],
  ])("refuses %s in a user's image part before sending, naming the part", async (_, url, says) => {
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [
          {
            role: "user",
            content: [
              { type: "image_url", image_url: { url } },
              { type: "text", text: "blue" },
            ],
          },
        ],
      }),
    );
    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      { path: "messages.0.content.0.image_url.url", message: expect.stringContaining(says) },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it.each([
    ['{"model": "gemini-3-pro-image-preview", "messages": [null]}'],
    ['{"model": "gemini-3-pro-image-preview", "messages": [{"role": "user", "content": [null]}]}'],
    [
      '{"model": "gemini-3-pro-image-preview", "messages": [{"role": "assistant", "content": null, "images": "x"}]}',
    ],
  ])(
    "refuses malformed messages from untyped code with RequestValidationError: %s",
    async (json) => {
      const error = await caught(() => client().chat.completions.create(JSON.parse(json)));
      expect(RequestValidationError.isInstance(error)).toBe(true);
      expect(gateway.calls).toHaveLength(0);
    },
  );

  it("refuses input images that add up to more than one request may carry", async () => {
    // An image header, then 12 MiB: three of them are 48 MiB as base64.
    const large = new Uint8Array(12 * 1024 * 1024);
    large.set(await pngOf(8, 8));
    const error = await caught(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [
          {
            role: "user",
            content: [large, large, large].map((url) => ({
              type: "image_url" as const,
              image_url: { url },
            })),
          },
        ],
      }),
    );
    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      { path: "messages", message: expect.stringContaining("the input images add up to 48.1 MiB") },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("sends image_config for a model the catalog does not know unchecked", async () => {
    server.use(
      http.post(`${baseURL}/chat/completions`, () => HttpResponse.json(providerCompletion(null))),
    );

    const completion = await client().chat.completions.create({
      model: "my-org/custom-model",
      messages: [{ role: "user", content: "hi" }],
      image_config: { aspect_ratio: "7:3" },
    });

    expect(completion.choices[0]?.message.content).toBe("done");
  });
});

/** A completion as the gateway relays it from a provider that answers with image URLs. */
function providerCompletion(imageURL: string | null): ChatCompletion {
  return {
    id: "chatcmpl-provider",
    object: "chat.completion",
    created: 1_760_000_000,
    model: "zai/cogview-4",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: "done",
          ...(imageURL ? { images: [{ type: "image_url", image_url: { url: imageURL } }] } : {}),
        },
        finish_reason: "stop",
      },
    ],
  };
}
