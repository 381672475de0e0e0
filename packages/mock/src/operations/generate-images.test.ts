import { zGenerateImagesResponse } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import {
  bodyOf,
  decodeImage,
  errorOf,
  fingerprint,
  fixedNow,
  post,
  useMockServer,
} from "../gateway/__fixtures__/mock-server";

const mock = useMockServer();

async function generate(body: Record<string, unknown>) {
  return bodyOf(zGenerateImagesResponse, await post("/images/generations", body));
}

describe("POST /images/generations: the answer", () => {
  it("answers 200 with a body that matches the contract and a real PNG", async () => {
    const response = await post("/images/generations", {
      model: "gemini-3.1-flash-image",
      prompt: "a lighthouse at dusk",
      size: "0.5K",
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await bodyOf(zGenerateImagesResponse, response);
    expect(body.created).toBe(Math.floor(fixedNow / 1000));
    expect(body.data).toHaveLength(1);
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(["b64_json", "revised_prompt"]);
    const image = decodeImage(body.data[0]?.b64_json ?? "");
    expect(image).toMatchObject({ width: 512, height: 512 });
    expect(image.colours).toBeGreaterThan(1);
  });

  it("echoes the prompt as revised_prompt on every image", async () => {
    const prompt = "two red kites over a beach";
    const body = await generate({ model: "zai/cogview-4", prompt, size: "512x512", n: 2 });
    expect(body.data.map((image) => image.revised_prompt)).toEqual([prompt, prompt]);
  });
});

describe("POST /images/generations: n, as the catalog says", () => {
  it("returns n images from a model that makes several per request (qwen-image-plus, max_n 4)", async () => {
    const body = await generate({ model: "alibaba/qwen-image-plus", prompt: "a teapot", n: 3 });
    expect(body.data).toHaveLength(3);
    for (const image of body.data) {
      expect(decodeImage(image.b64_json)).toMatchObject({ width: 1328, height: 1328 });
    }
    expect(body.usage?.cost).toBe(0.09);
  });

  it("returns one image when seedream-4-5 (max_n 1) silently ignores n: 3", async () => {
    const body = await generate({ model: "bytedance/seedream-4-5", prompt: "a poster", n: 3 });
    expect(body.data).toHaveLength(1);
    expect(body.usage?.cost).toBe(0.045);
  });

  it("refuses n: 2 on a Google model with a 400", async () => {
    const error = await errorOf(
      await post("/images/generations", { model: "gemini-3-pro-image", prompt: "a cat", n: 2 }),
      400,
    );
    expect(error).toMatchObject({ type: "invalid_request_error", param: null, code: null });
    expect(error.message).toContain("at most 1 image(s) per request, asked for 2");
  });
});

describe("POST /images/generations: size and aspect ratio", () => {
  it("makes exactly the explicit WxH size", async () => {
    const body = await generate({ model: "zai/cogview-4", prompt: "a bridge", size: "512x768" });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 512, height: 768 });
  });

  it.each([
    ["1K", "16:9", "1376x768"],
    ["2K", "16:9", "2752x1536"],
    ["2K", "3:2", "2528x1696"],
    ["2K", "21:9", "3168x1344"],
    ["1K", "9:16", "768x1376"],
  ])(
    "makes Google's published size on Gemini 3 Pro Image at %s %s (%s)",
    async (size, aspect_ratio, made) => {
      const body = await generate({
        model: "gemini-3-pro-image",
        prompt: "a wide valley",
        size,
        aspect_ratio,
      });
      const { width, height } = decodeImage(body.data[0]?.b64_json ?? "");
      // Google's table, not the tier's area reshaped: 2K at 16:9 rounds to 2736x1536, Gemini makes 2752x1536.
      expect(`${width}x${height}`).toBe(made);
    },
  );

  it.each([
    ["bytedance/seedream-4-5", 2048, 2048],
    ["alibaba/qwen-image-plus", 1328, 1328],
  ])("makes %s's default size (%ix%i) when no size is given", async (model, width, height) => {
    const body = await generate({ model, prompt: "a default-sized picture" });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width, height });
  });

  it("refuses a size missing from a list model's sizes with a 400 listing the valid ones", async () => {
    const error = await errorOf(
      await post("/images/generations", {
        model: "alibaba/qwen-image-plus",
        prompt: "a cat",
        size: "1024x1024",
      }),
      400,
    );
    expect(error).toMatchObject({ type: "invalid_request_error", param: null, code: null });
    expect(error.message).toContain('"1024x1024"');
    for (const size of ["1664x928", "1472x1140", "1328x1328", "1140x1472", "928x1664"]) {
      expect(error.message).toContain(size);
    }
  });

  it.each([
    ["zai/cogview-4", "1000x1000", "width and height must be multiples of 16"],
    ["bytedance/seedream-4-5", "1024x1024", "1048576 pixels < min_pixels 3686400"],
    ["zai/cogview-4", "256x256", "shorter edge 256 < min_edge 512"],
  ])("refuses %s at %s with a 400 naming the broken rule", async (model, size, rule) => {
    const error = await errorOf(
      await post("/images/generations", { model, prompt: "a cat", size }),
      400,
    );
    expect(error.message).toContain(rule);
  });

  it("names the model as the request did in a 400 (azure/gpt-image-2, not openai/gpt-image-2)", async () => {
    const error = await errorOf(
      await post("/images/generations", {
        model: "azure/gpt-image-2",
        prompt: "a cat",
        size: "1000x1000",
      }),
      400,
    );
    expect(error.message).toMatch(/^model "azure\/gpt-image-2" cannot make size "1000x1000"/);
  });

  it("refuses an aspect ratio the model does not list (reve-create, 5:4) with a 400", async () => {
    const error = await errorOf(
      await post("/images/generations", {
        model: "reve-create",
        prompt: "a cat",
        aspect_ratio: "5:4",
      }),
      400,
    );
    expect(error).toMatchObject({ param: null, code: null });
    expect(error.message).toContain('"5:4"');
    expect(error.message).toContain("16:9, 3:2, 4:3, 1:1, 2:3, 9:16, auto");
  });

  it("makes a listed aspect ratio on reve-create (16:9 is landscape)", async () => {
    const body = await generate({ model: "reve-create", prompt: "a pier", aspect_ratio: "16:9" });
    const { width, height } = decodeImage(body.data[0]?.b64_json ?? "");
    expect(width / height).toBeCloseTo(16 / 9, 1);
  });

  it("ignores aspect_ratio on a model that honours none (openai/gpt-image-2): 200 at its default size", async () => {
    const response = await post("/images/generations", {
      model: "openai/gpt-image-2",
      prompt: "a square icon",
      aspect_ratio: "16:9",
    });
    const body = await bodyOf(zGenerateImagesResponse, response);
    expect(body.data).toHaveLength(1);
    // Ignored means ignored: the same picture shape as without aspect_ratio (1024x1024).
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1024, height: 1024 });
  });
  it("accepts a WxH size on an xAI model, which picks its 1k/2k resolution from it (grok-imagine-image, 1536x1024)", async () => {
    const body = await generate({
      model: "xai/grok-imagine-image",
      prompt: "a wide field",
      size: "1536x1024",
    });
    const { width, height } = decodeImage(body.data[0]?.b64_json ?? "");
    // the size's 3:2 shape reaches xAI as the derived aspect_ratio
    expect(width / height).toBeCloseTo(1.5, 1);
  });

  it("makes the aspect ratio's shape on an xAI model given a WxH size of another shape: of the size it takes only the 1k/2k resolution, as the gateway sends it", async () => {
    const shapeOf = async (size: string, aspect_ratio: string) => {
      const body = await generate({
        model: "xai/grok-imagine-image",
        prompt: "a fox",
        size,
        aspect_ratio,
      });
      const { width, height } = decodeImage(body.data[0]?.b64_json ?? "");
      return `${width}x${height}`;
    };

    // 1k: the longest edge is 1536, not over it. The image is 16:9, not the size's 2:3.
    expect(await shapeOf("1024x1536", "16:9")).toBe("1360x768");
    expect(await shapeOf("1152x2048", "16:9")).toBe("2736x1536");
    // The same shape twice: the size as given.
    expect(await shapeOf("1920x1080", "16:9")).toBe("1920x1080");
  });

  it("strips unknown fields such as seed: the same image as without them", async () => {
    const request = { model: "zai/cogview-4", prompt: "a harbour", size: "512x512" };
    const plain = await generate(request);
    // A fresh start: a repeat of the same prompt would get a new image anyway.
    mock.gateway.reset();
    const seeded = await generate({ ...request, seed: 42, user: "someone", background: "opaque" });
    expect(fingerprint(seeded.data[0]?.b64_json)).toBe(fingerprint(plain.data[0]?.b64_json));
  });

  it("refuses response_format url with a 400 naming it (only b64_json exists)", async () => {
    const error = await errorOf(
      await post("/images/generations", { prompt: "a cat", response_format: "url" }),
      400,
    );
    expect(error).toMatchObject({ param: null, code: null });
    expect(error.message).toMatch(/^Invalid request parameters: response_format: /);
  });
});

describe("POST /images/generations: model", () => {
  it.each([
    ["auto", { model: "auto" }],
    ["no model", {}],
  ])("routes %s to gemini-3-pro-image", async (_label, model) => {
    // gemini-3-pro-image has no 1:8 ratio (gemini-3.1-flash-image has): the refusal names the model.
    const error = await errorOf(
      await post("/images/generations", { ...model, prompt: "a cat", aspect_ratio: "1:8" }),
      400,
    );
    expect(error.message).toContain('model "gemini-3-pro-image"');
  });

  it("bills and sizes a model-less request as gemini-3-pro-image (1K square, 1120 image tokens at $120/M)", async () => {
    const body = await generate({ prompt: "a cat" });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1024, height: 1024 });
    expect(body.usage?.output_tokens).toBe(1120);
    expect(body.usage?.cost_details?.image_output_cost).toBe(0.1344);
  });

  it("answers 404 with code not_found for an unknown model", async () => {
    const error = await errorOf(
      await post("/images/generations", { model: "acme/picasso-9000", prompt: "a cat" }),
      404,
    );
    expect(error).toMatchObject({
      type: "invalid_request_error",
      code: "not_found",
      param: null,
    });
    expect(error.message).toContain("acme/picasso-9000");
  });

  it.each([
    ["gpt-4o", "gpt-4o"],
    ["openai/gpt-4o", "gpt-4o"],
    ["gemini-2.5-flash", "gemini-2.5-flash"],
  ])(
    "answers a text model (%s) with the gateway's 400, pointing at chat completions",
    async (model, named) => {
      const error = await errorOf(
        await post("/images/generations", { model, prompt: "a cat" }),
        400,
      );
      expect(error).toEqual({
        message: `Model ${named} is a chat model and cannot be used with /v1/images/generations. Use the /v1/chat/completions endpoint instead.`,
        type: "invalid_request_error",
        param: null,
        code: null,
      });
    },
  );

  it("answers 404 with code not_found for a deactivated model (gemini-2.5-flash-image)", async () => {
    const error = await errorOf(
      await post("/images/generations", { model: "gemini-2.5-flash-image", prompt: "a cat" }),
      404,
    );
    expect(error).toMatchObject({ code: "not_found", param: null });
    expect(error.message).toContain("gemini-2.5-flash-image");
  });

  it("answers 404 for a model past its deactivated_at date (qwen-image-plus, 2026-10-10), whatever its status", async () => {
    mock.withGateway({ now: () => Date.parse("2026-11-26T00:00:00.000Z") });
    const error = await errorOf(
      await post("/images/generations", { model: "alibaba/qwen-image-plus", prompt: "a cat" }),
      404,
    );
    expect(error).toMatchObject({ code: "not_found", param: null });
    expect(error.message).toContain("alibaba/qwen-image-plus");
  });
});

describe("POST /images/generations: usage and cost", () => {
  it("bills a per-image model its catalog price times the images returned (seedream-4-5, $0.045)", async () => {
    const body = await generate({ model: "bytedance/seedream-4-5", prompt: "a poster" });
    expect(body.usage).toMatchObject({
      cost: 0.045,
      output_tokens: 0,
      cost_details: { image_output_cost: 0.045, input_cost: 0 },
    });
    const twice = await generate({ model: "zai/cogview-4", prompt: "x", size: "512x512", n: 2 });
    expect(twice.usage?.cost).toBe(0.02);
  });

  it("bills a token-priced model by its tokens (gemini-3.1-flash-image at 0.5K: 747 image tokens at $60/M)", async () => {
    const prompt = "a sixteen character"; // 19 characters: 5 prompt tokens
    const body = await generate({ model: "gemini-3.1-flash-image", prompt, size: "0.5K" });
    const usage = body.usage;
    expect(usage).toBeDefined();
    expect(usage?.output_tokens).toBe(747);
    expect(usage?.output_tokens_details).toEqual({ image_tokens: 747, text_tokens: 0 });
    expect(usage?.input_tokens_details).toEqual({ image_tokens: 0, text_tokens: 5 });
    expect(usage?.total_tokens).toBe((usage?.input_tokens ?? 0) + 747);
    expect(usage?.cost_details?.image_output_cost).toBe(0.04482);
    expect(usage?.cost).toBeGreaterThan(0.04482);
    expect(usage?.cost).toBeCloseTo(0.04482 + (5 * 0.5) / 1e6, 8);
  });
  it("bills image output tokens for an OpenAI model (gpt-image-2 at $30/M), not just the prompt", async () => {
    const body = await generate({
      model: "openai/gpt-image-2",
      prompt: "an icon",
      size: "1024x1024",
    });
    expect(body.usage?.output_tokens).toBeGreaterThan(0);
    expect(body.usage?.output_tokens_details.image_tokens).toBeGreaterThan(0);
    expect(body.usage?.cost_details?.image_output_cost).toBeGreaterThan(0);
  });
});

describe("POST /images/generations: deterministic pictures", () => {
  const request = { model: "zai/cogview-4", size: "512x512" };

  it("paints the same image for the same prompt and model from a fresh start, and a new one on a repeat", async () => {
    const first = await generate({ ...request, prompt: "a quiet harbour" });
    const repeat = await generate({ ...request, prompt: "a quiet harbour" });
    mock.gateway.reset();
    const afresh = await generate({ ...request, prompt: "a quiet harbour" });
    expect(first.data[0]?.b64_json).toBeTruthy();
    expect(fingerprint(afresh.data[0]?.b64_json)).toBe(fingerprint(first.data[0]?.b64_json));
    // As a real model answers the same prompt again: a fan-out of n gets n different images.
    expect(fingerprint(repeat.data[0]?.b64_json)).not.toBe(fingerprint(first.data[0]?.b64_json));
  });

  it("paints a different image for a different prompt", async () => {
    const first = await generate({ ...request, prompt: "a quiet harbour" });
    const second = await generate({ ...request, prompt: "a busy harbour" });
    expect(fingerprint(second.data[0]?.b64_json)).not.toBe(fingerprint(first.data[0]?.b64_json));
  });

  it("paints a different image for each index of one n: 2 request", async () => {
    const body = await generate({ ...request, prompt: "a quiet harbour", n: 2 });
    expect(body.data).toHaveLength(2);
    expect(fingerprint(body.data[1]?.b64_json)).not.toBe(fingerprint(body.data[0]?.b64_json));
    for (const image of body.data) expect(decodeImage(image.b64_json).colours).toBeGreaterThan(1);
  });
});
