import { displayModelId } from "./catalog";
import { gatewayQuality } from "./gateway-quality";
import type { ImageModelRules } from "./generated/models";
import type { ImageConfig } from "./generated/types";
import { isImageSizeTier, resolutionOfSize } from "./image-dimensions";
import { parseSize, sizeRuleViolations } from "./size-rules";

/**
 * Why an option does not fit a model:
 * - `unsupported_value`: the model has the option but not this value (the gateway answers 400);
 * - `not_honoured`: the model ignores this option on this endpoint (the gateway drops it silently);
 * - `exceeds_native_n`: more images than one request makes (some providers 400, others return fewer);
 * - `unsupported_operation`: the model cannot do this at all (e.g. edits on a text-to-image model);
 * - `overridden`: another option takes its place (the gateway answers 200 with what that one says).
 */
export type ImageOptionProblemKind =
  | "unsupported_value"
  | "not_honoured"
  | "exceeds_native_n"
  | "unsupported_operation"
  | "overridden";

/** One option of a request that the catalog says the model will not honour as asked. */
export interface ImageOptionProblem {
  /** The wire field, e.g. `size` or `image_config.seed`. */
  param: string;
  kind: ImageOptionProblemKind;
  /** What is wrong and how to fix it, naming the model and the valid values. */
  message: string;
  /** The values the model accepts, when there is a finite list; for a pixel rule, a few sizes that fit it. */
  accepted?: readonly string[];
  /** `overridden` only: what the gateway sends in the option's place (a Grok size's resolution). */
  sentAs?: string;
}

/** The image options of a request, named as on `/images/*` (chat's `image_size` is `size`). */
export interface ImageOptionsToCheck {
  /** `images` = `/images/generations` and `/images/edits`; `chat` = `/chat/completions` `image_config`. */
  endpoint: "images" | "chat";
  /** `edit` when the request carries input images. */
  operation: "generate" | "edit";
  /**
   * The model id as the request names it (`azure/gpt-image-2`), for the messages: they name the
   * model as the caller wrote it, not another provider's id for it. Default: its usual id.
   */
  model?: string | undefined;
  size?: string | undefined;
  aspect_ratio?: string | undefined;
  quality?: string | undefined;
  n?: number | undefined;
  seed?: number | undefined;
  moderation?: string | undefined;
  /** How many input images an edit sends. */
  input_images?: number | undefined;
}

/**
 * The image options of a chat completion, named as `imageOptionProblems` reads them: its
 * `image_config`, and `edit` when the messages carry input images.
 */
export function chatImageOptions(
  config: ImageConfig | undefined,
  inputImages: number,
): ImageOptionsToCheck {
  return {
    endpoint: "chat",
    operation: inputImages > 0 ? "edit" : "generate",
    size: config?.image_size,
    aspect_ratio: config?.aspect_ratio,
    quality: config?.image_quality,
    n: config?.n,
    seed: config?.seed,
    moderation: config?.moderation,
    input_images: inputImages,
  };
}

/**
 * Checks a request's image options against what the catalog says the model accepts on that
 * endpoint, and returns every problem (empty when the request fits).
 * @example imageOptionProblems(findImageModel("zai/cogview-4")!, { endpoint: "images", operation: "edit" })
 */
export function imageOptionProblems(
  model: ImageModelRules,
  options: ImageOptionsToCheck,
): ImageOptionProblem[] {
  const problems: ImageOptionProblem[] = [];
  const chat = options.endpoint === "chat";
  const honoured: readonly string[] = chat ? model.endpoints.chat : model.endpoints.images;
  const name = `model "${options.model ?? displayModelId(model)}"`;
  const param = (wire: string, chatName: string) => (chat ? `image_config.${chatName}` : wire);

  if (options.operation === "edit") {
    if (!model.edits.supported) {
      problems.push({
        param: chat ? "messages" : "images",
        kind: "unsupported_operation",
        message: `${name} cannot edit images (it takes no input image); pick a model with edit support`,
      });
    } else if ((options.input_images ?? 0) > model.edits.max_input_images) {
      problems.push({
        param: chat ? "messages" : "images",
        kind: "unsupported_value",
        message: `${name} takes at most ${model.edits.max_input_images} input image(s), got ${options.input_images}`,
      });
    }
  } else if (model.edits.requires_input_image) {
    problems.push({
      // On /images/generations there is no image to add: the model is what to change.
      param: chat ? "messages" : "model",
      kind: "unsupported_operation",
      message: `${name} only edits images: send at least one input image`,
    });
  }

  const sizeParam = param("size", "image_size");
  /** A WIDTHxHEIGHT size the model takes. */
  let shaped: { width: number; height: number } | undefined;
  if (options.size !== undefined && options.size !== "auto") {
    const problem = sizeProblem(model, options.size);
    if (!honoured.includes(chat ? "image_size" : "size")) {
      problems.push({
        param: sizeParam,
        kind: "not_honoured",
        message: `${name} ignores ${sizeParam} on this endpoint`,
      });
    } else if (problem) {
      problems.push({ param: sizeParam, kind: "unsupported_value", ...problem(name) });
    } else shaped = parseSize(options.size);
  }

  if (options.aspect_ratio !== undefined) {
    const ratios = model.image.aspect_ratios;
    const ratioParam = param("aspect_ratio", "aspect_ratio");
    if (ratios.length === 0 || !honoured.includes("aspect_ratio")) {
      problems.push({
        param: ratioParam,
        kind: "not_honoured",
        message: `${name} ignores ${ratioParam}; set the shape with size instead`,
      });
    } else if (!ratios.includes(options.aspect_ratio)) {
      problems.push({
        param: ratioParam,
        kind: "unsupported_value",
        message: `${name} cannot make aspect ratio "${options.aspect_ratio}"; use one of ${ratios.join(", ")}`,
        accepted: ratios,
      });
    } else if (shaped) {
      // A model that takes both (xAI's): the gateway sends the aspect ratio and makes of the size
      // only a resolution. Within 1%, as 1360x768 is 16:9; "auto" (NaN) lets the model choose.
      const [width = 0, height = 0] = options.aspect_ratio.split(":").map(Number);
      if (!(Math.abs((shaped.width * height) / (shaped.height * width) - 1) <= 0.01))
        problems.push({
          param: sizeParam,
          kind: "overridden",
          message: `${name} takes the shape from ${ratioParam} ("${options.aspect_ratio}") and only the resolution from ${sizeParam}: the image would not be ${options.size}'s shape; give both the same shape${chat ? "" : `, or leave ${ratioParam} out`}`,
          sentAs: resolutionOfSize(shaped.width, shaped.height),
        });
    }
  }

  if (options.quality !== undefined && options.quality !== "auto") {
    const quality = gatewayQuality(options.quality);
    const qualities: readonly string[] = model.image.qualities;
    const qualityParam = param("quality", "image_quality");
    if (qualities.length === 0 || !honoured.includes(chat ? "image_quality" : "quality")) {
      problems.push({
        param: qualityParam,
        kind: "not_honoured",
        message: `${name} has no quality setting; ${qualityParam} would be ignored`,
      });
    } else if (!qualities.includes(quality)) {
      problems.push({
        param: qualityParam,
        kind: "unsupported_value",
        message: `${name} has no quality "${options.quality}"; use one of ${qualities.join(", ")}`,
        accepted: qualities,
      });
    }
  }

  if (options.n !== undefined && options.n > model.image.max_n) {
    problems.push({
      param: param("n", "n"),
      kind: "exceeds_native_n",
      message: `${name} makes at most ${model.image.max_n} image(s) per request, asked for ${options.n}`,
    });
  }

  if (options.seed !== undefined && !(chat && model.endpoints.chat.includes("seed"))) {
    problems.push({
      param: param("seed", "seed"),
      kind: "not_honoured",
      message: model.image.seed
        ? `${name} honours seed only through chat completions' image_config.seed`
        : `${name} does not honour a seed`,
    });
  }

  if (options.moderation !== undefined && !honoured.includes("moderation")) {
    problems.push({
      param: param("moderation", "moderation"),
      kind: "not_honoured",
      message: `${name} has no moderation setting; moderation would be ignored`,
    });
  }
  return problems;
}

/** Why `size` does not fit the model, as a message builder; undefined when it fits. */
function sizeProblem(
  model: ImageModelRules,
  size: string,
): ((name: string) => { message: string; accepted?: readonly string[] }) | undefined {
  const { sizes, image_sizes: tiers } = model.image;
  const tierList: readonly string[] = tiers;
  if (isImageSizeTier(size)) {
    if (tierList.includes(size)) return undefined;
    return (name) => ({
      message: `${name} has no size tier "${size}"; ${validSizes(model)}`,
      accepted: listed(model),
    });
  }
  if (parseSize(size) === undefined) {
    return (name) => ({
      message: `${name}: size "${size}" is neither WIDTHxHEIGHT nor a tier; ${validSizes(model)}`,
      accepted: listed(model),
    });
  }
  if (sizes.kind === "list") {
    const values: readonly string[] = sizes.values;
    if (values.includes(size)) return undefined;
    return (name) => ({
      message: `${name} cannot make size "${size}"; ${validSizes(model)}`,
      accepted: listed(model),
    });
  }
  if (sizes.kind === "pixels") {
    const broken = sizeRuleViolations(size, sizes.rule);
    if (broken.length === 0) return undefined;
    return (name) => ({
      message: `${name} cannot make size "${size}": ${broken.join("; ")}; ${validSizes(model)}`,
      accepted: listed(model),
    });
  }
  return (name) => ({
    message: `${name} takes no WIDTHxHEIGHT size; ${validSizes(model)}`,
    accepted: listed(model),
  });
}

/** The model's sizes and tiers; for a pixel rule, a few sizes that fit it (any other may too). */
function listed(model: ImageModelRules): readonly string[] {
  const { sizes, image_sizes: tiers } = model.image;
  const values = sizes.kind === "list" ? sizes.values : [];
  return [...(sizes.kind === "pixels" ? fittingSizes(sizes.rule) : values), ...tiers];
}

/** Up to three sizes that fit `rule`: square, landscape and portrait at 1024, else 2048 or 4096 px. */
function fittingSizes(rule: PixelRule): string[] {
  const fits: string[] = [];
  for (const side of [1024, 2048, 4096])
    for (const size of [`${side}x${side}`, `${side * 1.5}x${side}`, `${side}x${side * 1.5}`])
      if (fits.length < 3 && sizeRuleViolations(size, rule).length === 0) fits.push(size);
  return fits;
}

/** "valid sizes: 1024x1024, 2K" or the pixel rule in words, with sizes that fit it. */
function validSizes(model: ImageModelRules): string {
  const { sizes, image_sizes: tiers, aspect_ratios: ratios } = model.image;
  const parts: string[] = [];
  if (sizes.kind === "list") parts.push(sizes.values.join(", "));
  if (sizes.kind === "pixels") {
    const examples = fittingSizes(sizes.rule);
    parts.push(
      `WIDTHxHEIGHT with ${describeRule(sizes.rule)}${examples.length > 0 ? ` (e.g. ${examples.join(", ")})` : ""}`,
    );
  }
  if (tiers.length > 0) parts.push(`tiers ${tiers.join(", ")}`);
  const text = `valid sizes: ${parts.join("; ") || "none"}`;
  return ratios.length > 0 && sizes.kind === "none" ? `${text} (shape it with aspect_ratio)` : text;
}

/** A pixel rule of the catalog. */
type PixelRule = NonNullable<
  Extract<ImageModelRules["image"]["sizes"], { kind: "pixels" }>["rule"]
>;

/** "each side 512–2048 px, a multiple of 16, 1–2097152 pixels in all". */
function describeRule(rule: PixelRule): string {
  const parts: string[] = [];
  if (rule.min_edge !== undefined || rule.max_edge !== undefined)
    parts.push(`each side ${rule.min_edge ?? 1}–${rule.max_edge ?? "∞"} px`);
  if (rule.multiple_of !== undefined) parts.push(`a multiple of ${rule.multiple_of}`);
  if (rule.min_pixels !== undefined || rule.max_pixels !== undefined)
    parts.push(`${rule.min_pixels ?? 1}–${rule.max_pixels ?? "∞"} pixels in all`);
  if (rule.min_ratio !== undefined || rule.max_ratio !== undefined)
    parts.push(`width/height ${rule.min_ratio ?? 0}–${rule.max_ratio ?? "∞"}`);
  return parts.join(", ") || "any size";
}
