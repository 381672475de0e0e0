import type { ImageModelRules } from "./generated/models";

/**
 * What Gemini 3 image models make at 1K, by aspect ratio: Google's published table, which is not
 * a tier's area shaped and rounded (16:9 is 1376x768, where 1024² at 16:9 rounds to 1360x768).
 * The other tiers scale it by their edge: 0.5K halves it, 2K doubles it (2752x1536), 4K quadruples it.
 */
const sizesAt1K: Readonly<Record<string, readonly [width: number, height: number]>> = {
  "1:1": [1024, 1024],
  "1:4": [512, 2048],
  "1:8": [384, 3072],
  "2:3": [848, 1264],
  "3:2": [1264, 848],
  "3:4": [896, 1200],
  "4:1": [2048, 512],
  "4:3": [1200, 896],
  "4:5": [928, 1152],
  "5:4": [1152, 928],
  "8:1": [3072, 384],
  "9:16": [768, 1376],
  "16:9": [1376, 768],
  "21:9": [1584, 672],
};

/**
 * The 1K sizes a Gemini 3 image model (Google's, with `image_size` tiers) makes, one per aspect
 * ratio it lists; undefined for any other model (its sizes are computed from the tier).
 */
export function geminiSizesAt1K(
  model: ImageModelRules | undefined,
): { width: number; height: number }[] | undefined {
  if (model?.provider !== "google" || model.image.image_sizes.length === 0) return undefined;
  const listed = model.image.aspect_ratios;
  return Object.entries(sizesAt1K)
    .filter(([ratio]) => listed.length === 0 || listed.includes(ratio))
    .map(([, [width, height]]) => ({ width, height }));
}
