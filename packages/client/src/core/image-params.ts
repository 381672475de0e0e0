import type {
  AspectRatioOf,
  ImageEditRequest,
  ImageGenerationRequest,
  ImageModelId,
  ImageQuality,
  ImageQualityOf,
  ImageSizeOf,
  KnownImageModelId,
  RequiresInputImageOf,
  SupportsEditsOf,
  SupportsModerationOf,
  SupportsSeedOf,
} from "@pictor/contract";
import type { ImageInput } from "./image-input";

/** `n` as a literal: 1 to 10 images per call (the gateway's limit). */
export type ImageCount = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/**
 * A literal `n` outside 1–10 does not compile: the compiler then asks `n` for a property whose
 * name is the explanation. A `number` variable is checked at run time. Intersected with `n`
 * itself, not with the whole params, so that the compiler marks `n`, not every field of the call.
 */
type CountCheck<N extends number> = number extends N
  ? unknown
  : // Not distributed: a union such as `2 | 11` must fail for its bad member.
    [N] extends [ImageCount]
    ? unknown
    : { "error: n must be a whole number from 1 to 10": true };

/**
 * A known model without edit support does not compile, with the reason as the missing property.
 * Intersected with `model`, as `GenerateCheck` is, so that the compiler marks the model.
 */
type EditCheck<M extends string> =
  SupportsEditsOf<M> extends false
    ? {
        [K in M as SupportsEditsOf<K> extends false
          ? `error: ${K} cannot edit images, pick a model with edit support`
          : never]: true;
      }
    : unknown;

/**
 * A known model that only edits (it needs an input image) does not compile in `generate`. A
 * union of models (a model picker) compiles unless every one of them only edits: the run time
 * checks the one chosen, as for the options above. Intersected with `model`, not with the whole
 * params, so that the compiler marks the model, not every field of the call.
 */
type GenerateCheck<M extends string> =
  RequiresInputImageOf<M> extends true
    ? { [K in `error: ${M} only edits images: use images.edit with an input image`]: true }
    : unknown;

/**
 * The type of an option known model M does not take: no value fits it (a value would need a
 * property named after the reason), and its name is what the compiler shows ("not assignable to
 * type NotTakenBy<"openai/gpt-image-2", "aspect_ratio", string>") where a bare `never` says
 * nothing.
 * `Value` is the option's type for any model, so params typed for one model still pass where
 * params for any model are expected.
 */
export type NotTakenBy<M extends string, Option extends string, Value = string> = Value & {
  [K in `error: ${M} takes no ${Option}`]: never;
};

/** `Values`, or `NotTakenBy` when model M has none for `Option`. */
type TakenBy<M extends string, Option extends string, Values, Value = string> = [Values] extends [
  never,
]
  ? NotTakenBy<M, Option, Value>
  : Values;

/**
 * Quality values for model M: its catalog qualities, and `auto` on any model (the provider's
 * choice, the same as leaving it out: the run time lets it through wherever quality is not a
 * setting, as it does `size: "auto"`).
 */
type QualityParam<M extends string> =
  | TakenBy<M, "quality", QualityValues<M>, ImageQuality>
  | "auto";

/** Per model of M (it distributes over a union): its qualities, none when it has none. */
type QualityValues<M extends string> = M extends KnownImageModelId
  ? ImageQualityOf<M>
  : ImageGenerationRequest["quality"];

/** Options shared by generation and edits, typed per model from the catalog. */
interface ImageOptionsFor<M extends string, N extends number> {
  /** What to draw. */
  prompt: string;
  /** How many images to return, 1–10. Pictor makes exactly this many, fanning out where the model makes fewer per call. */
  n?: (N & CountCheck<N>) | undefined;
  /** `WIDTHxHEIGHT` or an `image_size` tier ("1K", "2K", "4K"), from the model's catalog entry; `auto` is the same as leaving it out. */
  size?: TakenBy<M, "size", ImageSizeOf<M>> | "auto" | undefined;
  /** Shape of the image, for models that take one (Google, xAI, Reve). */
  aspect_ratio?: TakenBy<M, "aspect_ratio", AspectRatioOf<M>> | undefined;
  /** Output quality, for models that have the setting; `auto` (the provider's choice) on any. */
  quality?: QualityParam<M> | undefined;
  /** Reproducible output, for models that honour a seed (sent through chat `image_config`, the only route that carries it). */
  seed?: (SupportsSeedOf<M> extends false ? NotTakenBy<M, "seed", number> : number) | undefined;
  /** GPT Image moderation level. */
  moderation?:
    | (SupportsModerationOf<M> extends false
        ? NotTakenBy<M, "moderation", "auto" | "low">
        : "auto" | "low")
    | undefined;
  /** Priority/flex routing where the provider supports it. */
  service_tier?: ImageGenerationRequest["service_tier"] | undefined;
}

/** Parameters of `images.generate`, typed per model: invalid options for a known model do not compile. */
export type ImageGenerateParams<
  M extends ImageModelId = ImageModelId,
  N extends number = number,
> = ImageOptionsFor<M, N> & {
  /** The model: known ids autocomplete; any other string is sent as is (and reported in `warnings`). */
  model: M & GenerateCheck<M>;
  /** A style hint the gateway adds to the prompt (no model takes it as a setting: an `unsent-option` warning says so). */
  style?: ImageGenerationRequest["style"] | undefined;
};

/** Parameters of `images.edit`: a model that cannot edit does not compile. */
export type ImageEditParams<
  M extends ImageModelId = ImageModelId,
  N extends number = number,
> = ImageOptionsFor<M, N> & {
  /** The model: known ids that can edit autocomplete; any other string is sent as is (and reported in `warnings`). */
  model: M & EditCheck<M>;
  /** The images to edit or combine: URL, data URL, blob: URL, base64, bytes, Blob/File or a GeneratedImage. */
  images: readonly ImageInput[];
  /** A transparent or opaque background: a hint the gateway adds to the prompt, as no model takes it as a setting (an `unsent-option` warning says so). */
  background?: ImageEditRequest["background"] | undefined;
  /** How closely the result keeps the input's details: the gateway adds `"high"` to the prompt as a hint and drops `"low"` (an `unsent-option` warning says so). */
  input_fidelity?: ImageEditRequest["input_fidelity"] | undefined;
  /** The file format to return; images that come back in another are an `ignored-option` warning. */
  output_format?: ImageEditRequest["output_format"] | undefined;
  /** Compression in percent for JPEG and WebP output: a hint the gateway adds to the prompt (an `unsent-option` warning says so). */
  output_compression?: ImageEditRequest["output_compression"] | undefined;
};
