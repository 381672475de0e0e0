import type { SharedV4Warning } from "@ai-sdk/provider";
import type { ChatMessage } from "@pictor/client";

/**
 * Keeps a conversation's images within what the model takes as input. Every image an earlier
 * assistant turn made goes back with it, so a refinement loop adds one or more per turn and
 * soon passes the model's limit (the gateway then refuses the whole call). The oldest
 * assistant images are left out first: the latest one is what "make it bluer" refers to, and
 * the images a user attached are theirs to choose. Returns the input images left.
 */
export function fitInputImages(
  messages: ChatMessage[],
  inputImages: number,
  maxInputImages: number,
  modelId: string,
  warnings: SharedV4Warning[],
): number {
  let excess = inputImages - maxInputImages;
  if (excess <= 0) return inputImages;
  let left = 0;
  for (const [index, message] of messages.entries()) {
    if (excess <= 0) break;
    if (message.role !== "assistant" || !message.images?.length) continue;
    const drop = Math.min(excess, message.images.length);
    const { images, ...rest } = message;
    const kept = images.slice(drop);
    messages[index] = kept.length > 0 ? { ...rest, images: kept } : rest;
    excess -= drop;
    left += drop;
  }
  if (left > 0) {
    warnings.push({
      type: "other",
      message: `${left} image(s) from earlier assistant turns were not sent back: ${modelId} takes at most ${maxInputImages} input image(s), so the oldest were left out`,
    });
  }
  return inputImages - left;
}
