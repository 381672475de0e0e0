import type { LanguageModelV4Usage } from "@ai-sdk/provider";
import type { ChatUsage } from "@pictor/contract";
import { chatUsageJson } from "./chat-usage-json";

/**
 * The gateway's chat usage in the AI SDK's shape. Image tokens count as output but are neither
 * text nor reasoning, so `outputTokens.text` leaves them out (and is unknown when the gateway
 * does not say how many there were); the raw usage (with `cost`) is kept.
 */
export function convertPictorUsage(usage: ChatUsage | null | undefined): LanguageModelV4Usage {
  if (!usage) {
    return {
      inputTokens: {
        total: undefined,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  // A count a server sends as null (LiteLLM's unset fields) is unknown, as one left out.
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? undefined;
  const cacheWrite =
    usage.prompt_tokens_details?.cache_write_tokens ??
    usage.prompt_tokens_details?.cache_creation_tokens ??
    undefined;
  const reasoning =
    usage.completion_tokens_details?.reasoning_tokens ?? usage.reasoning_tokens ?? undefined;
  // Without the split, how many output tokens were text is unknown: image models spend most on
  // the image, so counting them all as text would mislead.
  const imageTokens = usage.completion_tokens_details?.image_tokens ?? undefined;
  return {
    inputTokens: {
      total: usage.prompt_tokens,
      noCache: usage.prompt_tokens - (cacheRead ?? 0),
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: usage.completion_tokens,
      text:
        imageTokens === undefined
          ? undefined
          : Math.max(0, usage.completion_tokens - (reasoning ?? 0) - imageTokens),
      reasoning,
    },
    raw: chatUsageJson(usage),
  };
}
