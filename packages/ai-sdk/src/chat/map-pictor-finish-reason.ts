import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";

/** The gateway's `finish_reason` in the AI SDK's terms, keeping the raw value. */
export function mapPictorFinishReason(raw: string | null | undefined): LanguageModelV4FinishReason {
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
      return { unified: "other", raw: raw ?? undefined };
  }
}
