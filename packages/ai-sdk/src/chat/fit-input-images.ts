import type { SharedV4Warning } from "@ai-sdk/provider";
import { type ChatMessage, maxInputImagesTotalChars } from "@pictor/client";
import { assistantContent, assistantParts } from "./convert-to-pictor-messages";

/**
 * Keeps a conversation's images within what the model takes as input: at most
 * `maxInputImages`, and at most what one request may carry in all. Every image an earlier
 * assistant turn made goes back with it, so a refinement loop adds one or more per turn and
 * soon passes the limit (the call is then refused). The oldest assistant images are left out
 * first: the latest one is what "make it bluer" refers to, and the images a user attached are
 * theirs to choose. A model that takes no input images gets none of them back. Returns the input
 * images left.
 */
export function fitInputImages(
  messages: ChatMessage[],
  inputImages: number,
  maxInputImages: number,
  modelId: string,
  warnings: SharedV4Warning[],
): number {
  // The characters of the images as sent (their URLs): the user's, and the ones made earlier.
  let userChars = 0;
  let madeChars = 0;
  let madeImages = 0;
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type !== "image_url") continue;
      if (message.role === "assistant") {
        madeChars += part.image_url.url.length;
        madeImages += 1;
      } else userChars += part.image_url.url.length;
    }
  }
  // The user's own images alone are too many or too large: leaving out made ones cannot help,
  // and the call is refused saying so.
  if (inputImages - madeImages > maxInputImages || userChars > maxInputImagesTotalChars)
    return inputImages;
  let count = inputImages;
  let chars = userChars + madeChars;
  const limits = [
    ...(count > maxInputImages
      ? [`${modelId} takes at most ${maxInputImages} input image(s)`]
      : []),
    ...(chars > maxInputImagesTotalChars
      ? [`one request carries at most ${maxInputImagesTotalChars / 1024 / 1024} MiB of images`]
      : []),
  ];
  let left = 0;
  for (const [index, message] of messages.entries()) {
    if (count <= maxInputImages && chars <= maxInputImagesTotalChars) break;
    if (message.role !== "assistant") continue;
    const kept = assistantParts(message.content).filter((part) => {
      if (part.type !== "image_url") return true;
      if (count <= maxInputImages && chars <= maxInputImagesTotalChars) return true;
      chars -= part.image_url.url.length;
      count--;
      left++;
      return false;
    });
    messages[index] = { ...message, content: assistantContent(kept) };
  }
  if (left > 0 && maxInputImages === 0) {
    // Not noise: "make it night" gets a new image, not the last one edited, and this says why.
    warnings.push({
      type: "other",
      message: `${modelId} takes no input images, so the ${left} image(s) from earlier assistant turns were not sent back: each turn makes a new image from the conversation's text rather than editing the last one (to refine an image, use a model that takes input images)`,
    });
  } else if (left > 0) {
    warnings.push({
      type: "other",
      message: `${left} image(s) from earlier assistant turns were not sent back: ${limits.join(", and ")}, so the oldest were left out`,
    });
  }
  return count;
}
