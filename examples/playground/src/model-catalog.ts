import {
  displayModelId,
  estimateImageCost,
  type ImageModelEntry,
  isDeactivated,
  listImageModels,
  outputDimensions,
  parseSize,
  requestedTier,
  sizeRuleViolations,
} from "@pictor/contract";

/** A model the playground offers, with what the pickers show. */
export interface PlaygroundModel {
  /** The id people write and the request sends (`alibaba/qwen-image-3.0`, `gemini-3.1-flash-image`). */
  id: string;
  name: string;
  entry: ImageModelEntry;
  /** "$0.045/image", "≈$0.067/image" (token-priced), "$0.04–$0.075/image" (tiers). */
  price: string;
}

/**
 * The catalog's active models. The list is static (from `@pictor/contract`), not fetched: the
 * page makes no request before the first generation, and the server allows exactly these.
 */
export const activeModels: readonly PlaygroundModel[] = listImageModels()
  .filter((entry) => entry.status === "active" && !isDeactivated(entry))
  .map((entry) => ({ id: displayModelId(entry), name: entry.name, entry, price: priceOf(entry) }));

/** Models that can make an image from a prompt alone (edit-only models need an input image). */
export const generateModels = activeModels.filter(
  (model) => !model.entry.edits.requires_input_image,
);

/** Models that can edit: the edit tab and the chat tab (a refinement edits the previous image). */
export const editModels = activeModels.filter((model) => model.entry.edits.supported);

/** Cheap, fast, and it honours both tiers and aspect ratios: a good first pick. */
export const defaultModelId = "gemini-3.1-flash-image";

export function findPlaygroundModel(
  models: readonly PlaygroundModel[],
  id: string,
): PlaygroundModel | undefined {
  return models.find((model) => model.id === id);
}

/** A quality value of the catalog ("low" … "max", "auto"). */
export type ImageQualityChoice = ImageModelEntry["image"]["qualities"][number];

/** The image options as the pickers hold them; "" means "the model's default" (not sent). */
export interface ImageSettings {
  modelId: string;
  size: string;
  aspectRatio: string;
  quality: ImageQualityChoice | "";
  n: number;
}

/** One entry of the size picker. */
export interface SizeChoice {
  value: string;
  label: string;
}

/** What the pickers offer for one model: only values the model accepts on `/images/*`. */
export interface SettingChoices {
  sizes: readonly SizeChoice[];
  aspectRatios: readonly string[];
  qualities: readonly ImageQualityChoice[];
  counts: readonly number[];
}

/** Largest `n` the page offers; the server's policy allows the same (see server/playground-policy.ts). */
export const maxImagesPerRequest = 4;

/**
 * Largest output image in pixels; the server's policy allows the same. A tier shaped by an aspect
 * ratio can exceed it (Gemini's 4K tier at 4:3 is 4800 × 3584, at 16:9 5504 × 3072): the pickers leave those out.
 */
export const maxPixelsPerImage = 4096 * 4096;

/**
 * Common sizes, offered for models with a pixel rule when the rule allows them. A rule such as
 * "edges multiples of 16, 655,360–8,294,400 pixels" has no finite list, so the page picks from
 * these rather than letting anyone type a size the model would refuse.
 */
const presetSizes = [
  "512x512",
  "1024x1024",
  "1280x1280",
  "1536x1024",
  "1024x1536",
  "1280x720",
  "720x1280",
  "2048x2048",
  "2560x1440",
  "1440x2560",
  "3840x2160",
  "2160x3840",
  "4096x4096",
];

/**
 * What the pickers offer for `model`; `size` is the size chosen (default: the model's), which
 * decides the aspect ratios that stay within `maxPixelsPerImage`.
 */
export function settingChoices(model: ImageModelEntry, size = ""): SettingChoices {
  const honoured: readonly string[] = model.endpoints.images;
  const { sizes, image_sizes: tiers, aspect_ratios: ratios, qualities } = model.image;
  const sizeChoices: SizeChoice[] = [];
  if (honoured.includes("size")) {
    const wxh =
      sizes.kind === "list"
        ? [...sizes.values]
        : sizes.kind === "pixels"
          ? withDefault(
              presetSizes.filter((size) => sizeRuleViolations(size, sizes.rule).length === 0),
              sizes.default,
            )
          : [];
    for (const value of wxh)
      if (fitsPolicy(model, value, ""))
        sizeChoices.push({ value, label: value.replace("x", " × ") });
    for (const tier of tiers)
      if (fitsPolicy(model, tier, "")) sizeChoices.push({ value: tier, label: `${tier} tier` });
  }
  const counts = Array.from({ length: maxImagesPerRequest }, (_, index) => index + 1);
  return {
    sizes: sizeChoices,
    aspectRatios: honoured.includes("aspect_ratio")
      ? ratios.filter((ratio) => isPixelSize(size) || fitsPolicy(model, size, ratio))
      : [],
    qualities: honoured.includes("quality") ? qualities : [],
    // A model without native `n` still gets n images: the client fans out one call per image.
    counts,
  };
}

/** Whether the image made with `size` and `aspectRatio` ("" for the default) is within `maxPixelsPerImage`. */
function fitsPolicy(model: ImageModelEntry, size: string, aspectRatio: string): boolean {
  const { width, height } = outputDimensions(model, {
    size: size || undefined,
    aspect_ratio: (!isPixelSize(size) && aspectRatio) || undefined,
  });
  return width * height <= maxPixelsPerImage;
}

function withDefault(sizes: string[], fallback: string | undefined): string[] {
  const all = fallback && !sizes.includes(fallback) ? [...sizes, fallback] : sizes;
  return all.sort((a, b) => pixelsOf(a) - pixelsOf(b));
}

function pixelsOf(size: string): number {
  const parsed = parseSize(size);
  return parsed ? parsed.width * parsed.height : 0;
}

/** Whether the size is "WxH": it fixes the shape, so an aspect ratio cannot be combined with it. */
export function isPixelSize(size: string): boolean {
  return parseSize(size) !== undefined;
}

/**
 * Settings valid for `modelId`: what `previous` had where the new model accepts it, else the
 * model's default. Run on every change, so an invalid combination never reaches a request.
 */
export function normalizeSettings(
  models: readonly PlaygroundModel[],
  previous: ImageSettings,
): ImageSettings {
  const model = findPlaygroundModel(models, previous.modelId) ?? models[0];
  if (!model) throw new Error("the catalog has no model for this tab");
  const choices = settingChoices(model.entry, previous.size);
  const size = choices.sizes.some((choice) => choice.value === previous.size) ? previous.size : "";
  const aspectRatio =
    !isPixelSize(size) &&
    settingChoices(model.entry, size).aspectRatios.includes(previous.aspectRatio)
      ? previous.aspectRatio
      : "";
  const quality = choices.qualities.find((value) => value === previous.quality) ?? "";
  const n = choices.counts.includes(previous.n) ? previous.n : 1;
  return { modelId: model.id, size, aspectRatio, quality, n };
}

/** The request fields for the settings: defaults are left out, so the gateway applies the model's own. */
export function requestOptions(settings: ImageSettings): {
  model: string;
  n: number;
  size?: string;
  aspect_ratio?: string;
  quality?: ImageQualityChoice;
} {
  return {
    model: settings.modelId,
    n: settings.n,
    ...(settings.size ? { size: settings.size } : {}),
    ...(settings.aspectRatio && !isPixelSize(settings.size)
      ? { aspect_ratio: settings.aspectRatio }
      : {}),
    ...(settings.quality ? { quality: settings.quality } : {}),
  };
}

/** The pixel size a generation with these settings makes (an edit without size keeps its input's). */
export function expectedDimensions(
  model: ImageModelEntry,
  settings: ImageSettings,
): { width: number; height: number } {
  return outputDimensions(model, {
    size: settings.size || undefined,
    aspect_ratio: (!isPixelSize(settings.size) && settings.aspectRatio) || undefined,
  });
}

/** The catalog's estimate for the settings, in USD. */
export function estimatedCost(model: ImageModelEntry, settings: ImageSettings): number {
  const { width, height } = expectedDimensions(model, settings);
  return estimateImageCost(model, {
    images: settings.n,
    width,
    height,
    // Providers bill the tier asked for: a 1K image at 21:9 holds more pixels than 1024², so its
    // pixel count alone would price it a tier up.
    tier: requestedTier(model, settings.size || undefined),
    quality: settings.quality || undefined,
  }).cost;
}

/** "$0.045", "$0.0011": two significant digits are enough to compare models. */
export function formatUsd(usd: number): string {
  return `$${Number(usd.toPrecision(2))}`;
}

function priceOf(entry: ImageModelEntry): string {
  const { pricing } = entry;
  if (pricing.kind === "per_image") return `${formatUsd(pricing.per_image)}/image`;
  if (pricing.kind === "per_tier") {
    const prices = Object.values(pricing.tiers);
    const low = Math.min(...prices);
    const high = Math.max(...prices);
    return low === high ? `${formatUsd(low)}/image` : `${formatUsd(low)}–${formatUsd(high)}/image`;
  }
  // Token-priced: the cost of one image at the model's default size.
  const { width, height } = outputDimensions(entry, {});
  return `≈${formatUsd(estimateImageCost(entry, { images: 1, width, height }).cost)}/image`;
}
