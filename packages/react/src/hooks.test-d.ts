import type { ImageResult, Model, Pictor } from "@pictor/client";
import { describe, expectTypeOf, it } from "vitest";
import type { DisplayImage } from "./display-image";
import type { PictorProviderProps } from "./pictor-provider";
import type { UseEditImageOptions, UseEditImageResult } from "./use-edit-image";
import type { UseGenerateImageOptions, UseGenerateImageResult } from "./use-generate-image";
import type { UseModelsResult } from "./use-models";

declare const image: UseGenerateImageResult;
declare const edit: UseEditImageResult;
declare const models: UseModelsResult;
declare const file: File;
declare const pictor: Pictor;

describe("callbacks", () => {
  it("receive the typed parameters of the request with its result or error", () => {
    const options: UseGenerateImageOptions = {
      onSuccess: (result, params) => {
        expectTypeOf(result).toEqualTypeOf<ImageResult>();
        expectTypeOf(params.prompt).toEqualTypeOf<string>();
      },
      onError: (error, params) => {
        expectTypeOf(error).toEqualTypeOf<Error>();
        expectTypeOf(params.model).toBeString();
      },
    };
    expectTypeOf(options).not.toBeAny();
  });

  it("onSettled gets the result or the error, the other undefined or null, as TanStack Query's", () => {
    const options: UseGenerateImageOptions = {
      onSettled: (result, error, params) => {
        expectTypeOf(result).toEqualTypeOf<ImageResult | undefined>();
        expectTypeOf(error).toEqualTypeOf<Error | null>();
        expectTypeOf(params.prompt).toEqualTypeOf<string>();
      },
    };
    expectTypeOf(options.onSettled).returns.toEqualTypeOf<void | Promise<unknown>>();
    const forEdit: UseEditImageOptions = {
      onSettled: async (_result, _error, params) => {
        expectTypeOf(params.images).not.toBeAny();
      },
    };
    void forEdit;
  });

  it("may be async, as TanStack Query's (the hook awaits them)", () => {
    const options: UseGenerateImageOptions = {
      onSuccess: async (result) => {
        await result.images[0]?.bytes();
      },
      onError: async (error) => {
        await Promise.resolve(error.message);
      },
    };
    expectTypeOf(options.onSuccess).returns.toEqualTypeOf<void | Promise<unknown>>();
  });

  it("one options object still serves both hooks", () => {
    const shared: UseGenerateImageOptions = { onError: (error) => console.error(error) };
    const forEdit: UseEditImageOptions = shared;
    expectTypeOf(forEdit.onConcurrent).toEqualTypeOf<"abort-previous" | "queue" | undefined>();
  });
});

describe("the result union", () => {
  it("has images and result only on success", () => {
    // @ts-expect-error images exists only once status is "success"
    image.images;
    // @ts-expect-error result exists only once status is "success"
    image.result;
    if (image.status === "success") {
      expectTypeOf(image.images).toEqualTypeOf<readonly DisplayImage[]>();
      expectTypeOf(image.result).toEqualTypeOf<ImageResult>();
      expectTypeOf(image.images[0]?.url).toEqualTypeOf<string | undefined>();
    }
  });

  it("has error only on error", () => {
    // @ts-expect-error error exists only once status is "error"
    image.error;
    if (image.status === "error") expectTypeOf(image.error).toEqualTypeOf<Error>();
    if (image.status === "pending") {
      // @ts-expect-error a pending request has no error yet
      image.error;
      expectTypeOf(image.startedAt).toEqualTypeOf<number>();
      expectTypeOf(image.queued).toEqualTypeOf<number>();
    }
  });

  it("has status, elapsedMs and the actions on every state", () => {
    expectTypeOf(image.status).toEqualTypeOf<"idle" | "pending" | "success" | "error">();
    expectTypeOf(image.elapsedMs).toEqualTypeOf<number>();
    expectTypeOf(image.abort).toEqualTypeOf<() => void>();
    expectTypeOf(image.reset).toEqualTypeOf<() => void>();
    if (image.status === "idle") {
      expectTypeOf(image.elapsedMs).toEqualTypeOf<0>();
      // @ts-expect-error nothing has started
      image.startedAt;
    }
  });

  it("has models only on a successful useModels", () => {
    // @ts-expect-error models exists only once status is "success"
    models.models;
    if (models.status === "success") expectTypeOf(models.models).toEqualTypeOf<readonly Model[]>();
  });

  it("refetch resolves with the hook's state, as TanStack Query's refetch resolves with its result", async () => {
    expectTypeOf(models.refetch).toEqualTypeOf<() => Promise<UseModelsResult>>();
    const settled = await models.refetch();
    if (settled.status === "error") expectTypeOf(settled.error).toEqualTypeOf<Error>();
    if (settled.status === "success") {
      expectTypeOf(settled.models).toEqualTypeOf<readonly Model[]>();
    }
    // Callers that ignore the promise still fit where a handler returning void is expected.
    const onClick: (event: MouseEvent) => void = models.refetch;
    void onClick;
  });

  it("reports a refetch with isFetching, and keeps a list on a failed refetch", () => {
    expectTypeOf(models.isFetching).toEqualTypeOf<boolean>();
    if (models.status === "pending") expectTypeOf(models.isFetching).toEqualTypeOf<true>();
    if (models.status === "idle") expectTypeOf(models.isFetching).toEqualTypeOf<false>();
    if (models.status === "error") {
      expectTypeOf(models.models).toEqualTypeOf<readonly Model[] | undefined>();
    }
  });
});

describe("generate", () => {
  it("returns nothing, while generateAsync returns the client's result", () => {
    expectTypeOf(image.generate({ model: "gpt-image-2", prompt: "A fox" })).toEqualTypeOf<void>();
    expectTypeOf(image.generateAsync({ model: "gpt-image-2", prompt: "A fox" })).toEqualTypeOf<
      Promise<ImageResult>
    >();
  });

  it("takes each model's own options, like the client", () => {
    image.generate({ model: "bytedance/seedream-4-5", prompt: "A fox", size: "2048x2048" });
    image.generate({ model: "gemini-3.1-flash-image", prompt: "A fox", aspect_ratio: "16:9" });
    image.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A fox",
      // @ts-expect-error "huge" is neither WIDTHxHEIGHT nor a tier of seedream-4-5
      size: "huge",
    });
    image.generate({
      model: "gemini-3-pro-image-preview",
      prompt: "A fox",
      // @ts-expect-error 7:3 is not one of Gemini 3 Pro Image's ratios
      aspect_ratio: "7:3",
    });
    image.generateAsync({
      model: "alibaba/qwen-image-plus",
      prompt: "A fox",
      // @ts-expect-error 4096x4096 is not in qwen-image-plus's size list
      size: "4096x4096",
    });
  });

  it("rejects a literal n outside 1–10 and accepts any string model", () => {
    // @ts-expect-error the gateway makes at most 10 images per request
    image.generate({ model: "gpt-image-2", prompt: "A fox", n: 11 });
    image.generate({ model: "my-org/custom-model", prompt: "A fox", size: "huge" });
  });

  it("takes a model chosen at run time, and runs again with a settled state's params", () => {
    const model: string = "my-org/custom-model";
    image.generate({ model, prompt: "A fox", size: "1024x1024", n: 2 });
    const picked = model as "bytedance/seedream-4-5" | "gemini-3-pro-image-preview";
    image.generate({ model: picked, prompt: "A fox", size: "2K" });
    if (image.status === "error") image.generate(image.params);
    if (image.status === "success") image.generate({ ...image.params, n: 2 });
    if (edit.status === "error") edit.edit(edit.params);
  });

  it("keeps the params of the request on settled states", () => {
    if (image.status === "success") expectTypeOf(image.params.prompt).toEqualTypeOf<string>();
  });
});

describe("edit", () => {
  it("takes Files and earlier results, with edit-capable models only", () => {
    edit.edit({ model: "gemini-3.1-flash-image", prompt: "Watercolor", images: [file] });
    if (image.status === "success" && image.images[0]) {
      edit.edit({ model: "gpt-image-2", prompt: "At night", images: [image.images[0].image] });
    }
    // @ts-expect-error qwen-image-plus cannot edit images
    edit.edit({ model: "alibaba/qwen-image-plus", prompt: "Watercolor", images: [file] });
    // @ts-expect-error the images to edit are required
    edit.editAsync({ model: "gemini-3.1-flash-image", prompt: "Watercolor" });
    // @ts-expect-error useEditImage has edit, not generate
    edit.generate;
  });
});

describe("options", () => {
  it("takes the two concurrency modes only", () => {
    expectTypeOf<UseGenerateImageOptions["onConcurrent"]>().toEqualTypeOf<
      "abort-previous" | "queue" | undefined
    >();
    // @ts-expect-error not a concurrency mode
    const bad: UseGenerateImageOptions = { onConcurrent: "parallel" };
    void bad;
  });

  it("does not let a hook take over the request's signal", () => {
    const { signal } = new AbortController();
    const bad: UseGenerateImageOptions = {
      // @ts-expect-error the observer owns the signal (abort() is the way to cancel)
      requestOptions: { signal },
    };
    void bad;
  });

  it("takes a client or options on the provider, not both", () => {
    const withClient: PictorProviderProps = { client: pictor };
    const withOptions: PictorProviderProps = { options: { baseURL: "/api/pictor" } };
    // @ts-expect-error a client and options to build another one contradict each other
    const both: PictorProviderProps = { client: pictor, options: { baseURL: "/api/pictor" } };
    // Options that set nothing carry nothing to contradict: `options={props.options ?? {}}`.
    const withEmptyOptions: PictorProviderProps = { client: pictor, options: {} };
    void [withClient, withOptions, both, withEmptyOptions];
  });
});
