import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";

/**
 * The gateway's `finish_reason` in the AI SDK's terms, keeping the raw value. None (null, or a
 * stream that reached `[DONE]` without one) is `interrupted` in a completion and a stream alike.
 */
export function mapPictorFinishReason(raw: string | null | undefined): LanguageModelV4FinishReason {
  // The gateway never said the answer was complete: the AI SDK's `interrupted` (output may be
  // cut short), not `other`, which says the model stopped for a reason of its own.
  if (!raw) return { unified: "interrupted", raw: undefined };
  switch (raw) {
    case "stop":
      return { unified: "stop", raw };
    case "length":
      return { unified: "length", raw };
    case "content_filter":
      return { unified: "content-filter", raw };
    // Pictor sends no tools and reads no tool calls: "tool-calls" would tell the AI SDK of calls
    // the result does not have (and it then keeps no `output` for the text it does have).
    case "tool_calls":
    case "function_call":
      return { unified: "other", raw };
    // Some providers end a failed generation this way; the AI SDK has a reason for it.
    case "error":
      return { unified: "error", raw };
    default:
      return { unified: "other", raw };
  }
}
