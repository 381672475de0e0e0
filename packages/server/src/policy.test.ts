import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  browserPost,
  errorOf,
  mountURL,
  pngDataUrl,
  pngHeaderDataUrl,
  serverKey,
  upstreamURL,
  useUpstreamGateway,
} from "./__fixtures__/handler-fixtures";
import {
  type AuthorizeResult,
  createPictorHandler,
  type PictorCall,
  type PictorPolicy,
} from "./index";

const { gateway, server } = useUpstreamGateway();

const withPolicy = (policy: PictorPolicy) =>
  createPictorHandler({ apiKey: serverKey, baseURL: upstreamURL, policy });
const generate = (body: Record<string, unknown>) =>
  browserPost("/images/generations", { prompt: "a lighthouse", ...body });
const chat = (body: Record<string, unknown>) =>
  browserPost("/chat/completions", { messages: [{ role: "user", content: "a fox" }], ...body });
/** A user turn that shows an image (`url`) and says `text` about it. */
const userAsksAbout = (url: string, text: string) => ({
  role: "user",
  content: [
    { type: "image_url", image_url: { url } },
    { type: "text", text },
  ],
});

describe("allowedOperations", () => {
  const handler = withPolicy({ allowedOperations: ["generate"] });

  it("forwards an allowed operation", async () => {
    const response = await handler(generate({ model: "gemini-3.1-flash-image" }));

    expect(response.status).toBe(200);
    expect(gateway.calls).toHaveLength(1);
  });

  it.each([
    [
      "edit",
      () =>
        browserPost("/images/edits", {
          prompt: "x",
          images: [{ image_url: pngHeaderDataUrl(8, 8) }],
        }),
    ],
    ["chat", () => chat({ model: "gemini-3.1-flash-image" })],
    ["models", () => new Request(`${mountURL}/models`)],
  ])("refuses %s with 403 and forwards nothing", async (operation, request) => {
    const response = await handler(request());

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      message: `Operation "${operation}" is not allowed by this server`,
      code: "operation_not_allowed",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("refuses at start-up an operation the handler does not serve, which would refuse every call", () => {
    expect(() => withPolicy({ allowedOperations: ["generations" as "generate"] })).toThrow(
      /allowedOperations takes generate, edit, chat, models; got "generations"/,
    );
  });
});

describe("allowedModels", () => {
  it("allows the bare id when the pinned id is listed", async () => {
    const handler = withPolicy({ allowedModels: ["alibaba/qwen-image-3.0"] });

    const response = await handler(generate({ model: "qwen-image-3.0" }));

    expect(response.status).toBe(200);
    expect(gateway.calls[0]?.body).toMatchObject({ model: "qwen-image-3.0" });
  });

  it("allows the pinned id when the bare id is listed", async () => {
    const handler = withPolicy({ allowedModels: ["gemini-3.1-flash-image"] });

    const response = await handler(generate({ model: "google-vertex/gemini-3.1-flash-image" }));

    expect(response.status).toBe(200);
  });

  it.each([
    ["another catalog model", { model: "bytedance/seedream-4-5" }, "bytedance/seedream-4-5"],
    ["no model (the gateway's auto)", {}, "auto"],
    ["a model outside the catalog", { model: "acme/painter" }, "acme/painter"],
  ])("refuses %s with 403 naming param model", async (_name, body, model) => {
    const handler = withPolicy({ allowedModels: ["gemini-3.1-flash-image"] });

    const response = await handler(generate(body));

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`"${model}" is not allowed`),
      param: "model",
      code: "model_not_allowed",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("applies to edits and chat completions too", async () => {
    const handler = withPolicy({ allowedModels: ["gemini-3.1-flash-image"] });

    const edit = await handler(
      browserPost("/images/edits", {
        model: "bytedance/seedream-4-5",
        prompt: "x",
        images: [{ image_url: pngHeaderDataUrl(8, 8) }],
      }),
    );
    const refused = await handler(chat({ model: "gpt-4o" }));
    const allowed = await handler(chat({ model: "gemini-3.1-flash-image" }));

    expect([edit.status, refused.status, allowed.status]).toEqual([403, 403, 200]);
    expect(gateway.calls.map((call) => call.operation)).toEqual(["createChatCompletion"]);
  });

  it("lists only the allowed models", async () => {
    const handler = withPolicy({
      allowedModels: ["gemini-3.1-flash-image", "alibaba/qwen-image-3.0"],
    });

    const response = await handler(new Request(`${mountURL}/models`));
    const mapped = await handler(new Request(`${mountURL}/models?mapped=true`));

    const ids = ((await response.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    const mappedIds = ((await mapped.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids.sort()).toEqual(["gemini-3.1-flash-image", "qwen-image-3.0"]);
    expect(mappedIds).toContain("alibaba/qwen-image-3.0");
    expect(mappedIds).toContain("google-vertex/gemini-3.1-flash-image");
    expect(
      mappedIds.every(
        (id) => id.endsWith("gemini-3.1-flash-image") || id.endsWith("qwen-image-3.0"),
      ),
    ).toBe(true);
  });
});

describe("maxN", () => {
  const handler = withPolicy({ maxN: 2 });

  it("forwards n up to the limit", async () => {
    const response = await handler(generate({ model: "alibaba/qwen-image-3.0", n: 2 }));

    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  it("refuses n over the limit with 400 param n", async () => {
    const response = await handler(generate({ model: "alibaba/qwen-image-3.0", n: 3 }));

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ param: "n", code: "max_n_exceeded" });
    expect(gateway.calls).toEqual([]);
  });

  it("refuses edits and chat image_config.n over the limit", async () => {
    const edit = await handler(
      browserPost("/images/edits", {
        model: "alibaba/qwen-image-3.0",
        prompt: "x",
        n: 3,
        images: [{ image_url: pngHeaderDataUrl(8, 8) }],
      }),
    );
    const chatResponse = await handler(
      chat({ model: "alibaba/qwen-image-3.0", image_config: { n: 4 } }),
    );

    expect((await errorOf(edit)).param).toBe("n");
    expect((await errorOf(chatResponse)).param).toBe("image_config.n");
    expect(gateway.calls).toEqual([]);
  });
});

describe("maxPixels", () => {
  const handler = withPolicy({ maxPixels: 1024 * 1024 });

  it.each([
    ["a WxH size at the limit", { model: "alibaba/qwen-image-3.0", size: "1024x1024" }],
    ["a 1K tier", { model: "gemini-3.1-flash-image", size: "1K" }],
    [
      "a 1K tier shaped 1:4 (Google makes 512x2048, the limit exactly)",
      { model: "gemini-3.1-flash-image", size: "1K", aspect_ratio: "1:4" },
    ],
    ["the model's default size", { model: "gemini-3.1-flash-image" }],
  ])("forwards %s", async (_name, body) => {
    const response = await handler(generate(body));

    expect(response.status).toBe(200);
  });

  it.each([
    [
      "a WxH size over the limit",
      { model: "alibaba/qwen-image-3.0", size: "1024x1536" },
      1024 * 1536,
    ],
    ["a 2K tier", { model: "gemini-3.1-flash-image", size: "2K" }, 2048 * 2048],
    [
      "a 4K tier shaped 16:9",
      { model: "gemini-3.1-flash-image", size: "4K", aspect_ratio: "16:9" },
      5504 * 3072,
    ],
    [
      // Google's 1K is a little over 1024² in most shapes: its table, not the tier's square.
      "a 1K tier shaped 16:9 (Google makes 1376x768)",
      { model: "gemini-3.1-flash-image", size: "1K", aspect_ratio: "16:9" },
      1376 * 768,
    ],
  ])("refuses %s with 400 param size", async (_name, body, pixels) => {
    const response = await handler(generate(body));

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`${pixels} pixels`),
      param: "size",
      code: "max_pixels_exceeded",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("counts a Grok size beside an aspect ratio of another shape as the gateway makes it: the ratio's shape at the size's 1k or 2k resolution", async () => {
    // 1600x256 holds 409,600 pixels, but its longest edge makes it 2k: 2048x2048 at 1:1.
    const larger = await handler(
      generate({ model: "xai/grok-imagine-image", size: "1600x256", aspect_ratio: "1:1" }),
    );
    const viaChat = await handler(
      chat({
        model: "xai/grok-imagine-image",
        image_config: { image_size: "1600x256", aspect_ratio: "1:1" },
      }),
    );
    // 1024x1536 holds more than 1024² pixels, but it is 1k: 1360x768 at 16:9.
    const smaller = await handler(
      generate({ model: "xai/grok-imagine-image", size: "1024x1536", aspect_ratio: "16:9" }),
    );

    expect(await errorOf(larger)).toMatchObject({
      message: expect.stringContaining(`${2048 * 2048} pixels`),
      param: "size",
      code: "max_pixels_exceeded",
    });
    expect(await errorOf(viaChat)).toMatchObject({
      message: expect.stringContaining(`${2048 * 2048} pixels`),
      param: "image_config.image_size",
    });
    expect(smaller.status).toBe(200);
    expect(gateway.calls).toHaveLength(1);
  });

  it("refuses a model whose default size is over the limit", async () => {
    const small = withPolicy({ maxPixels: 512 * 512 });

    const response = await small(generate({ model: "gemini-3.1-flash-image" }));

    expect(response.status).toBe(400);
    expect(gateway.calls).toEqual([]);
  });

  it("counts chat image_config.image_size and aspect_ratio", async () => {
    const refused = await handler(
      chat({ model: "gemini-3.1-flash-image", image_config: { image_size: "4K" } }),
    );
    const allowed = await handler(
      chat({
        model: "gemini-3.1-flash-image",
        image_config: { image_size: "1K", aspect_ratio: "1:1" },
      }),
    );

    expect(await errorOf(refused)).toMatchObject({ param: "image_config.image_size" });
    expect(allowed.status).toBe(200);
    expect(gateway.calls).toHaveLength(1);
  });

  it("counts an edit without size at its input image's size, where the model makes that size", async () => {
    const tooLarge = await handler(
      browserPost("/images/edits", {
        model: "alibaba/qwen-image-3.0",
        prompt: "x",
        images: [{ image_url: pngHeaderDataUrl(2048, 1536) }],
      }),
    );
    const resized = await handler(
      browserPost("/images/edits", {
        model: "gemini-3.1-flash-image",
        prompt: "x",
        size: "1K",
        // Square: at 1K, Google's other shapes are a little over 1024² (3:2 is 1264x848).
        images: [{ image_url: await pngDataUrl(64, 64) }],
      }),
    );

    expect(await errorOf(tooLarge)).toMatchObject({
      message: expect.stringContaining(`${2048 * 1536} pixels`),
      param: "size",
    });
    expect(resized.status).toBe(200);
    expect(gateway.calls).toHaveLength(1);
  });

  it("counts an edit without size of a small input at the size the model makes of it (Seedream 5.0 Pro: its 2K default)", async () => {
    const response = await handler(
      browserPost("/images/edits", {
        model: "bytedance/seedream-5-0-pro",
        prompt: "x",
        images: [{ image_url: pngHeaderDataUrl(256, 256) }],
      }),
    );

    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`${2048 * 2048} pixels`),
      code: "max_pixels_exceeded",
      param: "size",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("counts a chat refinement at the latest image of the conversation", async () => {
    const response = await handler(
      chat({
        model: "tencent/hy-image-v3.5-preview",
        messages: [
          userAsksAbout(pngHeaderDataUrl(64, 64), "a fox"),
          {
            role: "assistant",
            content: [{ type: "image_url", image_url: { url: pngHeaderDataUrl(4096, 4096) } }],
          },
          { role: "user", content: "bluer" },
        ],
      }),
    );

    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`${4096 * 4096} pixels`),
    });
    expect(gateway.calls).toEqual([]);
  });

  it.each([
    ["a parameter", (url: string) => url.replace(";base64,", ";name=a.png;base64,")],
    ["a space after data:", (url: string) => url.replace("data:", "data: ")],
  ])("measures a chat image whose data URL has %s, as the gateway reads it", async (_, form) => {
    const response = await handler(
      chat({
        model: "tencent/hy-image-v3.5-preview",
        messages: [userAsksAbout(form(pngHeaderDataUrl(4096, 4096)), "bluer")],
      }),
    );

    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`${4096 * 4096} pixels`),
      code: "max_pixels_exceeded",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("counts a chat with model auto as an image request (the gateway may route it to one)", async () => {
    const rateLimit = vi.fn((_request: Request, _call: PictorCall) => undefined);
    const counted = withPolicy({ maxPixels: 1024 * 1024, rateLimit });
    const refused = await counted(
      chat({
        model: "auto",
        image_config: { image_size: "2K" },
        messages: [userAsksAbout(pngHeaderDataUrl(4096, 4096), "bluer")],
      }),
    );
    await counted(chat({ model: "auto" }));

    expect(refused.status).toBe(400);
    expect(rateLimit.mock.calls.map(([, call]) => [call.operation, call.n])).toEqual([["chat", 1]]);
  });

  it.each([
    [
      "an edit without a model",
      "/images/edits",
      { prompt: "x", images: [{ image_url: pngHeaderDataUrl(8, 8) }] },
    ],
    [
      "an edit with model auto",
      "/images/edits",
      { model: "auto", prompt: "x", images: [{ image_url: pngHeaderDataUrl(8, 8) }] },
    ],
    [
      "a chat refinement with model auto",
      "/chat/completions",
      { model: "auto", messages: [userAsksAbout(pngHeaderDataUrl(8, 8), "bluer")] },
    ],
  ])(
    "counts %s as the model auto routes to (Gemini 3 Pro Image makes 1024x1024 of an 8x8 input)",
    async (_name, path, body) => {
      const small = withPolicy({ maxPixels: 512 * 512 });

      const response = await small(browserPost(path, body));

      expect(await errorOf(response)).toMatchObject({
        message: expect.stringContaining(`${1024 * 1024} pixels`),
        code: "max_pixels_exceeded",
      });
      expect(gateway.calls).toEqual([]);
    },
  );

  it.each([
    [
      "a generation without size",
      "/images/generations",
      { model: "acme/image-9", prompt: "x" },
      "size",
    ],
    [
      'a generation with size "auto"',
      "/images/generations",
      { model: "acme/image-9", prompt: "x", size: "auto" },
      "size",
    ],
    [
      "an edit without size",
      "/images/edits",
      { model: "acme/image-9", prompt: "x", images: [{ image_url: pngHeaderDataUrl(512, 512) }] },
      "size",
    ],
    [
      "a chat with image_config but no image_size",
      "/chat/completions",
      {
        model: "acme/image-9",
        image_config: { aspect_ratio: "16:9" },
        messages: [{ role: "user", content: "a fox" }],
      },
      "image_config.image_size",
    ],
  ])(
    "refuses %s to a model outside the catalog, whose default size nothing tells (it may be 4K)",
    async (_name, path, body, param) => {
      const capped = withPolicy({ maxPixels: 1024 * 1024 });

      const response = await capped(browserPost(path, body));

      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        message: expect.stringContaining(
          'model "acme/image-9" is not in @pictor/server\'s catalog',
        ),
        param,
        code: "max_pixels_exceeded",
      });
      expect(gateway.calls).toEqual([]);
    },
  );

  it("counts a model outside the catalog by the size it is sent, in pixels or as a tier", async () => {
    const rateLimit = vi.fn((_request: Request, _call: PictorCall) => undefined);
    const capped = withPolicy({ maxPixels: 1024 * 1024, rateLimit });

    await capped(generate({ model: "acme/image-9", size: "1024x1024" }));
    const tier = await capped(generate({ model: "acme/image-9", size: "2K" }));

    expect(rateLimit.mock.calls.map(([, call]) => call.pixels)).toEqual([1024 * 1024]);
    expect(await errorOf(tier)).toMatchObject({ code: "max_pixels_exceeded", param: "size" });
  });

  it("does not count a text-only chat with a model outside the catalog", async () => {
    const { http, HttpResponse } = await import("msw");
    const seen = vi.fn();
    server.use(
      http.post(`${upstreamURL}/chat/completions`, async ({ request }) => {
        seen(await request.json());
        return HttpResponse.json({
          id: "c",
          object: "chat.completion",
          created: 0,
          model: "acme/text",
          choices: [],
        });
      }),
    );
    const strict = withPolicy({ maxPixels: 1 });

    const response = await strict(chat({ model: "acme/text" }));

    expect(response.status).toBe(200);
    expect(seen).toHaveBeenCalledOnce();
  });

  it.each([
    [
      "a generation whose aspect_ratio the model ignores (made at its 2048x2048 default)",
      "/images/generations",
      { model: "qwen-image-3.0-pro", prompt: "x", aspect_ratio: "1:1" },
    ],
    [
      "an edit whose size the model ignores (made at the input's 3000x3000)",
      "/images/edits",
      {
        model: "reve-create",
        prompt: "x",
        size: "16x16",
        images: [{ image_url: pngHeaderDataUrl(3000, 3000) }],
      },
    ],
    [
      "an edit whose aspect_ratio the model ignores (made at the input's 2048x2048)",
      "/images/edits",
      {
        model: "gpt-image-2",
        prompt: "x",
        aspect_ratio: "1:1",
        images: [{ image_url: pngHeaderDataUrl(2048, 2048) }],
      },
    ],
    [
      "a chat refinement whose aspect_ratio the model ignores",
      "/chat/completions",
      {
        model: "gpt-image-2",
        image_config: { aspect_ratio: "1:1" },
        messages: [userAsksAbout(pngHeaderDataUrl(2048, 2048), "bluer")],
      },
    ],
    [
      "a chat refinement with image_size \"auto\" (made at the model's 2048x2048 default, not its 16x16 input's size)",
      "/chat/completions",
      {
        model: "qwen-image-3.0-pro",
        image_config: { image_size: "auto" },
        messages: [userAsksAbout(pngHeaderDataUrl(16, 16), "bluer")],
      },
    ],
  ])("refuses %s: an option the gateway drops hides no pixels", async (_name, path, body) => {
    const response = await handler(browserPost(path, body));

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "max_pixels_exceeded" });
    expect(gateway.calls).toEqual([]);
  });

  it('counts a chat refinement with image_size "auto" at the default tier in its input\'s shape (Seedream 4.0 makes 2896x1456 of a 2000x1000 input, above 2048x2048)', async () => {
    const atTwoK = withPolicy({ maxPixels: 2048 * 2048 });

    const response = await atTwoK(
      chat({
        model: "bytedance/seedream-4-0",
        image_config: { image_size: "auto" },
        messages: [userAsksAbout(pngHeaderDataUrl(2000, 1000), "bluer")],
      }),
    );

    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`${2896 * 1456} pixels`),
      code: "max_pixels_exceeded",
    });
    expect(gateway.calls).toEqual([]);
  });

  it.each([
    [
      'a generation with size "auto"',
      "/images/generations",
      { model: "gpt-image-2", prompt: "x", size: "auto" },
      "size",
    ],
    [
      "a generation without size",
      "/images/generations",
      { model: "openai/gpt-image-2", prompt: "x" },
      "size",
    ],
    [
      'an edit with size "auto" of a small input',
      "/images/edits",
      {
        model: "gpt-image-2.5-flare",
        prompt: "x",
        size: "auto",
        images: [{ image_url: pngHeaderDataUrl(1024, 1024) }],
      },
      "size",
    ],
    [
      'a chat with image_size "auto"',
      "/chat/completions",
      {
        model: "azure/gpt-image-2",
        image_config: { image_size: "auto" },
        messages: [{ role: "user", content: "a fox" }],
      },
      "image_config.image_size",
    ],
  ])(
    "counts GPT Image's %s at the largest size the model may pick (8,294,400 pixels), not its usual 1024x1024",
    async (_name, path, body, param) => {
      const atTwoK = withPolicy({ maxPixels: 2048 * 2048 });

      const response = await atTwoK(browserPost(path, body));

      expect(await errorOf(response)).toMatchObject({
        message: expect.stringContaining(
          `${3840 * 2160} pixels; this server allows at most ${2048 * 2048} per image. Without a size (or with "auto") the model picks one`,
        ),
        param,
        code: "max_pixels_exceeded",
      });
      expect(gateway.calls).toEqual([]);
    },
  );

  it("forwards GPT Image's \"auto\" under a limit as large as the model's largest size, and a set size under a smaller one", async () => {
    const atLargest = withPolicy({ maxPixels: 3840 * 2160 });
    const atTwoK = withPolicy({ maxPixels: 2048 * 2048 });

    const auto = await atLargest(generate({ model: "gpt-image-2", size: "auto" }));
    const sized = await atTwoK(generate({ model: "gpt-image-2", size: "1536x1024" }));

    expect([auto.status, sized.status]).toEqual([200, 200]);
  });

  it("still counts the size a model honours on an edit", async () => {
    const response = await handler(
      browserPost("/images/edits", {
        model: "gemini-3.1-flash-image",
        prompt: "x",
        size: "1K",
        images: [{ image_url: pngHeaderDataUrl(3000, 3000) }],
      }),
    );

    expect(response.status).toBe(200);
  });
});

describe("allowedQualities and allowedServiceTiers", () => {
  const handler = withPolicy({
    allowedQualities: ["low", "medium"],
    allowedServiceTiers: ["default", "flex"],
  });

  it.each([
    ["a quality listed", { model: "gpt-image-2", size: "1024x1024", quality: "low" }],
    [
      "standard, which the gateway sends as medium",
      { model: "gpt-image-2", size: "1024x1024", quality: "standard" },
    ],
    ["no quality to a model without a quality setting", { model: "gemini-3.1-flash-image" }],
    ["a service tier listed", { model: "gemini-3.1-flash-image", service_tier: "flex" }],
  ])("forwards %s", async (_name, body) => {
    const response = await handler(generate(body));

    expect(response.status).toBe(200);
  });

  it.each([
    [
      "a quality not listed",
      "/images/generations",
      { model: "gpt-image-2", size: "1024x1024", quality: "high", prompt: "x" },
      "quality",
      '"high"',
    ],
    [
      "hd, which the gateway sends as high",
      "/images/generations",
      { model: "gpt-image-2", size: "1024x1024", quality: "hd", prompt: "x" },
      "quality",
      '"high"',
    ],
    [
      "no quality to a model with a quality setting (the provider's auto, which may be its highest)",
      "/images/generations",
      { model: "gpt-image-2", size: "1024x1024", prompt: "x" },
      "quality",
      '"auto"',
    ],
    [
      "a chat image_quality not listed",
      "/chat/completions",
      {
        model: "xai/grok-imagine-image-2-0",
        image_config: { image_quality: "high" },
        messages: [{ role: "user", content: "a fox" }],
      },
      "image_config.image_quality",
      '"high"',
    ],
  ])("refuses %s with 403 quality_not_allowed", async (_name, path, body, param, quality) => {
    const response = await handler(browserPost(path, body));

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      message: expect.stringContaining(`quality ${quality}`),
      param,
      code: "quality_not_allowed",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("refuses a service tier not listed with 403 service_tier_not_allowed", async () => {
    const response = await handler(
      generate({ model: "gemini-3.1-flash-image", service_tier: "priority" }),
    );

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      param: "service_tier",
      code: "service_tier_not_allowed",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("refuses at start-up a quality or tier the gateway does not take", () => {
    expect(() => withPolicy({ allowedQualities: ["hight" as "high"] })).toThrow(
      /allowedQualities takes standard, hd, low, medium, high, xhigh, max, auto; got "hight"/,
    );
    expect(() => withPolicy({ allowedServiceTiers: ["fast" as "flex"] })).toThrow(
      /allowedServiceTiers takes auto, default, flex, priority; got "fast"/,
    );
  });
});

describe("a policy value of the wrong type", () => {
  it("refuses at start-up a list given as one string, saying to write a list", () => {
    expect(() => withPolicy({ allowedOperations: "generate" as unknown as ["generate"] })).toThrow(
      'createPictorHandler: policy.allowedOperations must be a list such as ["generate"], got the string "generate"',
    );
    expect(() => withPolicy({ allowedQualities: "high" as unknown as ["high"] })).toThrow(
      'createPictorHandler: policy.allowedQualities must be a list such as ["high"], got the string "high"',
    );
    expect(() =>
      withPolicy({
        allowedModels: "bytedance/seedream-4-5" as unknown as ["bytedance/seedream-4-5"],
      }),
    ).toThrow(
      'createPictorHandler: policy.allowedModels must be a list such as ["bytedance/seedream-4-5"], got the string "bytedance/seedream-4-5"',
    );
  });

  it("says a number given as a string is a string", () => {
    expect(() => withPolicy({ maxN: "2" as unknown as number })).toThrow(
      'createPictorHandler: policy.maxN must be a positive integer, got the string "2"',
    );
  });

  it("refuses at start-up a hook that is not a function, which would refuse every call", () => {
    expect(() => withPolicy({ authorize: true as unknown as () => true })).toThrow(
      "createPictorHandler: policy.authorize must be a function of the request, got boolean",
    );
    expect(() =>
      withPolicy({ rateLimit: { max: 10 } as unknown as PictorPolicy["rateLimit"] }),
    ).toThrow(
      "createPictorHandler: policy.rateLimit must be a function of the request and call, got object",
    );
  });
});

describe("authorize", () => {
  it("forwards when it answers true, and sees the browser's cookies", async () => {
    const authorize = vi.fn((request: Request) => request.headers.get("cookie") === "session=ok");
    const handler = withPolicy({ authorize });

    const response = await handler(generate({ model: "gemini-3.1-flash-image" }));
    const signedIn = await handler(
      browserPost(
        "/images/generations",
        { prompt: "x", model: "gemini-3.1-flash-image" },
        { cookie: "session=ok" },
      ),
    );

    expect(response.status).toBe(401);
    expect(signedIn.status).toBe(200);
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(gateway.calls).toHaveLength(1);
  });

  it("answers 401 in the gateway's format for false, before reading the body", async () => {
    const handler = withPolicy({ authorize: () => false });
    const request = generate({ model: "gemini-3.1-flash-image" });

    const response = await handler(request);

    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({
      type: "invalid_request_error",
      code: "unauthorized",
    });
    expect(request.bodyUsed).toBe(false);
    expect(gateway.calls).toEqual([]);
  });

  it("logs what it threw with the request id, for the server's owner only", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const down = new Error("session store at 10.0.0.5 is down");
    const handler = withPolicy({
      authorize: () => {
        throw down;
      },
    });

    const request = generate({});
    request.headers.set("x-request-id", "req_authorize_1");

    const response = await handler(request);

    expect(response.status).toBe(403);
    expect(response.headers.get("x-request-id")).toBe("req_authorize_1");
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain(
      "policy.authorize threw (x-request-id req_authorize_1)",
    );
    expect(log.mock.calls[0]?.[1]).toBe(down);
  });

  it("answers 403 when it throws (fail closed), without the error's text", async () => {
    const handler = withPolicy({
      authorize: async () => {
        throw new Error("session store at 10.0.0.5 is down");
      },
    });

    const response = await handler(generate({}));

    expect(response.status).toBe(403);
    const error = await errorOf(response);
    expect(error.code).toBe("permission_denied");
    expect(error.message).not.toContain("10.0.0.5");
    expect(gateway.calls).toEqual([]);
  });

  it("answers the status and message it returns", async () => {
    const handler = withPolicy({
      authorize: () => ({ status: 403, message: "Your plan does not include image generation" }),
    });

    const response = await handler(generate({}));

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      message: "Your plan does not include image generation",
      code: "permission_denied",
    });
  });

  it.each([
    ["a session object", { user: "u_1", token: "session-secret-7" }],
    ["null", null],
    ["a status without a message", { status: 401 }],
  ])(
    "refuses with 403, never 200, and logs why when it answers %s (JavaScript, or a cast)",
    async (_, verdict) => {
      const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
      onTestFinished(() => log.mockRestore());
      const handler = withPolicy({ authorize: () => verdict as AuthorizeResult });

      const response = await handler(generate({ model: "gemini-3.1-flash-image" }));

      expect(response.status).toBe(403);
      expect(await errorOf(response)).toMatchObject({
        message: "Forbidden: the request could not be authorized",
        code: "permission_denied",
      });
      expect(gateway.calls).toEqual([]);
      expect(log).toHaveBeenCalledOnce();
      const logged = String(log.mock.calls[0]?.[0]);
      expect(logged).toContain("policy.authorize returned");
      expect(logged).toContain("it must return true, false or { status: 401 | 403, message }");
      expect(logged).not.toContain("session-secret-7");
    },
  );

  it("refuses with 403 and logs it, as a throw, when reading its answer throws (a getter, a Proxy)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const expired = new Error("session expired while reading its status");
    const answer = {
      get status(): 401 | 403 {
        throw expired;
      },
      message: "Sign in again",
    };
    const handler = withPolicy({ authorize: () => answer });

    const response = await handler(generate({ model: "gemini-3.1-flash-image" }));

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      message: "Forbidden: the request could not be authorized",
      code: "permission_denied",
    });
    expect(gateway.calls).toEqual([]);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain("policy.authorize threw");
    expect(log.mock.calls[0]?.[1]).toBe(expired);
  });

  it("guards the model list too", async () => {
    const handler = withPolicy({ authorize: () => false });

    const response = await handler(new Request(`${mountURL}/models`));

    expect(response.status).toBe(401);
    expect(gateway.calls).toEqual([]);
  });
});

describe("rateLimit", () => {
  it.each([
    ["NaN", { retryAfterSeconds: Number.NaN }, "NaN"],
    ["no wait at all", {}, "undefined"],
    ["a Symbol (JavaScript, or a cast)", { retryAfterSeconds: Symbol("later") }, "symbol"],
    ["a string of seconds", { retryAfterSeconds: "30" }, "string"],
  ])(
    "refuses with Retry-After: 1 when the limiter says no with %s, and logs that it must be a number",
    async (_, verdict, kind) => {
      const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
      onTestFinished(() => log.mockRestore());
      const handler = withPolicy({
        rateLimit: () => verdict as { retryAfterSeconds: number },
      });
      const request = generate({ model: "alibaba/qwen-image-3.0" });
      request.headers.set("x-request-id", "req_wait_1");

      const response = await handler(request);

      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(gateway.calls).toEqual([]);
      expect(log).toHaveBeenCalledOnce();
      expect(String(log.mock.calls[0]?.[0])).toContain(
        `policy.rateLimit returned { retryAfterSeconds: ${kind} } (x-request-id req_wait_1); it must return undefined or { retryAfterSeconds }, a number of seconds`,
      );
    },
  );

  it.each([
    ["false (authorize's no, from JavaScript)", false, "a boolean"],
    ["0 (a count of requests left, from JavaScript)", 0, "a number"],
    ["true", true, "a boolean"],
    ["[30] (a wait in a list, from JavaScript)", [30], "an array"],
  ])("refuses, never forwards, and logs why when it answers %s", async (_, verdict, kind) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    // As a JavaScript app writes it: the answer's type is not checked.
    const policy: PictorPolicy = {};
    Object.assign(policy, { rateLimit: () => verdict });
    const handler = withPolicy(policy);

    const response = await handler(generate({ model: "alibaba/qwen-image-3.0" }));

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(gateway.calls).toEqual([]);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain(
      `policy.rateLimit returned ${kind} (x-request-id `,
    );
  });

  it.each([
    [-5, "1"],
    [0, "1"],
    [Number.NEGATIVE_INFINITY, "1"],
    [1e21, "2147483648"],
    [Number.MAX_VALUE, "2147483648"],
  ])("answers a wait of %s seconds with Retry-After: %s, in digits", async (wait, header) => {
    const handler = withPolicy({ rateLimit: () => ({ retryAfterSeconds: wait }) });

    const response = await handler(generate({}));

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe(header);
    expect(gateway.calls).toEqual([]);
  });

  it("forwards when it answers nothing, and is told what will be sent", async () => {
    const rateLimit = vi.fn((_request: Request, _call: PictorCall) => undefined);
    const handler = withPolicy({ rateLimit });

    const response = await handler(
      generate({ model: "alibaba/qwen-image-3.0", n: 2, size: "1024x768" }),
    );

    expect(response.status).toBe(200);
    expect(rateLimit).toHaveBeenCalledWith(expect.any(Request), {
      operation: "generate",
      model: "alibaba/qwen-image-3.0",
      n: 2,
      pixels: 1024 * 768,
    });
  });

  it("is told the quality and service tier, which prices follow", async () => {
    const rateLimit = vi.fn((_request: Request, _call: PictorCall) => undefined);
    const handler = withPolicy({ rateLimit });

    await handler(
      generate({
        model: "gpt-image-2",
        size: "1024x1024",
        quality: "hd",
        service_tier: "priority",
      }),
    );
    await handler(generate({ model: "gpt-image-2", size: "1024x1024" }));
    await handler(
      chat({ model: "xai/grok-imagine-image-2-0", image_config: { image_quality: "low" } }),
    );
    await handler(generate({ model: "gemini-3.1-flash-image", quality: "high" }));

    expect(rateLimit.mock.calls.map(([, call]) => [call.quality, call.serviceTier])).toEqual([
      ["high", "priority"],
      ["auto", undefined],
      ["low", undefined],
      // Gemini has no quality setting: the gateway drops it, and it prices nothing.
      [undefined, undefined],
    ]);
  });

  it("answers 429 with Retry-After in whole seconds and forwards nothing", async () => {
    const handler = withPolicy({ rateLimit: () => ({ retryAfterSeconds: 2.5 }) });

    const response = await handler(generate({}));

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await errorOf(response)).toMatchObject({
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("is not asked about invalid or refused requests", async () => {
    const rateLimit = vi.fn(() => undefined);
    const handler = withPolicy({ rateLimit, maxN: 1 });

    await handler(generate({ n: 0 }));
    await handler(generate({ n: 2 }));

    expect(rateLimit).not.toHaveBeenCalled();
  });

  it("answers 503 (fail closed), as when it throws, when reading its answer throws (a getter, a Proxy)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const handler = withPolicy({
      rateLimit: () => ({
        get retryAfterSeconds(): number {
          throw new Error("redis down");
        },
      }),
    });

    const response = await handler(generate({}));

    expect(response.status).toBe(503);
    expect(await errorOf(response)).toMatchObject({
      message: "Service Unavailable: the rate limiter failed",
    });
    expect(gateway.calls).toEqual([]);
  });

  it("logs what it threw with the request id, for the server's owner only", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const down = new Error("redis at 10.0.0.7 is down");
    const handler = withPolicy({
      rateLimit: () => {
        throw down;
      },
    });
    const request = generate({});
    request.headers.set("x-request-id", "req_rate_limit_1");

    const response = await handler(request);

    expect(response.status).toBe(503);
    expect(response.headers.get("x-request-id")).toBe("req_rate_limit_1");
    expect((await errorOf(response)).message).not.toContain("10.0.0.7");
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain(
      "policy.rateLimit threw (x-request-id req_rate_limit_1)",
    );
    expect(log.mock.calls[0]?.[1]).toBe(down);
  });

  it("answers 503 when it throws (fail closed)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => log.mockRestore());
    const handler = withPolicy({
      rateLimit: () => {
        throw new Error("redis down");
      },
    });

    const response = await handler(generate({}));

    expect(response.status).toBe(503);
    expect(gateway.calls).toEqual([]);
  });
});
