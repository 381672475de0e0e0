import { geminiSizesAt1K } from "./gemini-image-sizes";
import type { ImageModelRules, ImageSizeTier } from "./generated/models";
import { parseSize, sizeRuleViolations } from "./size-rules";

/** The square edge, in pixels, that each `image_size` tier stands for. */
export const tierEdges: Readonly<Record<ImageSizeTier, number>> = {
  "0.5K": 512,
  "1K": 1024,
  "2K": 2048,
  "4K": 4096,
};

/** Whether `value` is one of the `image_size` tiers ("0.5K", "1K", "2K", "4K"). */
export function isImageSizeTier(value: string): value is ImageSizeTier {
  return Object.hasOwn(tierEdges, value);
}

/** Parses "16:9" into a width/height ratio; undefined for anything else (including "auto"). */
export function parseAspectRatio(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) return undefined;
  const ratio = Number(match[1]) / Number(match[2]);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : undefined;
}

/** The smallest tier whose square holds `width × height` pixels (the largest tier above that). */
export function tierOfSize(width: number, height: number): ImageSizeTier {
  const pixels = width * height;
  const tiers = Object.keys(tierEdges).filter(isImageSizeTier);
  return tiers.find((tier) => pixels <= tierEdges[tier] ** 2) ?? "4K";
}

/**
 * The resolution the gateway makes of a WIDTHxHEIGHT size for a model that takes only a
 * resolution from it (xAI's): "2K" when the longest edge is over 1536 px, else "1K". Not the
 * pixels: 1024x1536 is 1K there, where `tierOfSize` (Google's tiers) makes it 2K.
 */
export function resolutionOfSize(width: number, height: number): "1K" | "2K" {
  return Math.max(width, height) > 1536 ? "2K" : "1K";
}

/**
 * The size tier a request is billed by: its `size` when that is a tier ("1K"), the model's
 * default tier when it names no size (or "auto", the same as none), else undefined (a WxH
 * size: its pixels decide).
 */
export function requestedTier(
  model: ImageModelRules | undefined,
  size: string | undefined,
): ImageSizeTier | undefined {
  if (size === undefined || size === "auto") return model?.image.default_image_size;
  return isImageSizeTier(size) ? size : undefined;
}

/** What the caller asked for: a WxH or tier `size`, and an aspect ratio. */
export interface RequestedImageSize {
  size?: string | undefined;
  aspect_ratio?: string | undefined;
  /** The input image of an edit: its shape (and its size, where the model makes it) is kept when no size or aspect ratio is asked for. */
  source?: { width: number; height: number } | undefined;
}

/**
 * The pixel size a model produces for a request: an explicit WxH as given; a tier (or the
 * model's default tier) shaped by the aspect ratio (or an edit's input): Gemini's published size,
 * else with edges rounded to multiples of 16, as providers do; an edit without size keeps its input's size where the model
 * makes that size (see {@link editOutputSize}); else the model's default size; else 1024×1024.
 */
export function outputDimensions(
  model: ImageModelRules | undefined,
  requested: RequestedImageSize,
): { width: number; height: number } {
  const explicit = requested.size === undefined ? undefined : parseSize(requested.size);
  if (explicit) return explicit;
  const ratio =
    requested.aspect_ratio === undefined ? undefined : parseAspectRatio(requested.aspect_ratio);
  if (requested.source && requested.size === undefined && ratio === undefined) {
    return editOutputSize(model, requested.source);
  }
  const tier =
    requested.size !== undefined && isImageSizeTier(requested.size)
      ? requested.size
      : model?.image.default_image_size;
  if (tier === undefined && ratio === undefined) {
    const fallback = model?.image.sizes.kind === "none" ? undefined : model?.image.sizes.default;
    return (
      (fallback === undefined ? undefined : parseSize(fallback)) ?? { width: 1024, height: 1024 }
    );
  }
  const shape =
    ratio ??
    (requested.source ? requested.source.width / requested.source.height : defaultRatio(model));
  return tierSize(model, tier ?? "1K", shape, 16);
}

/**
 * The size a model makes at `tier` in `shape`: for Gemini, its table's size in the listed ratio
 * nearest `shape` (as it answers an edit's input shape), scaled to the tier; else the tier's area
 * in that shape.
 */
function tierSize(
  model: ImageModelRules | undefined,
  tier: ImageSizeTier,
  shape: number,
  multiple: number,
): { width: number; height: number } {
  const gemini = nearestInShape(geminiSizesAt1K(model) ?? [], shape);
  if (!gemini)
    return withinPixelRule(model, shapedSize(tierEdges[tier], shape, multiple), multiple);
  const scale = tierEdges[tier] / tierEdges["1K"];
  return { width: gemini.width * scale, height: gemini.height * scale };
}

/**
 * What a model makes of an edit's input when asked for no size or shape: the input's own size
 * where the catalog says the model can make it; else a size the model makes in the input's
 * shape (its listed size nearest in shape; its default tier, or the area of its default size, or
 * 1K, in the input's shape), else its default size. Never a size the catalog rules out: a
 * 300x200 input to Seedream 5.0 Pro (at least 921,600 pixels) does not come back 300x200.
 */
function editOutputSize(
  model: ImageModelRules | undefined,
  source: { width: number; height: number },
): { width: number; height: number } {
  const kept = { width: source.width, height: source.height };
  if (!model || makesSize(model, kept)) return kept;
  const { sizes } = model.image;
  const shape = source.width / source.height;
  if (sizes.kind === "list") return nearestInShape(sizes.values, shape) ?? kept;
  const fallback = sizes.kind === "pixels" && sizes.default ? parseSize(sizes.default) : undefined;
  const tier = model.image.default_image_size;
  const multiple = (sizes.kind === "pixels" ? sizes.rule.multiple_of : undefined) ?? 16;
  const shaped =
    tier !== undefined
      ? tierSize(model, tier, shape, multiple)
      : withinPixelRule(
          model,
          shapedSize(
            fallback ? Math.sqrt(fallback.width * fallback.height) : tierEdges["1K"],
            shape,
            multiple,
          ),
          multiple,
        );
  return makesSize(model, shaped) ? shaped : (fallback ?? shaped);
}

/**
 * Whether the catalog lets the model make a WxH size: one of its listed sizes, within its pixel
 * rule, or, for a model that takes only tiers and aspect ratios (Google's), never an arbitrary
 * one (it makes a tier's size); a model with no size setting at all (Reve) is not ruled out.
 */
function makesSize(model: ImageModelRules, size: { width: number; height: number }): boolean {
  const { sizes } = model.image;
  const wxh = `${size.width}x${size.height}`;
  if (sizes.kind === "list") return sizes.values.includes(wxh);
  if (sizes.kind === "pixels") return sizeRuleViolations(wxh, sizes.rule).length === 0;
  return model.image.image_sizes.length === 0;
}

/** The listed size ("WxH" or parsed) whose shape is nearest `shape` (width / height). */
function nearestInShape(
  values: readonly (string | { width: number; height: number })[],
  shape: number,
): { width: number; height: number } | undefined {
  let best: { width: number; height: number } | undefined;
  for (const value of values) {
    const size = typeof value === "string" ? parseSize(value) : value;
    if (!size) continue;
    const distance = Math.abs(Math.log(size.width / size.height / shape));
    if (!best || distance < Math.abs(Math.log(best.width / best.height / shape))) best = size;
  }
  return best;
}

function defaultRatio(model: ImageModelRules | undefined): number {
  const configured = model?.image.default_aspect_ratio;
  return (configured === undefined ? undefined : parseAspectRatio(configured)) ?? 1;
}

/**
 * `size` scaled, in its shape, into the pixel bounds of the model's size rule: a tier's area in a
 * shape can pass them (Seedream 5.0 Pro's 2K at 4:3 rounds to 2368x1776, over its 2048² pixels),
 * and a provider makes the nearest size it can rather than a square of another shape.
 */
function withinPixelRule(
  model: ImageModelRules | undefined,
  size: { width: number; height: number },
  multiple: number,
): { width: number; height: number } {
  const sizes = model?.image.sizes;
  if (sizes?.kind !== "pixels") return size;
  const pixels = size.width * size.height;
  const { min_pixels: min, max_pixels: max } = sizes.rule;
  const target =
    max !== undefined && pixels > max ? max : min !== undefined && pixels < min ? min : undefined;
  if (target === undefined) return size;
  // Rounded down to fit under a maximum, up to reach a minimum.
  const round = target < pixels ? Math.floor : Math.ceil;
  const scale = Math.sqrt(target / pixels) / multiple;
  return {
    width: round(size.width * scale) * multiple,
    height: round(size.height * scale) * multiple,
  };
}

/** The size of `edge`² pixels in `shape` (width / height), edges rounded to a `multiple`. */
function shapedSize(
  edge: number,
  shape: number,
  multiple: number,
): { width: number; height: number } {
  return {
    width: roundTo(edge * Math.sqrt(shape), multiple),
    height: roundTo(edge / Math.sqrt(shape), multiple),
  };
}

function roundTo(value: number, multiple: number): number {
  return Math.max(multiple, Math.round(value / multiple) * multiple);
}
