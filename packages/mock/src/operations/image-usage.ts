import type { ImageUsage } from "@pictor/contract";
import type { RequestUsage } from "./render-images";

/** The `usage` block of an `/images/*` response, as the gateway derives it from chat usage. */
export function imageUsage(usage: RequestUsage): ImageUsage {
  const input = usage.promptTokens + usage.inputImageTokens;
  return {
    input_tokens: input,
    input_tokens_details: { image_tokens: usage.inputImageTokens, text_tokens: usage.promptTokens },
    output_tokens: usage.outputImageTokens,
    output_tokens_details: { image_tokens: usage.outputImageTokens, text_tokens: 0 },
    total_tokens: input + usage.outputImageTokens,
    cost: usage.cost.cost,
    cost_details: {
      input_cost: usage.cost.input_cost,
      image_output_cost: usage.cost.image_output_cost,
    },
  };
}
