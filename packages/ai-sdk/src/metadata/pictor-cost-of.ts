import { isRecord } from "../internal/is-record";

/** What a call cost in USD: reported by the gateway, or estimated by Pictor from the catalog's prices. */
export interface PictorCost {
  /** US dollars. */
  usd: number;
  /** `gateway` when the gateway reported it, `estimate` when Pictor worked it out. */
  source: "gateway" | "estimate";
}

/**
 * The cost in `providerMetadata.pictor` of an image of `generateImage` (its share of its call),
 * of a `generateText` or `streamText` step (`result.finalStep`, awaited for `streamText`; each of
 * `steps`; `event.finalStep` in `onEnd`) or `finish-step` part; `undefined` when it is unknown (a
 * failed stream, a model the catalog does not price) or the metadata is not Pictor's.
 * @example
 * const usd = images.reduce((sum, image) => sum + (pictorCostOf(image)?.usd ?? 0), 0);
 */
export function pictorCostOf(source: {
  readonly providerMetadata?: Readonly<Record<string, unknown>> | undefined;
}): PictorCost | undefined {
  const pictor = source.providerMetadata?.pictor;
  const cost = isRecord(pictor) ? pictor.cost : undefined;
  if (!isRecord(cost) || typeof cost.usd !== "number") return undefined;
  if (cost.source !== "gateway" && cost.source !== "estimate") return undefined;
  return { usd: cost.usd, source: cost.source };
}
