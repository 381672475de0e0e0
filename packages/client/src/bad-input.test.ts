// The "Bad input" list of the client's acceptance criteria, item by item, through the real HTTP
// layer (msw and the mock gateway): each is a RequestValidationError (or a TypeError at
// construction) that names the field, says what it takes, and nothing reaches the gateway.
import { encodeBase64 } from "@pictor/contract";
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { apiKey, baseURL, caught, useClientTestServer } from "./__fixtures__/client-test-server";
import { notAnImage, pngOf } from "./__fixtures__/image-bytes";
import { RequestValidationError, type ValidationIssue } from "./core/errors";
import { Pictor } from "./pictor";

const { server, client } = useClientTestServer();
const png = await pngOf(96, 64, "bad input");

/** Every request that set out for the gateway, answered or not: none may, for bad input. */
let toGateway: string[] = [];
beforeEach(() => {
  toGateway = [];
  server.events.on("request:start", ({ request }) => {
    if (request.url.startsWith(baseURL)) toGateway.push(request.url);
  });
});

function issuesOf(error: unknown): readonly ValidationIssue[] {
  if (!RequestValidationError.isInstance(error)) throw error;
  return error.issues;
}

/** The issues `call` is refused with; fails if anything was sent to the gateway. */
async function refused(call: () => Promise<unknown>): Promise<readonly ValidationIssue[]> {
  const issues = issuesOf(await caught(call));
  expect(toGateway).toEqual([]);
  return issues;
}

// JSON.parse stands for untyped code (a form, a request body): TypeScript would refuse these.
describe("wrong types", () => {
  it("a prompt that is not a string, in a generate and an edit, naming prompt", async () => {
    const generate = await refused(() =>
      client().images.generate(JSON.parse('{"model":"bytedance/seedream-4-5","prompt":123}')),
    );
    const edit = await refused(() =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: JSON.parse("42"),
        images: [png],
      }),
    );

    for (const issues of [generate, edit])
      expect(issues).toEqual([{ path: "prompt", message: "Expected string, received number" }]);
  });

  it("a size that is a number, naming size and the model's sizes", async () => {
    const issues = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"alibaba/qwen-image-plus","prompt":"x","size":1024}'),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["size"]);
    expect(issues[0]?.accepted).toEqual([
      "1664x928",
      "1472x1140",
      "1328x1328",
      "1140x1472",
      "928x1664",
    ]);
    expect(issues[0]?.message).toBe(
      'size must be a string such as "1664x928", got the number 1024',
    );
  });

  it("a size that is a number, for a model the catalog does not know and in an edit, said to be a number", async () => {
    const unknownModel = await refused(() =>
      client().images.generate(JSON.parse('{"model":"acme/paint-9000","prompt":"x","size":1024}')),
    );
    const edit = await refused(() =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: "x",
        size: JSON.parse("1024"),
        images: [png],
      }),
    );

    expect(unknownModel).toEqual([
      { path: "size", message: 'size must be a string such as "1024x1024", got the number 1024' },
    ]);
    expect(edit.map((issue) => issue.message)).toEqual([
      'size must be a string such as "1024x1024", got the number 1024',
    ]);
  });

  it("an aspect_ratio that is a number, said to be one, for a known model and one the catalog does not know", async () => {
    const known = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"gemini-3-pro-image-preview","prompt":"x","aspect_ratio":1.5}'),
      ),
    );
    const unknownModel = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"acme/paint-9000","prompt":"x","aspect_ratio":1.5}'),
      ),
    );

    expect(known).toEqual([
      {
        path: "aspect_ratio",
        message: 'aspect_ratio must be a string such as "1:1", got the number 1.5',
        accepted: ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"],
      },
    ]);
    expect(unknownModel).toEqual([
      {
        path: "aspect_ratio",
        message: 'aspect_ratio must be a string such as "16:9", got the number 1.5',
      },
    ]);
  });

  it('a size or aspect_ratio that is null (openai-node\'s types take it for the default) says null, not "null"', async () => {
    const generate = await refused(() =>
      client().images.generate(
        JSON.parse(
          '{"model":"gemini-3-pro-image-preview","prompt":"x","size":null,"aspect_ratio":null}',
        ),
      ),
    );
    const chat = await refused(() =>
      client().chat.completions.create({
        model: "acme/paint-9000",
        messages: [{ role: "user", content: "a cat" }],
        image_config: JSON.parse('{"image_size":null}'),
      }),
    );

    expect(generate.map((issue) => issue.message)).toEqual([
      `size must be a string such as "1K", got null (leave it out for the model's default)`,
      `aspect_ratio must be a string such as "1:1", got null (leave it out for the model's default)`,
    ]);
    expect(chat.map((issue) => issue.message)).toEqual([
      `image_config.image_size must be a string such as "1K", got null (leave it out for the model's default)`,
    ]);
  });

  it("a size or aspect_ratio given as null to a model that ignores it says it would be ignored, as quality does", async () => {
    const noSizeSetting = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"gemini-2.5-flash-image","prompt":"x","size":null}'),
      ),
    );
    const noAspectRatio = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"gpt-image-2","prompt":"x","aspect_ratio":null}'),
      ),
    );

    // No value would do: a suggested "1024x1024" or "16:9" would be dropped all the same.
    expect(noSizeSetting.map((issue) => issue.message)).toEqual([
      'model "gemini-2.5-flash-image" ignores size on this endpoint',
    ]);
    expect(noAspectRatio.map((issue) => issue.message)).toEqual([
      'model "gpt-image-2" ignores aspect_ratio; set the shape with size instead',
    ]);
  });

  it("quality, style, moderation and the edit's other string options given as null or a number say so, with the values", async () => {
    const leaveOut = "got null (leave it out for the model's default)";
    const generate = await refused(() =>
      client().images.generate(
        JSON.parse(
          '{"model":"gpt-image-2","prompt":"x","quality":null,"style":3,"moderation":null,"service_tier":2}',
        ),
      ),
    );
    const edit = await refused(() =>
      client().images.edit({
        ...JSON.parse(
          '{"model":"gpt-image-2","prompt":"x","quality":4,"background":null,"input_fidelity":1,"output_format":null}',
        ),
        images: [png],
      }),
    );
    const unknownModel = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"acme/paint-9000","prompt":"x","quality":null}'),
      ),
    );
    const noQualitySetting = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"gemini-3-pro-image-preview","prompt":"x","quality":null}'),
      ),
    );

    // The model's qualities where the catalog lists them, else the spec's values.
    expect(generate).toEqual([
      {
        path: "style",
        message: 'style must be a string such as "vivid", got the number 3',
        accepted: ["vivid", "natural"],
      },
      {
        path: "moderation",
        message: `moderation must be a string such as "auto", ${leaveOut}`,
        accepted: ["auto", "low"],
      },
      {
        path: "service_tier",
        message: 'service_tier must be a string such as "auto", got the number 2',
        accepted: ["auto", "default", "flex", "priority"],
      },
      {
        path: "quality",
        message: `quality must be a string such as "low", ${leaveOut}`,
        accepted: ["low", "medium", "high", "auto"],
      },
    ]);
    expect(edit.map((issue) => issue.message)).toEqual([
      `background must be a string such as "transparent", ${leaveOut}`,
      'input_fidelity must be a string such as "high", got the number 1',
      `output_format must be a string such as "png", ${leaveOut}`,
      'quality must be a string such as "low", got the number 4',
    ]);
    expect(unknownModel).toEqual([
      {
        path: "quality",
        message: `quality must be a string such as "standard", ${leaveOut}`,
        accepted: ["standard", "hd", "low", "medium", "high", "xhigh", "max", "auto"],
      },
    ]);
    // No value would do: the model ignores the option, which says to leave it out.
    expect(noQualitySetting.map((issue) => issue.message)).toEqual([
      'model "gemini-3-pro-image-preview" has no quality setting; quality would be ignored',
    ]);
  });

  it("a chat image_config.image_quality or moderation given as null says so, with the model's values, as the images API's quality does", async () => {
    const leaveOut = "got null (leave it out for the model's default)";
    const messages = [{ role: "user" as const, content: "a cat" }];
    const known = await refused(() =>
      client().chat.completions.create({
        model: "gpt-image-2",
        messages,
        image_config: JSON.parse('{"image_quality":null,"moderation":null}'),
      }),
    );
    const unknownModel = await refused(() =>
      client().chat.completions.create({
        model: "acme/paint-9000",
        messages,
        image_config: JSON.parse('{"image_quality":3}'),
      }),
    );
    const noQualitySetting = await refused(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages,
        image_config: JSON.parse('{"image_quality":null}'),
      }),
    );

    expect(known).toEqual([
      {
        path: "image_config.image_quality",
        message: `image_config.image_quality must be a string such as "low", ${leaveOut}`,
        accepted: ["low", "medium", "high", "auto"],
      },
      {
        path: "image_config.moderation",
        message: `image_config.moderation must be a string such as "auto", ${leaveOut}`,
        accepted: ["auto", "low"],
      },
    ]);
    expect(unknownModel).toEqual([
      {
        path: "image_config.image_quality",
        message: 'image_config.image_quality must be a string such as "low", got the number 3',
        accepted: ["low", "medium", "high", "xhigh", "max", "auto"],
      },
    ]);
    // No value would do: the model ignores the option, which says to leave it out.
    expect(noQualitySetting.map((issue) => issue.message)).toEqual([
      'model "gemini-3-pro-image-preview" has no quality setting; image_config.image_quality would be ignored',
    ]);
  });

  it("a chat image_config.image_size or aspect_ratio that is a number, naming the field and the model's values", async () => {
    const messages = [{ role: "user" as const, content: "a cat" }];
    const issues = await refused(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages,
        image_config: JSON.parse('{"image_size":1024,"aspect_ratio":1.5}'),
      }),
    );

    expect(issues).toEqual([
      {
        path: "image_config.aspect_ratio",
        message: 'image_config.aspect_ratio must be a string such as "1:1", got the number 1.5',
        accepted: ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"],
      },
      {
        path: "image_config.image_size",
        message: 'image_config.image_size must be a string such as "1K", got the number 1024',
        accepted: ["1K", "2K", "4K"],
      },
    ]);
  });

  it("a chat image_config.image_size or aspect_ratio that is a number, for a model the catalog does not know", async () => {
    const issues = await refused(() =>
      client().chat.completions.create({
        model: "acme/paint-9000",
        messages: [{ role: "user", content: "a cat" }],
        image_config: JSON.parse('{"image_size":1024,"aspect_ratio":1.5}'),
      }),
    );

    expect(issues).toEqual([
      {
        path: "image_config.aspect_ratio",
        message: 'image_config.aspect_ratio must be a string such as "16:9", got the number 1.5',
      },
      {
        path: "image_config.image_size",
        message: 'image_config.image_size must be a string such as "1K", got the number 1024',
      },
    ]);
  });

  it("an input image that is a number, naming its index and the forms taken", async () => {
    const issues = await refused(() =>
      client().images.edit({ model: "openai/gpt-image-2", prompt: "x", images: [JSON.parse("5")] }),
    );

    expect(issues).toEqual([
      {
        path: "images.0",
        message:
          "must be a URL, data URL, base64 string, Uint8Array, ArrayBuffer, Blob or GeneratedImage",
      },
    ]);
  });

  it("an input image given as a file path (openai-node reads files; Pictor's browser core cannot), pointing to imageFromFile", async () => {
    for (const path of ["./photo.png", "/home/me/Pictures/cat.jpg", "C:\\Users\\me\\cat.png"]) {
      const issues = await refused(() =>
        client().images.edit({ model: "openai/gpt-image-2", prompt: "x", images: [path] }),
      );

      expect(issues).toEqual([
        {
          path: "images.0",
          message:
            "is not an https, data: or blob: URL or base64 image data: pass one of those, its bytes or Blob; a file on Node: imageFromFile(path) from @pictor/client/node",
        },
      ]);
    }
  });

  it("chat messages that are a string, naming messages", async () => {
    const issues = await refused(() =>
      client().chat.completions.create(
        JSON.parse('{"model":"gemini-3-pro-image-preview","messages":"A fox"}'),
      ),
    );

    expect(issues).toEqual([{ path: "messages", message: "Expected array, received string" }]);
  });
});

describe("empty prompts", () => {
  it("an edit's and a chat message's, naming the field", async () => {
    const edit = await refused(() =>
      client().images.edit({ model: "openai/gpt-image-2", prompt: "", images: [png] }),
    );
    const chat = await refused(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "" }],
      }),
    );

    expect(edit).toEqual([{ path: "prompt", message: "prompt is empty: describe the image" }]);
    expect(chat).toEqual([
      {
        path: "messages.0.content",
        message: "a user message needs text or an image; this one has an empty string",
      },
    ]);
  });
});

describe("unknown size strings (neither WIDTHxHEIGHT nor a tier)", () => {
  it.each([
    ["bytedance/seedream-4-5", "huge", ["2048x2048", "3072x2048", "2048x3072", "2K", "4K"]],
    ["gemini-3-pro-image-preview", "large", ["1K", "2K", "4K"]],
    [
      "alibaba/qwen-image-plus",
      "1328*1328",
      ["1664x928", "1472x1140", "1328x1328", "1140x1472", "928x1664"],
    ],
  ])("%s refuses size %j, listing what it takes", async (model, size, accepted) => {
    const issues = await refused(() =>
      client().images.generate(JSON.parse(JSON.stringify({ model, prompt: "A fox", size }))),
    );

    expect(issues).toEqual([
      {
        path: "size",
        message: expect.stringMatching(
          new RegExp(
            `^model "${model}": size "${size.replace("*", "\\*")}" is neither WIDTHxHEIGHT nor a tier; valid sizes: `,
          ),
        ),
        accepted,
      },
    ]);
  });

  it("a model whose sizes are a pixel rule says the rule in words, with sizes that fit it", async () => {
    const issues = await refused(() =>
      client().images.generate(
        JSON.parse('{"model":"openai/gpt-image-2","prompt":"A fox","size":"large"}'),
      ),
    );

    expect(issues).toEqual([
      {
        path: "size",
        message: expect.stringContaining(
          "valid sizes: WIDTHxHEIGHT with each side 1–3840 px, a multiple of 16, 655360–8294400 pixels in all (e.g. 1024x1024, 1536x1024, 1024x1536)",
        ),
        accepted: ["1024x1024", "1536x1024", "1024x1536"],
      },
    ]);
  });

  it("a size that breaks a pixel rule lists sizes that fit it too, each of which the gateway takes", async () => {
    const issues = await refused(() =>
      client().images.generate({ model: "zai/cogview-4", prompt: "A fox", size: "4096x4096" }),
    );
    const accepted = issues[0]?.accepted ?? [];

    expect(issues[0]?.message).toContain("each side 512–2048 px, a multiple of 16");
    expect(accepted).toEqual(["1024x1024", "1536x1024", "1024x1536"]);
    // The model known only at run time, as a size from `accepted` is.
    const model: string = "zai/cogview-4";
    for (const size of accepted)
      expect(
        (await client().images.generate({ model, prompt: "A fox", size })).images,
      ).toHaveLength(1);
  });

  it("an edit's too", async () => {
    const issues = await refused(() =>
      client().images.edit(
        JSON.parse(
          JSON.stringify({ model: "openai/gpt-image-2", prompt: "x", size: "big", images: [] }),
        ),
      ),
    );

    expect(issues.map((issue) => issue.path)).toContain("size");
  });
});

describe("negative or huge n on an edit (a generate's: images-options.test.ts)", () => {
  it.each([
    [-1, "got -1"],
    [1e9, "got 1000000000"],
  ])("n: %s names the range and the value", async (n, got) => {
    const issues = await refused(() =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: "x",
        n: JSON.parse(String(n)),
        images: [png],
      }),
    );

    expect(issues).toEqual([
      { path: "n", message: `n must be a whole number from 1 to 10 (images to make), ${got}` },
    ]);
  });
});

describe("negative or huge n in a chat's image_config", () => {
  it.each([
    [-1, "Number must be greater than or equal to 1"],
    [1_000_000, "Number must be less than or equal to 10"],
  ])("image_config.n: %s names image_config.n and its bound", async (n, message) => {
    const issues = await refused(() =>
      client().chat.completions.create({
        model: "alibaba/qwen-image-plus",
        messages: [{ role: "user", content: "A fox" }],
        image_config: { n },
      }),
    );

    expect(issues).toEqual([{ path: "image_config.n", message }]);
  });
});

describe("invalid base64", () => {
  const notBase64 = "is a data URL but not a valid base64 one (data:image/png;base64,...)";

  it("in an edit's data URL, naming the input", async () => {
    const issues = await refused(() =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: "x",
        images: [png, "data:image/png;base64,iVBOR*w0KGgo="],
      }),
    );

    expect(issues).toEqual([{ path: "images.1", message: notBase64 }]);
  });

  it("as bare base64 with data after its padding", async () => {
    const issues = await refused(() =>
      client().images.edit({
        model: "openai/gpt-image-2",
        prompt: "x",
        images: [`${encodeBase64(png)}AAAA`],
      }),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["images.0"]);
    expect(issues[0]?.message).toContain("base64 image data");
  });

  it("in a chat message's image part, naming the part", async () => {
    const issues = await refused(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Make it blue" },
              { type: "image_url", image_url: { url: "data:image/png;base64,!!!" } },
            ],
          },
        ],
      }),
    );

    expect(issues).toEqual([{ path: "messages.0.content.1.image_url.url", message: notBase64 }]);
  });
});

describe("non-image bytes in a chat message (an edit's: images-edit.test.ts)", () => {
  it("are refused by their part, listing the formats taken", async () => {
    const issues = await refused(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Make it blue" },
              { type: "image_url", image_url: { url: notAnImage } },
            ],
          },
        ],
      }),
    );

    expect(issues).toEqual([
      {
        path: "messages.0.content.1.image_url.url",
        message:
          "is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)",
      },
    ]);
  });
});

describe("unreachable image URLs", () => {
  it("an edit's is refused naming the input; only its host was asked", async () => {
    const dead = "https://dead.example.test/cat.png";
    server.use(http.get(dead, () => HttpResponse.error()));

    const issues = await refused(() =>
      client().images.edit({ model: "openai/gpt-image-2", prompt: "x", images: [png, dead] }),
    );

    expect(issues).toEqual([
      {
        path: "images.1",
        message: `${dead} could not be reached; check the URL, or pass the image's bytes instead`,
      },
    ]);
  });
});

describe("a baseURL without scheme", () => {
  it.each([
    ["api.llmgateway.io/v1", "https://api.llmgateway.io/v1"],
    ["localhost:3000", "http://localhost:3000"],
  ])(
    "%j is a TypeError at construction that names baseURL and shows the URL to write",
    (url, fix) => {
      const construct = () => new Pictor({ apiKey, baseURL: url });

      expect(construct).toThrow(TypeError);
      expect(construct).toThrow(new RegExp(`^baseURL "${url}" `));
      expect(construct).toThrow(fix);
    },
  );
});
