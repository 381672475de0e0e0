import type { ImageModelId, ImageSizeOf, KnownImageModelId } from "@pictor/contract";
import { describe, expectTypeOf, it } from "vitest";
import type { Pictor } from "../pictor";
import type { GeneratedImage } from "./generated-image";
import type { ImageInput } from "./image-input";
import type { ImageEditParams, ImageGenerateParams, NotTakenBy } from "./image-params";
import type { ImageCost, ImageResult } from "./image-result";

declare const pictor: Pictor;
declare const photo: Uint8Array<ArrayBuffer>;
/** A model picker's value: any catalog model. */
declare const picked: KnownImageModelId;
declare const flag: boolean;

describe("model", () => {
  it("autocompletes the catalog's ids yet accepts any string", () => {
    expectTypeOf<KnownImageModelId>().toExtend<ImageGenerateParams["model"]>();
    expectTypeOf<"bytedance/seedream-4-5">().toExtend<ImageModelId>();
    expectTypeOf<"my-org/custom-model">().toExtend<ImageModelId>();
    // Not plain `string`: the editor still lists the known ids.
    expectTypeOf<ImageModelId>().not.toEqualTypeOf<string>();
    pictor.images.generate({ model: "my-org/custom-model", prompt: "A fox", seed: 1 });
    const model: string = "my-org/custom-model";
    pictor.images.generate({ model, prompt: "A fox", seed: 1, moderation: "low" });
  });

  it("refuses images.generate for a model that only edits", () => {
    // @ts-expect-error qwen-image-edit-plus needs an input image: use images.edit
    pictor.images.generate({ model: "alibaba/qwen-image-edit-plus", prompt: "A fox" });
    pictor.images.edit({ model: "alibaba/qwen-image-edit-plus", prompt: "A fox", images: [photo] });
  });

  it("marks the model itself, not the whole call, with the reason", () => {
    pictor.images.generate({
      // @ts-expect-error qwen-image-edit-plus only edits images: use images.edit
      model: "alibaba/qwen-image-edit-plus",
      prompt: "A fox",
      size: "1024x1024",
    });
    pictor.images.edit({
      // @ts-expect-error cogview-4 cannot edit images
      model: "zai/cogview-4",
      prompt: "Make it blue",
      images: [photo],
    });
    expectTypeOf<ImageGenerateParams<"alibaba/qwen-image-edit-plus">["model"]>().toEqualTypeOf<
      "alibaba/qwen-image-edit-plus" & {
        "error: alibaba/qwen-image-edit-plus only edits images: use images.edit with an input image": true;
      }
    >();
    expectTypeOf<
      ImageGenerateParams<"openai/gpt-image-2">["model"]
    >().toEqualTypeOf<"openai/gpt-image-2">();
  });
});

describe("a model chosen at run time among known ones (a model picker)", () => {
  const cogview = Math.random() > 2;
  it("compiles an option one of them takes; the run time checks the one chosen", () => {
    pictor.images.generate({
      model: cogview ? "zai/cogview-4" : "alibaba/qwen-image-plus",
      prompt: "A fox",
      seed: 1,
    });
    pictor.images.generate({ model: picked, prompt: "A fox", seed: 1 });
  });
});

describe("size", () => {
  it("takes a seedream-4-5 WxH or tier, not a made-up word", () => {
    pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", size: "2048x2048" });
    pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", size: "2K" });
    pictor.images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A fox",
      // @ts-expect-error "huge" is neither WIDTHxHEIGHT nor a tier of seedream-4-5
      size: "huge",
    });
  });

  it("takes auto, as the gateway does (the same as leaving size out), on any model", () => {
    pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", size: "auto" });
    pictor.images.generate({ model: "alibaba/qwen-image-plus", prompt: "A fox", size: "auto" });
  });

  it("takes only qwen-image-plus's listed sizes", () => {
    pictor.images.generate({
      model: "alibaba/qwen-image-plus",
      prompt: "A fox",
      size: "1328x1328",
    });
    pictor.images.generate({
      model: "alibaba/qwen-image-plus",
      prompt: "A fox",
      // @ts-expect-error 4096x4096 is not in qwen-image-plus's size list
      size: "4096x4096",
    });
  });

  it("takes any size or aspect ratio for a model the catalog does not know", () => {
    pictor.images.generate({
      model: "my-org/custom-model",
      prompt: "A fox",
      size: "huge",
      aspect_ratio: "7:3",
    });
    // Any string (written `string & {}` so that a literal stays one), a `string` variable too.
    const chosen: string = "huge";
    pictor.images.generate({
      model: "my-org/custom-model",
      prompt: "A fox",
      size: chosen,
      aspect_ratio: chosen,
    });
    expectTypeOf<ImageGenerateParams<"my-org/custom-model">["size"]>().toEqualTypeOf<
      (string & {}) | "auto" | undefined
    >();
    expectTypeOf<ImageGenerateParams<"my-org/custom-model">["aspect_ratio"]>().toEqualTypeOf<
      (string & {}) | undefined
    >();
  });
});

describe("aspect_ratio", () => {
  it("takes a Google model's ratios only", () => {
    pictor.images.generate({
      model: "gemini-3-pro-image-preview",
      prompt: "A fox",
      aspect_ratio: "16:9",
    });
    pictor.images.generate({
      model: "gemini-3-pro-image-preview",
      prompt: "A fox",
      // @ts-expect-error 7:3 is not one of Gemini 3 Pro Image's ratios
      aspect_ratio: "7:3",
    });
  });

  it("is not an option of gpt-image-2", () => {
    pictor.images.generate({
      model: "openai/gpt-image-2",
      prompt: "A fox",
      // @ts-expect-error gpt-image-2 takes no aspect ratio
      aspect_ratio: "1:1",
    });
    expectTypeOf<ImageGenerateParams<"openai/gpt-image-2">["aspect_ratio"]>().toEqualTypeOf<
      NotTakenBy<"openai/gpt-image-2", "aspect_ratio"> | undefined
    >();
  });
});

describe("quality", () => {
  it("takes auto on any model, as the run time does (the provider's choice, the same as leaving it out)", () => {
    pictor.images.generate({ model: "gemini-3-pro-image", prompt: "A fox", quality: "auto" });
    pictor.images.generate({ model: "reve/reve-create", prompt: "A fox", quality: "auto" });
    pictor.images.edit({
      model: "bytedance/seedream-5-0-pro",
      prompt: "Make it blue",
      images: [photo],
      quality: "auto",
    });
    // Defaults shared by every model of a form compile whichever model is picked.
    const defaults = { quality: "auto" } as const;
    pictor.images.generate({ model: "gemini-3-pro-image", prompt: "A fox", ...defaults });
  });

  it("takes only the model's own values besides auto", () => {
    pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", quality: "high" });
    pictor.images.generate({
      model: "gemini-3-pro-image",
      prompt: "A fox",
      // @ts-expect-error Gemini has no quality setting: only auto (no choice) compiles
      quality: "high",
    });
    pictor.images.generate({
      model: "xai/grok-imagine-image",
      prompt: "A fox",
      // @ts-expect-error Grok Imagine has no xhigh quality
      quality: "xhigh",
    });
  });
});

describe("seed", () => {
  it("compiles for a model that honours it and not for one that does not", () => {
    pictor.images.generate({ model: "alibaba/qwen-image-plus", prompt: "A fox", seed: 42 });
    pictor.images.generate({
      model: "gemini-3-pro-image-preview",
      prompt: "A fox",
      // @ts-expect-error Gemini ignores seeds
      seed: 42,
    });
  });
});

describe("n", () => {
  it("refuses a literal above 10 but takes any number variable (checked at run time)", () => {
    pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", n: 10 });
    // @ts-expect-error at most 10 images per request
    pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", n: 11 });
    // @ts-expect-error at least 1 image
    pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", n: 0 });
    const count: number = 11;
    pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", n: count });
    expectTypeOf(pictor.images.generate<"bytedance/seedream-4-5", number>)
      .parameter(0)
      .toHaveProperty("n")
      .toEqualTypeOf<number | undefined>();
  });

  it("marks n itself, not the whole call, naming the range", () => {
    pictor.images.generate({
      model: "openai/gpt-image-2",
      prompt: "A fox",
      size: "1024x1024",
      // @ts-expect-error n must be a whole number from 1 to 10
      n: 12,
    });
    pictor.images.edit({
      model: "openai/gpt-image-2",
      prompt: "Make it blue",
      images: [photo],
      // @ts-expect-error n must be a whole number from 1 to 10
      n: 0,
    });
    expectTypeOf(pictor.images.generate<"openai/gpt-image-2", 12>)
      .parameter(0)
      .toHaveProperty("n")
      .toEqualTypeOf<(12 & { "error: n must be a whole number from 1 to 10": true }) | undefined>();
  });

  it("refuses a union of literals with one member out of range", () => {
    pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", n: flag ? 2 : 10 });
    // @ts-expect-error 11 is one of the values n may take here
    pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", n: flag ? 2 : 11 });
  });
});

describe("params written before the call", () => {
  it("checked with `satisfies ImageGenerateParams` (no model given) keep their literals and pass", () => {
    const square = {
      model: "openai/gpt-image-2",
      prompt: "A fox",
      size: "1024x1024",
    } satisfies ImageGenerateParams;
    pictor.images.generate(square);
    const wide = {
      model: "gemini-3-pro-image-preview",
      prompt: "A fox",
      aspect_ratio: "16:9",
    } satisfies ImageGenerateParams;
    pictor.images.generate(wide);
    const edit = {
      model: "gemini-3-pro-image-preview",
      prompt: "Watercolor",
      images: [photo],
      aspect_ratio: "16:9",
    } satisfies ImageEditParams;
    pictor.images.edit(edit);
    // Still checked against the model it names when passed on.
    const wrong = {
      model: "gemini-3-pro-image-preview",
      prompt: "A fox",
      aspect_ratio: "7:3",
    } satisfies ImageGenerateParams;
    // @ts-expect-error 7:3 is not one of Gemini's ratios
    pictor.images.generate(wrong);
  });
});

describe("images.edit", () => {
  it("does not compile for a model that cannot edit", () => {
    // @ts-expect-error cogview-4 cannot edit images
    pictor.images.edit({ model: "zai/cogview-4", prompt: "Make it blue", images: [photo] });
    pictor.images.edit({
      // @ts-expect-error the gateway gives Seedream 4.5 no image input (only 5.0 Pro and Flash)
      model: "bytedance/seedream-4-5",
      prompt: "Make it blue",
      images: [photo],
    });
    pictor.images.edit({
      model: "bytedance/seedream-5-0-pro",
      prompt: "Make it blue",
      images: [photo],
    });
    pictor.images.edit({
      model: "gemini-3-pro-image-preview",
      prompt: "Make it blue",
      images: [photo],
    });
  });

  it("compiles for a model that edits, with every input form", () => {
    pictor.images.edit({
      model: "gemini-3-pro-image-preview",
      prompt: "Make it blue",
      images: [
        photo,
        photo.buffer,
        "https://example.test/a.png",
        new Blob([]),
        "data:image/png;base64,AAAA",
      ],
      aspect_ratio: "4:3",
    });
    pictor.images.edit({
      model: "gemini-3-pro-image-preview",
      prompt: "Make it blue",
      // @ts-expect-error a number is no image input
      images: [42],
    });
  });

  it("types images as any list of image inputs", () => {
    expectTypeOf<ImageEditParams<"gemini-3-pro-image-preview">["images"]>().toEqualTypeOf<
      readonly ImageInput[]
    >();
  });

  it("accepts a model id that is only known at run time", () => {
    const model: string = "zai/cogview-4";
    pictor.images.edit({ model, prompt: "Make it blue", images: [photo], size: "any" });
  });
});

describe("the result", () => {
  it("holds GeneratedImages and a cost that may be missing", () => {
    type Result = Awaited<ReturnType<typeof pictor.images.generate>>;
    expectTypeOf<Result>().toEqualTypeOf<ImageResult>();
    expectTypeOf<Result["images"]>().toEqualTypeOf<GeneratedImage[]>();
    expectTypeOf<Result["cost"]>().toEqualTypeOf<ImageCost | undefined>();
    expectTypeOf<Awaited<ReturnType<typeof pictor.images.edit>>>().toEqualTypeOf<ImageResult>();
  });
});

describe("params typed for one model", () => {
  it("pass where params for any model are expected (a wrapper, a React hook)", () => {
    for (const model of [
      "bytedance/seedream-4-5",
      "openai/gpt-image-2",
      "reve/reve-create",
    ] as const)
      expectTypeOf<ImageGenerateParams<typeof model>>().toMatchTypeOf<ImageGenerateParams>();
    expectTypeOf<ImageEditParams<"bytedance/seedream-4-5">>().toMatchTypeOf<ImageEditParams>();
  });
});

describe("everyday code compiles without casts", () => {
  it("a model and options from a form (strings and numbers) are checked at run time", () => {
    const form = new FormData();
    const model = String(form.get("model"));
    const size = String(form.get("size"));
    pictor.images.generate({
      model,
      prompt: "A fox",
      size,
      aspect_ratio: size,
      n: Number(form.get("n")),
      quality: "high",
      seed: 1,
    });
  });

  it("a model from a <select> of known ids takes an option one of them takes, and names them when none does", () => {
    const model = picked as "bytedance/seedream-4-5" | "gemini-3-pro-image-preview";
    pictor.images.generate({ model, prompt: "A fox", size: "2K", n: 2 });
    pictor.images.generate({ model, prompt: "A fox", aspect_ratio: "16:9" });
    pictor.images.generate({
      model,
      prompt: "A fox",
      // @ts-expect-error neither Seedream 4.5 nor Gemini 3 Pro Image has a quality setting
      quality: "high",
    });
    expectTypeOf<ImageGenerateParams<typeof model>["size"]>().toEqualTypeOf<
      | ImageSizeOf<"bytedance/seedream-4-5">
      | ImageSizeOf<"gemini-3-pro-image-preview">
      | "auto"
      | undefined
    >();
  });

  it("params written before the call, with defaults spread in", () => {
    // Widened to `string` without `as const`: compiles, checked at run time.
    const params = { model: "bytedance/seedream-4-5", prompt: "A fox", size: "2048x2048", n: 2 };
    pictor.images.generate(params);
    const defaults = { model: "openai/gpt-image-2", quality: "high", n: 4 } as const;
    pictor.images.generate({ ...defaults, prompt: "A fox" });
    const typed = { quality: "high" } satisfies Partial<ImageGenerateParams<"openai/gpt-image-2">>;
    pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", ...typed });
    const wide = { aspect_ratio: "16:9" } as const;
    // @ts-expect-error spread defaults are checked against the model the call names
    pictor.images.generate({ model: "openai/gpt-image-2", prompt: "A fox", ...wide });
  });

  it("wrappers: params for any model, params generic in the model, or the model as ImageModelId", () => {
    const any = (params: ImageGenerateParams) => pictor.images.generate(params);
    const perModel = <M extends ImageModelId>(params: ImageGenerateParams<M>) =>
      pictor.images.generate(params);
    const byId = (model: ImageModelId, prompt: string) => pictor.images.generate({ model, prompt });
    const generic = <M extends string>(model: M, prompt: string) =>
      pictor.images.generate<ImageModelId>({ model, prompt });
    any({ model: "openai/gpt-image-2", prompt: "A fox" });
    byId("openai/gpt-image-2", "A fox");
    generic("openai/gpt-image-2", "A fox");
    perModel({ model: "openai/gpt-image-2", prompt: "A fox", size: "1024x1024" });
    perModel({
      model: "openai/gpt-image-2",
      prompt: "A fox",
      // @ts-expect-error checked through the wrapper: gpt-image-2 takes no aspect ratio
      aspect_ratio: "16:9",
    });
    const withoutUser = ({ userId, ...params }: ImageGenerateParams & { userId: string }) =>
      userId ? pictor.images.generate(params) : undefined;
    void withoutUser;
  });
});
