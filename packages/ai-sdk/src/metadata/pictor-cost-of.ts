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
 * of one of its `calls`, of a `generateText` or `streamText` step (`result.finalStep`, awaited
 * for `streamText`; each of `steps`; `event.finalStep` in `onEnd`) or `finish-step` part; of a
 * whole `generateImage` or `generateText` result, the sum of its calls or steps. `undefined`
 * when it is unknown (a failed stream, a model the catalog does not price, a call among those
 * summed without a cost) or the metadata is not Pictor's.
 * @example
 * const { usd } = pictorCostOf(await generateImage({ model, prompt, n: 3 })) ?? { usd: 0 };
 */
export function pictorCostOf(source: {
  readonly providerMetadata?: Readonly<Record<string, unknown>> | undefined;
  readonly steps?: unknown;
  readonly calls?: unknown;
}): PictorCost | undefined {
  // A whole result: its calls' or steps' costs added up. Its own `providerMetadata` is not read:
  // generateImage's has no cost, and generateText's (deprecated) is only its last step's.
  const parts = Array.isArray(source.calls)
    ? source.calls
    : Array.isArray(source.steps)
      ? source.steps
      : undefined;
  if (parts) return totalCost(parts);
  const pictor = source.providerMetadata?.pictor;
  const cost = isRecord(pictor) ? pictor.cost : undefined;
  if (!isRecord(cost) || typeof cost.usd !== "number") return undefined;
  if (cost.source !== "gateway" && cost.source !== "estimate") return undefined;
  return { usd: cost.usd, source: cost.source };
}

/** The sum of the parts' costs: unknown if any part's is, an estimate if any part's is. */
function totalCost(parts: readonly unknown[]): PictorCost | undefined {
  if (parts.length === 0) return undefined;
  let usd = 0;
  let source: PictorCost["source"] = "gateway";
  for (const part of parts) {
    const providerMetadata = isRecord(part) ? part.providerMetadata : undefined;
    const cost = isRecord(providerMetadata) ? pictorCostOf({ providerMetadata }) : undefined;
    if (!cost) return undefined;
    usd += cost.usd;
    if (cost.source === "estimate") source = "estimate";
  }
  return { usd, source };
}
