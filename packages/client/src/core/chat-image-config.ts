import type {
  AspectRatioOf,
  ImageConfig,
  ImageModelOf,
  ImageQualityOf,
  ImageQualityTier,
  ImageSizeOf,
  KnownImageModelId,
  MaxImagesOf,
  Moderation,
} from "@pictor/contract";
import type { ImageCount, NotTakenBy } from "./image-params";

/** The `image_config` fields known model M honours on chat completions, from its catalog entry. */
type ChatOptionOf<M extends string> = M extends KnownImageModelId
  ? Extract<ImageModelOf<M>, { readonly endpoints: unknown }>["endpoints"]["chat"][number]
  : never;

/**
 * `Values` where model M honours `Option` on chat completions, else `NotTakenBy` (the run time
 * refuses it there: the gateway would drop it). Per model of a union, as `images.generate`'s
 * options: a model picker's config compiles when one of its models takes it.
 */
type ChatTakenBy<M extends string, Option extends string, Values, Value> = M extends string
  ? Option extends ChatOptionOf<M>
    ? Values
    : NotTakenBy<M, Option, Value>
  : never;

/** 1 to `Max`: how many images one chat completion of a model may ask for. */
type CountsUpTo<Max extends number, Counts extends unknown[] = [unknown]> = Counts["length"] extends
  | Max
  | 10
  ? Counts["length"]
  : Counts["length"] | CountsUpTo<Max, [...Counts, unknown]>;

/**
 * A literal `n` above what model M makes in one chat completion does not compile (chat cannot
 * fan out as `images.generate` does); a `number` variable is checked at run time. Per model of a
 * union: any of them may take it.
 */
type ChatCountCheck<M extends string, N extends number> = number extends N
  ? unknown
  : [N] extends [M extends KnownImageModelId ? CountsUpTo<MaxImagesOf<M>> : ImageCount]
    ? unknown
    : { [K in `error: ${M} makes at most ${MaxImagesOf<M>} image(s) per chat completion`]: true };

/**
 * `image_config` of a chat completion, typed per model from the catalog as `images.generate`'s
 * options are: for a known model, a value it does not take is a compile error (and a
 * `RequestValidationError` at run time); any other model takes the spec's `ImageConfig`.
 */
export type ChatImageConfig<M extends string, N extends number = number> = M extends string
  ? M extends KnownImageModelId
    ? {
        /** Shape of the image, for models that take one on chat (Google, xAI, Reve). */
        aspect_ratio?: ChatTakenBy<M, "aspect_ratio", AspectRatioOf<M>, string> | undefined;
        /** A tier ("1K", "2K", …) or `WIDTHxHEIGHT`, from the model's catalog entry; `auto` is the same as leaving it out. */
        image_size?: ChatTakenBy<M, "image_size", ImageSizeOf<M>, string> | "auto" | undefined;
        /** Output quality, for models that have the setting (GPT Image, xAI); `auto` (the provider's choice, as leaving it out) on any. */
        image_quality?:
          | ChatTakenBy<M, "image_quality", ImageQualityOf<M> | "auto", ImageQualityTier>
          | "auto"
          | undefined;
        /** Reproducible output, for models that honour a seed (Alibaba, Tencent). */
        seed?: ChatTakenBy<M, "seed", number, number> | undefined;
        /** How many images, up to what the model makes in one completion. */
        n?: (N & ChatCountCheck<M, N>) | undefined;
        /** GPT Image moderation level. */
        moderation?: ChatTakenBy<M, "moderation", Moderation, Moderation> | undefined;
      }
    : ImageConfig
  : never;
