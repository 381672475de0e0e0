import type { SharedV4Warning } from "@ai-sdk/provider";
import { type ChatMessage, maxInputImagesTotalChars } from "@pictor/client";

/**
 * Keeps a conversation's images within what the model takes as input: at most
 * `maxInputImages`, and at most what one request may carry in all. Every image an earlier
 * assistant turn made goes back with it, so a refinement loop adds one or more per turn and
 * soon passes the limit (the call is then refused). The oldest assistant images are left out
 * first: the latest one is what "make it bluer" refers to, and the images a user attached are
 * theirs to choose. Returns the input images left.
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
    if (message.role === "assistant") {
      for (const image of message.images ?? []) madeChars += image.image_url.url.length;
      madeImages += message.images?.length ?? 0;
    } else if (Array.isArray(message.content)) {
      for (const part of message.content)
        if (part.type === "image_url") userChars += part.image_url.url.length;
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
    if (message.role !== "assistant" || !message.images?.length) continue;
    const { images, ...rest } = message;
    let drop = 0;
    while (drop < images.length && (count > maxInputImages || chars > maxInputImagesTotalChars)) {
      chars -= images[drop]?.image_url.url.length ?? 0;
      count--;
      drop++;
    }
    const kept = images.slice(drop);
    messages[index] = kept.length > 0 ? { ...rest, images: kept } : rest;
    left += drop;
  }
  if (left > 0) {
    warnings.push({
      type: "other",
      message: `${left} image(s) from earlier assistant turns were not sent back: ${limits.join(", and ")}, so the oldest were left out`,
    });
  }
  return count;
}
