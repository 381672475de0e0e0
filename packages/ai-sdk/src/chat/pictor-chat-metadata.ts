import type { SharedV4ProviderMetadata } from "@ai-sdk/provider";
import {
  type ChatUsage,
  estimateImageCost,
  findImageModelRules,
  type ImageConfig,
  outputDimensions,
  requestedTier,
  usageCostUsd,
} from "@pictor/contract";
import { providerKey } from "../internal/parse-pictor-options";
import { chatUsageJson } from "./chat-usage-json";

/** What a chat call asked for and produced, as far as its cost goes. */
export interface ChatCallFacts {
  modelId: string;
  imageConfig: ImageConfig | undefined;
  inputImages: number;
  outputImages: number;
  requestId: string | null;
  /** The call ended in an error: what the gateway billed is unknown unless it said. */
  failed?: boolean;
}

/**
 * `providerMetadata.pictor` of a chat call: the request id, the gateway's usage as sent, and the
 * cost in USD, from the gateway when it reports one, else estimated from the catalog (labelled).
 */
export function pictorChatMetadata(
  usage: ChatUsage | null | undefined,
  facts: ChatCallFacts,
): SharedV4ProviderMetadata {
  return {
    [providerKey]: {
      requestId: facts.requestId,
      images: facts.outputImages,
      cost: chatCost(usage, facts),
      usage: usage ? chatUsageJson(usage) : null,
    },
  };
}

function chatCost(
  usage: ChatUsage | null | undefined,
  facts: ChatCallFacts,
): { usd: number; source: "gateway" | "estimate" } | null {
  const gatewayUsd = usageCostUsd(usage?.cost);
  if (gatewayUsd !== undefined) return { usd: gatewayUsd, source: "gateway" };
  // An estimate of a call cut short would count what arrived, not what the gateway billed.
  if (facts.failed) return null;
  const model = findImageModelRules(facts.modelId);
  if (!model) return null;
  const { width, height } = outputDimensions(model, {
    size: facts.imageConfig?.image_size,
    aspect_ratio: facts.imageConfig?.aspect_ratio,
  });
  const estimate = estimateImageCost(model, {
    images: facts.outputImages,
    width,
    height,
    tier: requestedTier(model, facts.imageConfig?.image_size),
    quality: facts.imageConfig?.image_quality,
    inputImages: facts.inputImages,
    promptTokens: usage?.prompt_tokens,
    outputImageTokens: usage?.completion_tokens_details?.image_tokens ?? undefined,
  });
  return { usd: estimate.cost, source: "estimate" };
}
