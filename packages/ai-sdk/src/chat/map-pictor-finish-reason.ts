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
    case "tool_calls":
      return { unified: "tool-calls", raw };
    // Some providers end a failed generation this way; the AI SDK has a reason for it.
    case "error":
      return { unified: "error", raw };
    default:
      return { unified: "other", raw: raw ?? undefined };
  }
}
