import type { ImageModelRules, ImageSizeTier } from "./generated/models";
import { parseSize } from "./size-rules";

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
  /** The input image of an edit: its shape is kept when no aspect ratio is asked for. */
  source?: { width: number; height: number } | undefined;
}

/**
 * The pixel size a model produces for a request: an explicit WxH as given; a tier (or the
 * model's default tier) shaped by the aspect ratio (or an edit's input) with edges rounded to
 * multiples of 16, as providers do; an edit without size keeps its input's size; else the
 * model's default size; else 1024×1024.
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
    return { width: requested.source.width, height: requested.source.height };
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
  const edge = tierEdges[tier ?? "1K"];
  const shape =
    ratio ??
    (requested.source ? requested.source.width / requested.source.height : defaultRatio(model));
  return {
    width: roundTo16(edge * Math.sqrt(shape)),
    height: roundTo16(edge / Math.sqrt(shape)),
  };
}

function defaultRatio(model: ImageModelRules | undefined): number {
  const configured = model?.image.default_aspect_ratio;
  return (configured === undefined ? undefined : parseAspectRatio(configured)) ?? 1;
}

function roundTo16(value: number): number {
  return Math.max(16, Math.round(value / 16) * 16);
}
