import { type ChatCompletion, encodeBase64, zGenerateImagesResponse } from "@pictor/contract";
import { createMockGateway } from "@pictor/mock";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  baseURL,
  caught,
  gatewayHeaders,
  useClientTestServer,
  withJsonBody,
} from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  IncompleteResultError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
  RequestValidationError,
  type ValidationIssue,
} from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import { IncompleteMessageError } from "../core/incomplete-message-error";

const { gateway, server, client } = useClientTestServer();

function issuesOf(error: unknown): readonly ValidationIssue[] {
  if (!RequestValidationError.isInstance(error)) throw error;
  return error.issues;
}

/** A JSON body as an object (the gateway's request bodies always are). */
function recordOf(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError("expected a JSON object body");
  return { ...value };
}

/** The JSON body of each gateway call, as an object. */
function bodies(): Record<string, unknown>[] {
  return gateway.calls.map((call) => recordOf(call.body));
}

/** Counts gateway requests in flight (msw's request:start to response:mocked) and keeps the peak. */
function trackInFlight(): { peak: () => number } {
  let current = 0;
  let peak = 0;
  server.events.on("request:start", () => {
    current++;
    peak = Math.max(peak, current);
  });
  server.events.on("response:mocked", () => {
    current--;
  });
  return { peak: () => peak };
}

describe("images.generate rejects options the model cannot take, before sending", () => {
  it("a parameter it does not take, never dropped unsent: a per-call option, a camelCase name, a stray key", async () => {
    // Untyped code (JSON from elsewhere): TypeScript would refuse all three. A key left
    // undefined (a spread of optional fields) is no parameter at all.
    const params = JSON.parse(
      '{"model":"bytedance/seedream-4-5","prompt":"A fox","n":2,"partialResults":"return","aspectRatio":"16:9","negative_prompt":"blurry"}',
    );
    params.style = undefined;

    const issues = issuesOf(await caught(() => client().images.generate(params)));

    expect(issues.map((issue) => issue.path)).toEqual([
      "partialResults",
      "aspectRatio",
      "negative_prompt",
    ]);
    expect(issues[0]?.message).toBe(
      "partialResults is a per-call option, not a parameter: pass it as the second argument, images.generate(params, { partialResults })",
    );
    expect(issues[1]?.message).toContain("(did you mean aspect_ratio?)");
    expect(issues[2]?.message).toBe(
      "Unknown parameter; images.generate takes model, prompt, n, size, aspect_ratio, quality, seed, moderation, service_tier, style",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it.each(["url", "b64_json"])(
    "openai-node's response_format (%s) gets one message, saying where the base64 went",
    async (format) => {
      // images.generate always answers base64 (GeneratedImage): response_format is not Pictor's
      // to take, whatever its value; a message that it must be "b64_json" would say it is.
      const params = JSON.parse(
        `{"model":"bytedance/seedream-4-5","prompt":"A fox","response_format":"${format}"}`,
      );

      const issues = issuesOf(await caught(() => client().images.generate(params)));

      expect(issues).toEqual([
        {
          path: "response_format",
          message:
            "Unknown parameter: images come back as base64: read result.images[i].base64 (or .dataURL, .bytes())",
        },
      ]);
      expect(gateway.calls).toHaveLength(0);
    },
  );

  it("chat's messages, pointing to pictor.chat.completions.create (someone who thought it was chat)", async () => {
    const params = JSON.parse(
      '{"model":"gemini-3-pro-image-preview","messages":[{"role":"user","content":"A fox"}]}',
    );

    const issues = issuesOf(await caught(() => client().images.generate(params)));

    expect(issues).toContainEqual({
      path: "messages",
      message:
        "messages are chat's: for a conversation call pictor.chat.completions.create({ model, messages }); images.generate takes a prompt (a string)",
    });
    expect(gateway.calls).toHaveLength(0);
  });

  it("a size not in the model's list, listing the valid sizes", async () => {
    const model: string = "alibaba/qwen-image-plus";

    const issues = issuesOf(
      await caught(() => client().images.generate({ model, prompt: "A fox", size: "4096x4096" })),
    );

    expect(issues).toEqual([
      {
        path: "size",
        message:
          'model "alibaba/qwen-image-plus" cannot make size "4096x4096"; valid sizes: 1664x928, 1472x1140, 1328x1328, 1140x1472, 928x1664',
        accepted: ["1664x928", "1472x1140", "1328x1328", "1140x1472", "928x1664"],
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a size that breaks the model's pixel rule (seedream-4-5 needs ≥ 3,686,400 pixels)", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.generate({
          model: "bytedance/seedream-4-5",
          prompt: "A fox",
          size: "100x100",
        }),
      ),
    );

    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("size");
    expect(issues[0]?.message).toContain("10000 pixels < min_pixels 3686400");
    expect(issues[0]?.message).toContain("tiers 2K, 4K");
    // Sizes that fit the rule (not all of them: any WIDTHxHEIGHT within it is taken), and the tiers.
    expect(issues[0]?.accepted).toEqual(["2048x2048", "3072x2048", "2048x3072", "2K", "4K"]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("an aspect ratio on a model that takes none (gpt-image-2)", async () => {
    const model: string = "openai/gpt-image-2";

    const issues = issuesOf(
      await caught(() =>
        client().images.generate({ model, prompt: "A fox", aspect_ratio: "16:9" }),
      ),
    );

    expect(issues).toEqual([
      {
        path: "aspect_ratio",
        message: 'model "openai/gpt-image-2" ignores aspect_ratio; set the shape with size instead',
        accepted: undefined,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("names the model as the call did: azure/gpt-image-2's refusal says azure/gpt-image-2, not OpenAI's id", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.generate({
          model: "azure/gpt-image-2",
          prompt: "A fox",
          size: "1000x1000",
        }),
      ),
    );

    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/^model "azure\/gpt-image-2" cannot make size "1000x1000"/);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a WIDTHxHEIGHT size and an aspect ratio of another shape on Grok Imagine (the gateway sends the ratio, and of the size only its resolution)", async () => {
    const grok = (size: `${number}x${number}`, aspect_ratio: "16:9" | "3:2" | "auto") =>
      client().images.generate({
        model: "xai/grok-imagine-image",
        prompt: "A fox",
        size,
        aspect_ratio,
      });

    const portrait = issuesOf(await caught(() => grok("1024x1536", "16:9")));
    const picked = issuesOf(await caught(() => grok("1024x1536", "auto")));
    // The same shape is what was asked for twice: sent (within 1%: 1360x768 is 16:9 too).
    await grok("1536x1024", "3:2");
    await grok("1360x768", "16:9");

    expect(portrait).toEqual([
      {
        path: "size",
        message:
          'model "xai/grok-imagine-image" takes the shape from aspect_ratio ("16:9") and only the resolution from size: the image would not be 1024x1536\'s shape; give both the same shape, or leave aspect_ratio out',
      },
    ]);
    expect(picked[0]?.message).toContain('takes the shape from aspect_ratio ("auto")');
    expect(bodies()).toEqual([
      expect.objectContaining({ size: "1536x1024", aspect_ratio: "3:2" }),
      expect.objectContaining({ size: "1360x768", aspect_ratio: "16:9" }),
    ]);
  });

  it.each([
    [0, "got 0"],
    [11, "got 11"],
    [1.5, "got 1.5"],
    [-1, "got -1"],
    [Number.NaN, "got NaN"],
    [Number.POSITIVE_INFINITY, "got Infinity"],
    [1e300, "got 1e+300"],
    ["2", 'got the string "2"'],
  ])("n: %s is one issue that names the range and the value", async (value, got) => {
    // Values of the wrong type on purpose, as JavaScript callers pass them.
    const n: number = Object(value).valueOf();
    const message = `n must be a whole number from 1 to 10 (images to make), ${got}`;

    const issues = issuesOf(
      await caught(() =>
        client().images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", n }),
      ),
    );

    expect(issues).toEqual([{ path: "n", message }]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("an empty prompt, naming prompt", async () => {
    const issues = issuesOf(
      await caught(() => client().images.generate({ model: "bytedance/seedream-4-5", prompt: "" })),
    );

    expect(issues).toEqual([{ path: "prompt", message: "prompt is empty: describe the image" }]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a prompt of only whitespace, as the empty prompt", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.generate({ model: "bytedance/seedream-4-5", prompt: "   \n\t" }),
      ),
    );

    expect(issues).toEqual([
      { path: "prompt", message: "prompt is only whitespace: describe the image" },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a model that only edits, when its id is only known at run time, naming model (the prompt is fine)", async () => {
    // A form's model picker: the types cannot refuse it, the run time does, by the field to change.
    const model: string = "alibaba/qwen-image-edit-plus";
    const issues = issuesOf(
      await caught(() => client().images.generate({ model, prompt: "A fox" })),
    );

    expect(issues).toEqual([
      {
        path: "model",
        message:
          'model "alibaba/qwen-image-edit-plus" only edits images: send at least one input image',
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("no model, naming model and suggesting one", async () => {
    const issues = issuesOf(
      // @ts-expect-error model is required
      await caught(() => client().images.generate({ prompt: "A fox" })),
    );

    expect(issues).toEqual([
      {
        path: "model",
        message: expect.stringMatching(
          /^model is required: a model id such as "bytedance\/seedream-4-5"/,
        ),
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it.each([
    ["an empty model", "", "model is empty"],
    ["a model of spaces", "   ", "model is only whitespace"],
  ])("%s, naming model", async (_, model, says) => {
    const issues = issuesOf(
      await caught(() => client().images.generate({ model, prompt: "A fox" })),
    );

    expect(issues).toEqual([{ path: "model", message: expect.stringContaining(says) }]);
    expect(issues[0]?.message).toContain('"bytedance/seedream-4-5"');
    expect(gateway.calls).toHaveLength(0);
  });

  it("every problem at once", async () => {
    const model: string = "alibaba/qwen-image-plus";

    const issues = issuesOf(
      await caught(() =>
        client().images.generate({ model, prompt: "", size: "4096x4096", aspect_ratio: "1:1" }),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["prompt", "size", "aspect_ratio"]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a quality the model lacks is one issue listing the model's own values, not every model's", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.generate(
          JSON.parse('{"model": "openai/gpt-image-2", "prompt": "A fox", "quality": "ultra"}'),
        ),
      ),
    );

    expect(issues).toEqual([
      {
        path: "quality",
        message:
          'model "openai/gpt-image-2" has no quality "ultra"; use one of low, medium, high, auto',
        accepted: ["low", "medium", "high", "auto"],
      },
    ]);
  });

  it("edit images that are not a list is one issue saying so", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.edit(
          JSON.parse('{"model": "gemini-3-pro-image-preview", "prompt": "x", "images": "abc"}'),
        ),
      ),
    );

    expect(issues).toEqual([
      {
        path: "images",
        message: "images must be a list, even of one image: images: [image]; got string",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("edit images given as one Buffer says to put it in a list, not just that it is an object", async () => {
    const bytes = Buffer.from(await pngOf(8, 8, "one"));
    const params = JSON.parse('{"model": "gemini-3-pro-image-preview", "prompt": "x"}');
    params.images = bytes;

    const issues = issuesOf(await caught(() => client().images.edit(params)));

    expect(issues).toEqual([
      {
        path: "images",
        message: "images must be a list, even of one image: images: [image]; got Uint8Array",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("edit without images (openai-node's image instead) says images needs one, next to the unknown image", async () => {
    const params = JSON.parse(
      '{"model": "gemini-3-pro-image-preview", "prompt": "x", "image": "https://images.test/cat.png"}',
    );

    const issues = issuesOf(await caught(() => client().images.edit(params)));

    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ["images", "images needs at least one input image, e.g. images: [image]"],
      ["image", expect.stringMatching(/^Unknown parameter/)],
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  // Parameters from untyped code (JSON.parse gives them no type): refused like any bad input,
  // not a TypeError thrown from inside the catalog lookup.
  it("a model that is not a string, naming model", async () => {
    const issues = issuesOf(
      await caught(() => client().images.generate(JSON.parse('{"model": 5, "prompt": "A fox"}'))),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["model"]);
    expect(gateway.calls).toHaveLength(0);
  });

  it.each([
    ["null", "null"],
    ["[]", "an array"],
    ['"A fox"', "string"],
  ])("parameters that are %s instead of an object", async (json, received) => {
    for (const call of [
      () => client().images.generate(JSON.parse(json)),
      () => client().images.edit(JSON.parse(json)),
      () => client().chat.completions.create(JSON.parse(json)),
    ]) {
      expect(issuesOf(await caught(call))).toEqual([
        { path: "", message: `Expected an object of parameters, received ${received}` },
      ]);
    }
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("options the gateway passes to no model (it only adds them to the prompt)", () => {
  const hint = (key: string) => ({
    type: "unsent-option",
    message: `${key} is no setting of any model: the gateway at most adds it to the prompt, which the images may not follow`,
  });

  it("a generate's style is sent, with a warning that the images may not follow it", async () => {
    const result = await client().images.generate({
      model: "openai/gpt-image-2",
      prompt: "A fox",
      size: "1024x1024",
      style: "vivid",
    });

    expect(bodies()[0]?.style).toBe("vivid");
    expect(result.warnings).toEqual([hint("style")]);
  });

  it("an edit's background, input_fidelity and output_compression too; a background left to auto asks for nothing", async () => {
    const photo = await pngOf(32, 32);
    const edit = (options: Record<string, unknown>) =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: "Cut the fox out",
        images: [photo],
        ...options,
      });

    const asked = await edit({
      background: "transparent",
      input_fidelity: "low",
      output_compression: 80,
    });
    const auto = await edit({ background: "auto" });

    expect(bodies()[0]).toMatchObject({ background: "transparent", output_compression: 80 });
    expect(asked.warnings).toEqual([
      hint("background"),
      hint("input_fidelity"),
      hint("output_compression"),
    ]);
    expect(auto.warnings).toEqual([]);
  });
});

describe('images.generate with size "auto" (the same as no size)', () => {
  it("sends no size: /images/generations would pass it to the model as its image_size, which Google's take only as 1K, 2K or 4K", async () => {
    const result = await client().images.generate({
      model: "gemini-3-pro-image",
      prompt: "A fox",
      size: "auto",
      aspect_ratio: "16:9",
    });
    // Through chat completions (a seed on Tencent's model) it is no image_size either.
    await client().images.generate({
      model: "tencent/hy-image-v3.5-preview",
      prompt: "A fox",
      size: "auto",
      seed: 1,
    });

    expect(result.warnings).toEqual([]);
    expect(gateway.calls.map((call) => call.path)).toEqual([
      "/v1/images/generations",
      "/v1/chat/completions",
    ]);
    expect(bodies()[0]).toEqual({
      model: "gemini-3-pro-image",
      prompt: "A fox",
      n: 1,
      aspect_ratio: "16:9",
    });
    expect(recordOf(bodies()[1]?.image_config)).not.toHaveProperty("image_size");
  });
});

describe("images.generate fan-out", () => {
  it("names the model as the call did in its fan-out warning (google-vertex/gemini-3.1-flash-image)", async () => {
    const result = await client().images.generate({
      model: "google-vertex/gemini-3.1-flash-image",
      prompt: "A fox",
      n: 2,
    });

    expect(result.warnings).toEqual([
      {
        type: "fan-out",
        message:
          "google-vertex/gemini-3.1-flash-image makes at most 1 image(s) per call: n=2 was split into 2 calls",
      },
    ]);
  });

  it("splits n: 3 on a Google model into 3 calls of 1 (the gateway refuses n > 1 there)", async () => {
    const result = await client().images.generate({
      model: "gemini-3-pro-image-preview",
      prompt: "A lighthouse",
      n: 3,
    });

    expect(result.images).toHaveLength(3);
    expect(result.images.every((image) => image.width === 1024 && image.height === 1024)).toBe(
      true,
    );
    // Three images, not one three times (the gateway answers each call with a new one).
    expect(new Set(result.images.map((image) => image.base64)).size).toBe(3);
    expect(bodies().map((body) => body.n)).toEqual([1, 1, 1]);
    expect(gateway.calls.every((call) => call.status === 200)).toBe(true);
    expect(result.requestIds).toEqual(gateway.calls.map((call) => call.requestId));
    // Each image names the call that made it, in the order the calls were sent.
    expect(result.images.map((image) => image.requestId)).toEqual(result.requestIds);
    expect(result.warnings.map((warning) => warning.type)).toEqual(["fan-out"]);
    // 3 × (1,120 image tokens at $120/M + 3 prompt tokens at $2/M)
    expect(result.cost).toEqual({ usd: 0.403218, source: "gateway" });
    expect(result.usage).toEqual({
      input_tokens: 9,
      output_tokens: 3360,
      total_tokens: 3369,
      output_image_tokens: 3360,
    });
  });

  it("asks once when the model makes n per call, priced by the gateway", async () => {
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      n: 2,
      size: "1024x1024",
    });

    expect(gateway.calls).toHaveLength(1);
    expect(bodies()[0]?.n).toBe(2);
    expect(result.images).toHaveLength(2);
    expect(result.cost).toEqual({ usd: 0.06, source: "gateway" });
    expect(result.warnings).toEqual([]);
  });

  it("never overlaps calls with maxConcurrency: 1", async () => {
    const inFlight = trackInFlight();
    gateway.faults.enqueue(
      { type: "latency", ms: 20 },
      { type: "latency", ms: 20 },
      { type: "latency", ms: 20 },
    );

    const result = await client().images.generate(
      { model: "bytedance/seedream-4-5", prompt: "A fox", n: 3, size: "1920x1920" },
      { maxConcurrency: 1 },
    );

    expect(result.images).toHaveLength(3);
    expect(gateway.calls).toHaveLength(3);
    expect(inFlight.peak()).toBe(1);
  });

  it("runs the calls side by side by default, up to the client's maxConcurrency", async () => {
    const inFlight = trackInFlight();
    gateway.faults.enqueue(
      { type: "latency", ms: 50 },
      { type: "latency", ms: 50 },
      { type: "latency", ms: 50 },
      { type: "latency", ms: 50 },
    );

    const result = await client({ maxConcurrency: 2 }).images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A fox",
      n: 4,
      size: "1920x1920",
    });

    expect(result.images).toHaveLength(4);
    expect(inFlight.peak()).toBe(2);
  });

  it("rejects a per-call maxConcurrency that is not a number instead of returning no images", async () => {
    const error = await caught(() =>
      client().images.generate(
        { model: "bytedance/seedream-4-5", prompt: "A fox", n: 2, size: "1920x1920" },
        { maxConcurrency: Number.NaN },
      ),
    );

    // The client constructor refuses it ("maxConcurrency must be a whole number ≥ 1"); per call too.
    expect(error instanceof Error && error.message).toMatch(/maxConcurrency/);
    expect(gateway.calls).toHaveLength(0);
  });

  it("offsets the seed per call: different images per call, the same ones for the same seed", async () => {
    const run = () =>
      client().images.generate({
        model: "tencent/hy-image-v3.5-preview",
        prompt: "A fox in the snow",
        n: 3,
        seed: 42,
        size: "512x512",
      });

    const first = await run();
    const firstSeeds = bodies().map((body) => recordOf(body.image_config).seed);
    const second = await run();

    expect(gateway.calls.map((call) => call.path)).toEqual(
      Array.from({ length: 6 }, () => "/v1/chat/completions"),
    );
    expect(firstSeeds).toEqual([42, 43, 44]);
    expect(first.warnings.map((warning) => warning.type)).toEqual([
      "routed-through-chat",
      "fan-out",
    ]);
    const firstImages = first.images.map((image) => image.base64);
    expect(new Set(firstImages).size).toBe(3);
    expect(second.images.map((image) => image.base64)).toEqual(firstImages);

    const otherSeed = await client().images.generate({
      model: "tencent/hy-image-v3.5-preview",
      prompt: "A fox in the snow",
      seed: 7,
      size: "512x512",
    });
    expect(firstImages).not.toContain(otherSeed.images[0]?.base64);
  });

  it("moves each call's seed past the images asked for before it (Qwen makes four per call: n: 6 at seed 42 is 42 for four, then 46 for two)", async () => {
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox in the snow",
      n: 6,
      seed: 42,
    });

    expect(result.images).toHaveLength(6);
    // The two calls run side by side: compared in the order of their seeds, not of arrival.
    const calls = bodies().map((body) => recordOf(body.image_config));
    calls.sort((a, b) => Number(a.seed) - Number(b.seed));
    expect(calls).toEqual([
      expect.objectContaining({ seed: 42, n: 4 }),
      expect.objectContaining({ seed: 46, n: 2 }),
    ]);
  });

  it("wraps an offset seed to 0 past 2³¹ − 1, the most providers take, and leaves a larger seed as it is", async () => {
    const seedsSent = async (seed: number) => {
      gateway.reset();
      await client().images.generate({
        model: "tencent/hy-image-v3.5-preview",
        prompt: "A fox in the snow",
        n: 3,
        seed,
        size: "512x512",
      });
      return bodies().map((body) => recordOf(body.image_config).seed);
    };

    expect(await seedsSent(2 ** 31 - 2)).toEqual([2 ** 31 - 2, 2 ** 31 - 1, 0]);
    // A seed already past it was the caller's choice for a provider that takes one.
    expect(await seedsSent(2 ** 32)).toEqual([2 ** 32, 2 ** 32 + 1, 2 ** 32 + 2]);
  });
});

describe('model "auto", which /images/* route to gemini-3-pro-image', () => {
  it("fans n: 2 out as that model (the gateway refuses n > 1 there) and gets both images", async () => {
    const result = await client().images.generate({ model: "auto", prompt: "A fox", n: 2 });

    expect(result.images).toHaveLength(2);
    expect(bodies().map((body) => [body.model, body.n])).toEqual([
      ["auto", 1],
      ["auto", 1],
    ]);
    expect(result.warnings).toEqual([
      {
        type: "fan-out",
        message:
          "auto (gemini-3-pro-image) makes at most 1 image(s) per call: n=2 was split into 2 calls",
      },
    ]);
  });

  it("refuses before sending what that model cannot make, naming it", async () => {
    const error = await caught(() =>
      client().images.generate({ model: "auto", prompt: "A fox", size: "13x13" }),
    );

    expect(gateway.calls).toHaveLength(0);
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["size"]);
    expect(issuesOf(error)[0]?.message).toContain('model "auto (gemini-3-pro-image)"');
  });
});

describe("images.generate with a model the catalog does not know", () => {
  it("is sent unchecked; the mock gateway answers 404 Not Found", async () => {
    const error = await caught(() =>
      client().images.generate({ model: "my-org/custom-model", prompt: "A fox", size: "whatever" }),
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect(gateway.calls).toHaveLength(1);
    // The gateway's error object reaches the caller: which code, and why (its param is null).
    expect(NotFoundError.isInstance(error) && [error.status, error.param, error.code]).toEqual([
      404,
      null,
      "not_found",
    ]);
    expect(error instanceof Error && error.message).toContain(
      "Model my-org/custom-model was not found",
    );
    expect(bodies()[0]).toMatchObject({ model: "my-org/custom-model", size: "whatever" });
  });

  it("warns deactivated-model pointing at pictor.models.list(), which a client user has, not at the CLI", async () => {
    // A gateway that still serves the model (its clock before the catalog's deactivation date).
    const serving = createMockGateway({ now: () => Date.parse("2026-01-01T00:00:00Z") });
    server.use(http.post(`${baseURL}/images/generations`, ({ request }) => serving.fetch(request)));

    const result = await client().images.generate({
      model: "alibaba/qwen-image-plus",
      prompt: "A fox",
    });

    expect(result.images).toHaveLength(1);
    expect(result.warnings.map((warning) => warning.type)).toEqual(["deactivated-model"]);
    expect(result.warnings[0]?.message).toBe(
      "alibaba/qwen-image-plus was deactivated on 2026-10-10 according to Pictor's catalog; the gateway will likely refuse it: pictor.models.list() lists the current ones",
    );
  });

  // The gateway's alibaba.ts retires both edit models with qwen-image-plus on 2026-10-10.
  it.each(["alibaba/qwen-image-edit-plus", "alibaba/qwen-image-edit-max"])(
    "warns deactivated-model on an edit with %s, retired on 2026-10-10",
    async (model) => {
      const serving = createMockGateway({ now: () => Date.parse("2026-01-01T00:00:00Z") });
      server.use(http.post(`${baseURL}/images/edits`, ({ request }) => serving.fetch(request)));

      const result = await client().images.edit({
        model,
        prompt: "Make it snow",
        images: [await pngOf(640, 480, "edit input")],
      });

      expect(result.images).toHaveLength(1);
      expect(result.warnings.map((warning) => warning.type)).toEqual(["deactivated-model"]);
      expect(result.warnings[0]?.message).toBe(
        `${model} was deactivated on 2026-10-10 according to Pictor's catalog; the gateway will likely refuse it: pictor.models.list() lists the current ones`,
      );
    },
  );

  it("warns unknown-model on a result from a gateway that serves it", async () => {
    const requested: unknown[] = [];
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const body = recordOf(await request.clone().json());
        requested.push(body);
        return gateway.fetch(
          withJsonBody(request, { ...body, model: "openai/gpt-image-2", size: "1024x1024" }),
        );
      }),
    );

    const result = await client().images.generate({
      model: "my-org/custom-model",
      prompt: "A fox",
      n: 2,
    });

    expect(requested).toEqual([{ model: "my-org/custom-model", prompt: "A fox", n: 2 }]);
    expect(result.model).toBe("my-org/custom-model");
    expect(result.images).toHaveLength(2);
    expect(result.warnings.map((warning) => warning.type)).toEqual(["unknown-model"]);
    expect(result.warnings[0]?.message).toContain(
      '"my-org/custom-model" is not in Pictor\'s model catalog',
    );
    expect(result.cost?.source).toBe("gateway");
  });

  it("says a seed was not sent to an unknown model (/images/* has none) instead of dropping it quietly", async () => {
    const requested: unknown[] = [];
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const body = recordOf(await request.clone().json());
        requested.push(body);
        return gateway.fetch(withJsonBody(request, { ...body, model: "openai/gpt-image-2" }));
      }),
    );

    const result = await client().images.generate({
      model: "my-org/custom-model",
      prompt: "A fox",
      seed: 7,
    });

    expect(requested).toEqual([{ model: "my-org/custom-model", prompt: "A fox", n: 1 }]);
    expect(result.warnings.map((warning) => warning.type)).toEqual([
      "unknown-model",
      "unsent-option",
    ]);
    expect(result.warnings[1]?.message).toContain("seed was not sent");
  });

  it("asks again for the images an unknown model silently left out, to return exactly n", async () => {
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const body = recordOf(await request.clone().json());
        // A model that makes one image per call whatever n says.
        return gateway.fetch(
          withJsonBody(request, { ...body, model: "bytedance/seedream-4-5", size: "1920x1920" }),
        );
      }),
    );

    const result = await client().images.generate({
      model: "my-org/custom-model",
      prompt: "A fox",
      n: 2,
    });

    expect(bodies().map((body) => body.n)).toEqual([2, 1]);
    expect(result.images).toHaveLength(2);
    expect(result.warnings.map((warning) => warning.type)).toEqual(["unknown-model", "fan-out"]);
  });
});

describe("images.generate returns exactly n", () => {
  it("seeds the follow-up call past the images the first one made", async () => {
    const sent: unknown[] = [];
    server.use(
      http.post(`${baseURL}/chat/completions`, async ({ request }) => {
        const body = recordOf(await request.clone().json());
        const config = recordOf(body.image_config);
        sent.push({ seed: config.seed, n: config.n });
        // A provider that makes one image per call whatever n says.
        return gateway.fetch(withJsonBody(request, { ...body, image_config: { ...config, n: 1 } }));
      }),
    );

    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      n: 2,
      seed: 42,
      size: "1024x1024",
    });

    expect(result.images).toHaveLength(2);
    expect(sent).toEqual([
      { seed: 42, n: 2 },
      { seed: 43, n: 1 },
    ]);
  });

  /** A gateway that makes half the images asked for (at least one) on every call; `n` of each call. */
  const halving = () => {
    const asked: unknown[] = [];
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const body = recordOf(await request.clone().json());
        asked.push(body.n);
        const n = Math.max(1, Math.floor(Number(body.n) / 2));
        return gateway.fetch(withJsonBody(request, { ...body, n }));
      }),
    );
    return asked;
  };

  it("throws IncompleteResultError when the gateway makes fewer even when asked again, no call failing", async () => {
    const asked = halving();

    const error = await caught(() =>
      client().images.generate({ model: "openai/gpt-image-2", prompt: "A fox", n: 4 }),
    );

    // 2 of 4, then 1 of the missing 2: three images, all paid for, none dropped.
    expect(asked).toEqual([4, 2]);
    if (!IncompleteResultError.isInstance(error)) throw error;
    expect(error.message).toBe(
      'Only 3 of 4 images arrived: the gateway made fewer than asked, also when asked again (partialResults: "return" returns them)',
    );
    expect(error.errors).toEqual([]);
    expect(error.partialImages).toHaveLength(3);
    expect(error.partialResult.requestIds).toHaveLength(2);
  });

  it('returns the fewer images with a partial-result warning under partialResults: "return"', async () => {
    halving();

    const result = await client().images.generate(
      { model: "openai/gpt-image-2", prompt: "A fox", n: 4 },
      { partialResults: "return" },
    );

    expect(result.images).toHaveLength(3);
    expect(result.warnings).toContainEqual({
      type: "partial-result",
      message: "the gateway made 3 of 4 images even after follow-up calls",
    });
  });

  it("keeps the first n when the gateway returns more", async () => {
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const body = recordOf(await request.clone().json());
        return gateway.fetch(withJsonBody(request, { ...body, n: Number(body.n) + 1 }));
      }),
    );

    const result = await client().images.generate({
      model: "openai/gpt-image-2",
      prompt: "A fox",
      n: 2,
    });

    expect(gateway.calls).toHaveLength(1);
    expect(result.images).toHaveLength(2);
    // The third image was paid for: the caller is told.
    expect(result.warnings).toContainEqual({
      type: "ignored-option",
      message: expect.stringContaining("the gateway returned 3 images for n: 2"),
    });
  });
});

describe("images.generate cost", () => {
  it("estimates the cost from the catalog when the gateway sends no usage", async () => {
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const response = await gateway.fetch(request);
        const { usage: _usage, ...rest } = zGenerateImagesResponse.parse(await response.json());
        return HttpResponse.json(rest, { headers: gatewayHeaders(response) });
      }),
    );

    const result = await client().images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cabin",
      n: 2,
      size: "2048x2048",
    });

    expect(result.images).toHaveLength(2);
    expect(result.usage).toBeUndefined();
    expect(result.cost).toEqual({ usd: 0.09, source: "estimate" });
    expect(result.warnings.map((warning) => warning.type)).toEqual(["fan-out", "estimated-cost"]);
  });

  it("says so when some calls of a fan-out came without usage: the totals count only the others", async () => {
    let call = 0;
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const response = await gateway.fetch(request);
        const body = zGenerateImagesResponse.parse(await response.json());
        // The second call's answer has no usage.
        const { usage: _usage, ...rest } = body;
        return HttpResponse.json(call++ === 1 ? rest : body, { headers: gatewayHeaders(response) });
      }),
    );

    const result = await client().images.generate(
      { model: "bytedance/seedream-4-5", prompt: "A cabin", n: 3, size: "2048x2048" },
      { maxConcurrency: 1 },
    );

    expect(gateway.calls).toHaveLength(3);
    expect(result.usage).toBeDefined();
    expect(result.warnings).toContainEqual({
      type: "incomplete-usage",
      message: "the gateway sent no usage for 1 of 3 calls; usage counts the others",
    });
  });

  it("estimates a Google 1K image at 16:9 at the 1K price (its 1376×768 pixels are more than 1024²)", async () => {
    // Google's own 1K 16:9 size, and no usage: the estimate rests on the size alone.
    const wide = encodeBase64(await pngOf(1376, 768));
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const response = await gateway.fetch(request);
        const { created } = zGenerateImagesResponse.parse(await response.json());
        return HttpResponse.json(
          { created, data: [{ b64_json: wide }] },
          { headers: gatewayHeaders(response) },
        );
      }),
    );

    // Asked for 1K, asked for nothing (the model's default tier is 1K), and asked for "auto"
    // (the same as nothing).
    for (const size of ["1K", undefined, "auto"] as const) {
      const result = await client().images.generate({
        model: "gemini-3.1-flash-image",
        prompt: "A cabin",
        size,
        aspect_ratio: "16:9",
      });

      expect([result.images[0]?.width, result.images[0]?.height]).toEqual([1376, 768]);
      // 1,120 image tokens at $60/M, as the catalog prices 1K (not 2K's 1,680).
      expect(result.cost, `size ${size}`).toEqual({ usd: 0.0672, source: "estimate" });
    }
  });
  it("estimates Grok Imagine 2.0 by quality and xAI's resolution, as the gateway bills it", async () => {
    // xAI's 1k image at 3:2 is 1296×864 (more pixels than 1024², still 1k); its 2k at 1:1 is
    // 2048². No usage: the estimate rests on what was asked and the size that came back.
    const images = {
      "1k": encodeBase64(await pngOf(1296, 864)),
      "2k": encodeBase64(await pngOf(2048, 2048)),
    };
    let served: keyof typeof images = "1k";
    server.use(
      http.post(`${baseURL}/images/generations`, async ({ request }) => {
        const response = await gateway.fetch(request);
        const { created } = zGenerateImagesResponse.parse(await response.json());
        return HttpResponse.json(
          { created, data: [{ b64_json: images[served] }] },
          { headers: gatewayHeaders(response) },
        );
      }),
    );
    const model = "xai/grok-imagine-image-2-0";

    // low/1k is $0.04, not low/2k's $0.06: xAI's 1k is not 1K in pixels.
    const low = await client().images.generate({
      model,
      prompt: "A cabin",
      quality: "low",
      aspect_ratio: "3:2",
    });
    expect(low.cost).toEqual({ usd: 0.04, source: "estimate" });
    // Asked as WxH: 1536 is not over the gateway's 1536 px line for 2k.
    const wxh = await client().images.generate({
      model,
      prompt: "A cabin",
      quality: "medium",
      size: "1536x1024",
    });
    expect(wxh.cost).toEqual({ usd: 0.06, source: "estimate" });
    // No quality is xAI's medium: medium/2k is $0.08, not the table's default $0.06.
    served = "2k";
    const large = await client().images.generate({ model, prompt: "A cabin", size: "2K" });
    expect(large.cost).toEqual({ usd: 0.08, source: "estimate" });
  });
});

describe("images.generate when some calls of a fan-out fail", () => {
  it("throws IncompleteResultError carrying the images made and the failure", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "spend_cap" });

    const error = await caught(() =>
      client().images.generate({
        model: "bytedance/seedream-4-5",
        prompt: "A fox",
        n: 3,
        size: "1920x1920",
      }),
    );

    expect(error).toBeInstanceOf(IncompleteResultError);
    if (!IncompleteResultError.isInstance(error)) return;
    expect(error.partialImages).toHaveLength(2);
    expect(error.partialImages.every((image) => image instanceof GeneratedImage)).toBe(true);
    // What was made is paid for, and the error says what it cost and which calls made it.
    expect(error.partialResult.images).toBe(error.partialImages);
    expect(error.partialResult.cost).toEqual({ usd: 0.09, source: "gateway" });
    expect(error.partialResult.requestIds).toHaveLength(2);
    expect(error.partialResult.warnings.map((warning) => warning.type)).toContain("partial-result");
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toBeInstanceOf(PaymentRequiredError);
    expect(error.cause).toBe(error.errors[0]);
    expect(error.message).toMatch(/^Only 2 of 3 images arrived: 1 call\(s\) failed \(first: 402 /);
    expect(gateway.calls.map((call) => call.status).sort()).toEqual([200, 200, 402]);
  });

  it("starts no further call after a failure (maxConcurrency: 1)", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "spend_cap" });

    const error = await caught(() =>
      client().images.generate(
        { model: "bytedance/seedream-4-5", prompt: "A fox", n: 3, size: "1920x1920" },
        { maxConcurrency: 1 },
      ),
    );

    expect(IncompleteResultError.isInstance(error) && error.partialImages).toHaveLength(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 402]);
  });

  it("a failure stops the siblings' retries: no waiting out their Retry-After, and that failure comes first", async () => {
    // One call is told to come back in 30 s; the other fails for good at once.
    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 30_000 }, { type: "spend_cap" });
    const started = performance.now();

    const error = await caught(() =>
      client({ maxRetries: 2 }).images.generate({
        model: "bytedance/seedream-4-5",
        prompt: "A fox",
        n: 2,
        size: "1920x1920",
      }),
    );

    expect(performance.now() - started).toBeLessThan(5_000);
    // No image was made: the failure that decided it is what is thrown, not the 429.
    expect(error).toBeInstanceOf(PaymentRequiredError);
    expect(gateway.calls.map((call) => call.status).sort()).toEqual([402, 429]);
  });

  /** Three Seedream images (three calls), with retries. */
  const threeFoxesWithRetries = () =>
    client({ maxRetries: 2 }).images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A fox",
      n: 3,
      size: "1920x1920",
    });

  it("a sibling stopped in its backoff reports its 429 as the gateway sent it, after the failure that stopped it", async () => {
    // One call makes its image, one is told to come back in 30 s, one fails for good.
    gateway.faults.enqueue(
      { type: "latency", ms: 0 },
      { type: "rate_limit", retryAfterMs: 30_000 },
      { type: "spend_cap" },
    );

    const error = await caught(threeFoxesWithRetries);

    expect(IncompleteResultError.isInstance(error)).toBe(true);
    if (!IncompleteResultError.isInstance(error)) return;
    const [first, stopped] = error.errors;
    expect(first).toBeInstanceOf(PaymentRequiredError);
    expect(stopped).toBeInstanceOf(RateLimitError);
    if (!RateLimitError.isInstance(stopped)) return;
    const answered = gateway.calls.find((call) => call.status === 429);
    expect([stopped.code, stopped.requestId]).toEqual(["rate_limit_exceeded", answered?.requestId]);
    expect(stopped.message).not.toMatch(/HTTP 429/);
  });

  it("a sibling stopped in its backoff after a 5xx keeps the gateway's message too", async () => {
    // One call makes its image, one gets a 502 to retry, one fails for good.
    gateway.faults.enqueue(
      { type: "latency", ms: 0 },
      { type: "server_error", status: 502 },
      { type: "spend_cap" },
    );

    const error = await caught(threeFoxesWithRetries);

    expect(IncompleteResultError.isInstance(error)).toBe(true);
    if (!IncompleteResultError.isInstance(error)) return;
    const stopped = error.errors.find(
      (failure) => APIError.isInstance(failure) && failure.status === 502,
    );
    expect(APIError.isInstance(stopped)).toBe(true);
    if (!APIError.isInstance(stopped)) return;
    expect(stopped.message).toMatch(/upstream connection terminated/);
    expect(stopped.requestId).toBe(gateway.calls.find((call) => call.status === 502)?.requestId);
    // Stopped, not retried.
    expect(gateway.calls.map((call) => call.status).sort()).toEqual([200, 402, 502]);
  });

  describe("a provider image URL that cannot be downloaded (calls routed through chat)", () => {
    /** Qwen through chat (for `seed`), its images served as provider URLs; the first call's second one is gone. */
    async function providerURLs(
      options: { withoutCost?: boolean; gone?: (call: number, index: number) => boolean } = {},
    ): Promise<Uint8Array> {
      const gone = options.gone ?? ((call, index) => call === 0 && index === 1);
      const png = await pngOf(64, 32);
      let call = 0;
      server.use(
        http.post(`${baseURL}/chat/completions`, async ({ request }) => {
          const response = await gateway.fetch(request);
          const body = (await response.json()) as ChatCompletion;
          const message = body.choices[0]?.message;
          const at = call++;
          if (options.withoutCost && body.usage) body.usage = { ...body.usage, cost: undefined };
          if (message)
            message.images = message.images?.map((image, index) => ({
              ...image,
              image_url: {
                url: `https://cdn.provider.test/${gone(at, index) ? "gone" : "ok"}/${at}-${index}.png`,
              },
            }));
          return HttpResponse.json(body, { headers: gatewayHeaders(response) });
        }),
        http.get("https://cdn.provider.test/ok/*", () =>
          HttpResponse.arrayBuffer(png.slice().buffer),
        ),
        http.get(
          "https://cdn.provider.test/gone/*",
          () => new HttpResponse("gone", { status: 404 }),
        ),
      );
      return png;
    }
    const sixFoxes = { model: "alibaba/qwen-image-3.0", prompt: "A fox", seed: 7, n: 6 } as const;

    it("keeps the images that downloaded and the cost of every call that was paid (partialResults: return)", async () => {
      await providerURLs();

      const result = await client().images.generate(sixFoxes, {
        maxConcurrency: 1,
        partialResults: "return",
      });

      // Two calls (4 + 2 images), both answered and billed; one image of the first is lost.
      expect(gateway.calls.map((call) => call.status)).toEqual([200, 200]);
      expect(result.images).toHaveLength(5);
      expect(result.requestIds).toEqual(gateway.calls.map((call) => call.requestId));
      expect(result.cost).toEqual({ usd: 0.18, source: "gateway" });
      expect(result.warnings).toContainEqual(
        expect.objectContaining({
          type: "partial-result",
          message: expect.stringMatching(
            /^1 call\(s\) failed \(first: 1 of 4 images could not be downloaded .*\); 5 of 6 images were made$/,
          ),
        }),
      );
      // The link of the image paid for and lost, which only the error held.
      const [error] = result.errors;
      expect(result.errors).toHaveLength(1);
      expect(IncompleteMessageError.isInstance(error) && error.failedURLs).toEqual([
        expect.stringMatching(/^https:\/\/cdn\.provider\.test\/gone\//),
      ]);
    });

    it("estimates the cost of every image made, downloaded or not, when the gateway sent none", async () => {
      await providerURLs({ withoutCost: true });

      const result = await client().images.generate(sixFoxes, {
        maxConcurrency: 1,
        partialResults: "return",
      });

      // Six images made at $0.03 each, though five arrived.
      expect(result.images).toHaveLength(5);
      expect(result.cost).toEqual({ usd: 0.18, source: "estimate" });
    });

    it("a call none of whose images downloaded throws IncompleteResultError with its cost, in both modes", async () => {
      await providerURLs({ gone: () => true });
      const fox = { model: "alibaba/qwen-image-3.0", prompt: "A fox", seed: 7 } as const;

      for (const partialResults of ["throw", "return"] as const) {
        const error = await caught(() => client().images.generate(fox, { partialResults }));

        // Paid for, though nothing arrived: the cost is not lost with the download.
        expect(IncompleteResultError.isInstance(error)).toBe(true);
        if (!IncompleteResultError.isInstance(error)) return;
        expect(error.partialImages).toEqual([]);
        expect(error.partialResult.cost).toEqual({ usd: 0.03, source: "gateway" });
        // And the link of the image, to fetch while it lasts, with why it failed.
        const [failure] = error.errors;
        expect(failure).toBeInstanceOf(IncompleteMessageError);
        expect(error.cause).toBe(failure);
        if (!IncompleteMessageError.isInstance(failure)) return;
        expect(failure.failedURLs).toEqual([
          expect.stringMatching(/^https:\/\/cdn\.provider\.test\/gone\//),
        ]);
        expect(failure.errors[0]).toBeInstanceOf(APIConnectionError);
      }
    });

    it("throws IncompleteResultError carrying them, and the failure names the request that made the image", async () => {
      await providerURLs();

      const error = await caught(() => client().images.generate(sixFoxes, { maxConcurrency: 1 }));

      expect(IncompleteResultError.isInstance(error)).toBe(true);
      if (!IncompleteResultError.isInstance(error)) return;
      // The first call's three good images; no second call is started after the failure.
      expect(error.partialImages).toHaveLength(3);
      expect(error.partialResult.cost).toEqual({ usd: 0.12, source: "gateway" });
      expect(gateway.calls).toHaveLength(1);
      const [failure] = error.errors;
      expect(failure).toBeInstanceOf(IncompleteMessageError);
      if (!IncompleteMessageError.isInstance(failure)) return;
      expect(failure.requestId).toBe(gateway.calls[0]?.requestId);
      expect(failure.imageURLs).toHaveLength(4);
      expect(failure.failedURLs).toEqual([failure.imageURLs[1]]);
      expect(failure.errors[0] instanceof Error && failure.errors[0].message).toBe(
        `Downloading the generated image from cdn.provider.test (made by request ${gateway.calls[0]?.requestId}) failed with HTTP 404`,
      );
    });
  });

  it('returns the images made with a partial-result warning when partialResults is "return"', async () => {
    gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "spend_cap" });

    const result = await client().images.generate(
      { model: "bytedance/seedream-4-5", prompt: "A fox", n: 3, size: "1920x1920" },
      { partialResults: "return" },
    );

    expect(result.images).toHaveLength(2);
    expect(result.requestIds).toHaveLength(2);
    expect(result.cost).toEqual({ usd: 0.09, source: "gateway" });
    expect(result.warnings.map((warning) => warning.type)).toEqual(["fan-out", "partial-result"]);
    expect(result.warnings[1]?.message).toMatch(
      /^1 call\(s\) failed \(first: 402 Insufficient credits: .*\); 2 of 3 images were made$/,
    );
    expect(result.errors).toEqual([expect.objectContaining({ status: 402 })]);
  });

  it.each(["throw", "return"] as const)(
    "throws the first error itself when every call fails (partialResults: %s)",
    async (partialResults) => {
      gateway.faults.enqueue({ type: "spend_cap" }, { type: "spend_cap" }, { type: "spend_cap" });

      const error = await caught(() =>
        client().images.generate(
          { model: "bytedance/seedream-4-5", prompt: "A fox", n: 3, size: "1920x1920" },
          { partialResults },
        ),
      );

      expect(error).toBeInstanceOf(PaymentRequiredError);
      expect(error).not.toBeInstanceOf(IncompleteResultError);
      expect(PaymentRequiredError.isInstance(error) && error.status).toBe(402);
    },
  );

  it.each(["throw", "return"] as const)(
    "an abort half-way through rejects with APIUserAbortError, which keeps the images answered before it, paid for, on its partialResult (partialResults: %s)",
    async (partialResults) => {
      // The first call answers at once, the second hangs until the caller gives up.
      gateway.faults.enqueue({ type: "latency", ms: 0 }, { type: "latency", ms: 20_000 });
      const controller = new AbortController();
      // Timed from the first answer, not from the start: on a loaded machine making the first
      // image alone can take longer than a fixed delay.
      let answers = 0;
      const abortAfterFirst = () => {
        if (++answers === 1) setTimeout(() => controller.abort(), 300);
      };

      const error = await caught(() =>
        client().images.generate(
          { model: "bytedance/seedream-4-5", prompt: "A fox", n: 3, size: "1920x1920" },
          {
            maxConcurrency: 1,
            signal: controller.signal,
            partialResults,
            onResponse: abortAfterFirst,
          },
        ),
      );

      if (!APIUserAbortError.isInstance(error)) throw error;
      const [paid] = gateway.calls;
      expect(paid?.status).toBe(200);
      expect(error.partialResult?.images).toHaveLength(1);
      expect(error.partialResult?.requestIds).toEqual([paid?.requestId]);
      expect(error.partialResult?.cost).toEqual({ usd: 0.045, source: "gateway" });
      // The calls cut short (under "return", the one not yet sent is too).
      const cut = error.partialResult?.errors ?? [];
      expect(cut.length).toBeGreaterThan(0);
      expect(cut.every((call) => APIUserAbortError.isInstance(call))).toBe(true);
    },
  );

  it("an abort before any call is answered has no partialResult", async () => {
    gateway.faults.enqueue({ type: "latency", ms: 20_000 }, { type: "latency", ms: 20_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);

    const error = await caught(() =>
      client().images.generate(
        { model: "bytedance/seedream-4-5", prompt: "A fox", n: 2, size: "1920x1920" },
        { signal: controller.signal },
      ),
    );

    if (!APIUserAbortError.isInstance(error)) throw error;
    expect(error.partialResult).toBeUndefined();
  });

  it("a per-call maxConcurrency of 0 is a TypeError, and nothing is sent", async () => {
    const error = await caught(() =>
      client().images.generate(
        { model: "bytedance/seedream-4-5", prompt: "A fox", n: 3 },
        { maxConcurrency: 0 },
      ),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error instanceof Error && error.message).toContain(
      "maxConcurrency must be a whole number ≥ 1",
    );
    expect(gateway.calls).toHaveLength(0);
  });
});
