import { isRecord } from "../internal/is-record";
import { type PictorCost, pictorCostOf } from "./pictor-cost-of";

/** What Pictor tells about one image of `generateImage`, in its `providerMetadata.pictor`. */
export interface PictorImageMetadata {
  /** The media type sniffed from the image's bytes, e.g. `image/png`. */
  mediaType: string;
  /** Width in pixels, read from the image's header. */
  width: number;
  /** Height in pixels, read from the image's header. */
  height: number;
  /** The prompt the model says it used, when it rewrote yours. */
  revisedPrompt: string | null;
  /** The image's share of its call's cost; `null` when unknown. */
  cost: PictorCost | null;
  /** The gateway's id of the request that made the image (quote it to support). */
  requestId: string | null;
}

/**
 * The Pictor metadata of an image of `generateImage`, typed: its size, media type, revised
 * prompt, cost and request id; `undefined` when the image's metadata is not Pictor's.
 * @example
 * const { width, height, revisedPrompt } = pictorImageMetadataOf(image) ?? {};
 */
export function pictorImageMetadataOf(image: {
  readonly providerMetadata?: Readonly<Record<string, unknown>> | undefined;
}): PictorImageMetadata | undefined {
  const pictor = image.providerMetadata?.pictor;
  if (!isRecord(pictor)) return undefined;
  const { mediaType, width, height, revisedPrompt, requestId } = pictor;
  if (typeof mediaType !== "string" || typeof width !== "number" || typeof height !== "number")
    return undefined;
  return {
    mediaType,
    width,
    height,
    revisedPrompt: typeof revisedPrompt === "string" ? revisedPrompt : null,
    cost: pictorCostOf(image) ?? null,
    requestId: typeof requestId === "string" ? requestId : null,
  };
}
