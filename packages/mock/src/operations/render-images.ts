import {
  estimateImageCost,
  type ImageCostEstimate,
  type ImageModelEntry,
  requestedTier,
} from "@pictor/contract";
import type { OperationContext } from "../gateway/operation-context";
import { renderPromptImage } from "../image";

/** What one request asks the mock to paint. */
export interface RenderRequest {
  prompt: string;
  model: ImageModelEntry;
  seed?: number | undefined;
  count: number;
  width: number;
  height: number;
  /** Size of the first input image, for edits. */
  source?: { width: number; height: number } | undefined;
}

/**
 * Paints `count` deterministic PNGs (one variation per index). Without a seed the indexes go on
 * from the gateway's earlier requests for the same model and prompt, so a repeat (or a fan-out
 * of `n`) gets new images.
 */
export async function renderImages(
  request: RenderRequest,
  context: Pick<OperationContext, "firstVariation">,
): Promise<Uint8Array[]> {
  const images: Uint8Array[] = [];
  const first =
    request.seed === undefined
      ? context.firstVariation(`${request.model.id}\n${request.prompt}`, request.count)
      : 0;
  // One at a time: a 4096² image holds ~50 MB of pixels, and n of them at once adds up.
  for (let index = first; index < first + request.count; index++) {
    images.push(
      await renderPromptImage({
        prompt: request.prompt,
        model: request.model.id,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        index,
        width: request.width,
        height: request.height,
        ...(request.source ? { source: request.source } : {}),
      }),
    );
  }
  return images;
}

/** Token counts and cost of a request, priced from the catalog. */
export interface RequestUsage {
  promptTokens: number;
  inputImageTokens: number;
  outputImageTokens: number;
  cost: ImageCostEstimate;
}

/** Tokens the mock bills for one input image, as providers do for a ~1K image. */
export const inputImageTokens = 1290;

/** Counts tokens (about four characters each) and prices the request. */
export function requestUsage(
  model: ImageModelEntry,
  input: {
    prompt: string;
    images: number;
    width: number;
    height: number;
    /** The `size`/`image_size` asked for: a tier ("1K", or the model's default tier when none) prices the images by it. */
    size?: string | undefined;
    quality?: string | undefined;
    inputImages: number;
  },
): RequestUsage {
  const promptTokens = Math.max(1, Math.ceil(input.prompt.length / 4));
  const cost = estimateImageCost(model, {
    images: input.images,
    width: input.width,
    height: input.height,
    tier: requestedTier(model, input.size),
    quality: input.quality,
    inputImages: input.inputImages,
    promptTokens,
  });
  return {
    promptTokens,
    inputImageTokens: input.inputImages * inputImageTokens,
    outputImageTokens: input.images * cost.output_image_tokens,
    cost,
  };
}
