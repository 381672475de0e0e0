import { gatewayQuality } from "./gateway-quality";
import type { ImageModelRules, ImageSizeTier } from "./generated/models";
import { isImageSizeTier, resolutionOfSize, tierEdges, tierOfSize } from "./image-dimensions";

/** What a request produced or will produce, as far as pricing cares. */
export interface ImageCostInput {
  /** Output images. */
  images: number;
  /** Output pixel size of each image. */
  width: number;
  height: number;
  /**
   * The `image_size` tier asked for ("1K"), if any: providers bill by it, and a tier's non-square
   * images hold a few more pixels than its square (1K at 16:9 is 1376×768), so the pixel count
   * alone would price them a tier up.
   */
  tier?: string | undefined;
  /** `image_quality` asked for, when the model's prices depend on it. */
  quality?: string | undefined;
  /**
   * Output image tokens the gateway reported for all the images, for token-priced models: the
   * count billed, used instead of the catalog's per-tier count (which assumes medium quality).
   */
  outputImageTokens?: number | undefined;
  /** Input images (edits, references). */
  inputImages?: number | undefined;
  /** Text input tokens (the prompt). */
  promptTokens?: number | undefined;
}

/** A cost in USD, split like the gateway's `usage.cost_details`. */
export interface ImageCostEstimate {
  cost: number;
  input_cost: number;
  image_output_cost: number;
  /** Image tokens billed per output image, for token-priced models. */
  output_image_tokens: number;
}

/**
 * Estimates what the gateway charges for a request from the catalog's prices: per image, per
 * size tier, or per token. The gateway's own `usage.cost` is the truth when it sends one.
 * @example estimateImageCost(findImageModel("bytedance/seedream-4-5")!, { images: 2, width: 2048, height: 2048 }).cost // 0.09
 */
export function estimateImageCost(
  model: ImageModelRules,
  input: ImageCostInput,
): ImageCostEstimate {
  const { pricing } = model;
  const inputImages = input.inputImages ?? 0;
  const promptTokens = input.promptTokens ?? 0;
  switch (pricing.kind) {
    case "per_image":
      return priced(
        0,
        inputImages * (pricing.per_input_image ?? 0),
        input.images * pricing.per_image,
      );
    case "per_tier": {
      const price = tierPrice(pricing.tiers, pricing.default_tier, input);
      return priced(0, inputImages * (pricing.per_input_image ?? 0), input.images * price);
    }
    case "per_token": {
      const reported = input.outputImageTokens;
      const tokens =
        reported !== undefined && reported > 0 && input.images > 0
          ? reported / input.images
          : imageTokens(pricing.output_image_tokens, input);
      const textInput = (promptTokens * pricing.input_per_million) / 1e6;
      // Providers bill an input image at about 1,290 tokens, the figure the gateway's examples show.
      const imageInput = (inputImages * 1290 * (pricing.input_image_per_million ?? 0)) / 1e6;
      const output = (input.images * tokens * pricing.output_image_per_million) / 1e6;
      return priced(tokens, textInput + imageInput, output);
    }
  }
}

function priced(tokens: number, inputCost: number, outputCost: number): ImageCostEstimate {
  return {
    cost: round(inputCost + outputCost),
    input_cost: round(inputCost),
    image_output_cost: round(outputCost),
    output_image_tokens: tokens,
  };
}

/** Size tiers ("1K") bill by the tier asked for, else the smallest that holds the image; quality keys ("low/1k") by quality and resolution. */
function tierPrice(
  tiers: { readonly [key: string]: number },
  defaultTier: string,
  input: ImageCostInput,
): number {
  const keys = Object.keys(tiers);
  if (keys.some((key) => key.includes("/"))) {
    const price = tiers[`${billedQuality(input.quality)}/${billedResolution(input)}`];
    return price ?? tiers[defaultTier] ?? 0;
  }
  const tier = tableTier(keys, input);
  return tiers[tier ?? defaultTier] ?? tiers[defaultTier] ?? 0;
}

/**
 * The quality a "<quality>/<resolution>" key is looked up with. The gateway prices a quality not
 * sent (or "auto", which it does not send) as medium, the quality xAI serves then.
 */
function billedQuality(quality: string | undefined): string {
  if (quality === undefined || quality === "auto") return "medium";
  return gatewayQuality(quality);
}

/**
 * The resolution ("1k", "2k") of a "<quality>/<resolution>" key: the tier asked for, else the
 * gateway's rule for a WxH size, 2k when the longest edge is over 1536 px. The size that came
 * back follows it (xAI's 1k images reach 1408 px, its 2k ones 2048), where its pixel count
 * would not (a 1k image at 3:2 holds more pixels than 1024²).
 */
function billedResolution(input: ImageCostInput): string {
  if (input.tier !== undefined && isImageSizeTier(input.tier)) return input.tier.toLowerCase();
  return resolutionOfSize(input.width, input.height).toLowerCase();
}

function imageTokens(
  table: { readonly [tier: string]: number } | undefined,
  input: ImageCostInput,
): number {
  if (!table) return 0;
  const tier = tableTier(Object.keys(table), input);
  return (
    (tier === undefined ? undefined : table[tier]) ??
    table.default ??
    Math.max(0, ...Object.values(table))
  );
}

/** The tier asked for, else the smallest whose square holds the image's pixels. */
function tierOf(input: ImageCostInput): ImageSizeTier {
  return input.tier !== undefined && isImageSizeTier(input.tier)
    ? input.tier
    : tierOfSize(input.width, input.height);
}

/**
 * Which of a price table's size tiers applies: the one asked for (or the pixels' own) when the
 * table has it, else the smallest of its tiers that holds the image, else its largest; undefined
 * when it prices no size tier.
 */
function tableTier(keys: readonly string[], input: ImageCostInput): ImageSizeTier | undefined {
  const tiers = keys.filter(isImageSizeTier).sort((a, b) => tierEdges[a] - tierEdges[b]);
  const wanted = tierOf(input);
  if (tiers.includes(wanted)) return wanted;
  const pixels = input.width * input.height;
  return tiers.find((tier) => pixels <= tierEdges[tier] ** 2) ?? tiers.at(-1);
}

/** Micro-dollar precision, like the gateway's figures, without float noise (0.1 + 0.2). */
function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
