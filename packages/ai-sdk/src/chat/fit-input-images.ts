import type { SharedV4Warning } from "@ai-sdk/provider";
import { type ChatMessage, maxInputImagesTotalChars } from "@pictor/client";
import { assistantContent, assistantParts } from "./convert-to-pictor-messages";

/**
 * Keeps a conversation's images within what the model takes as input: at most
 * `maxInputImages`, and at most what one request may carry in all. Every image an earlier
 * assistant turn made goes back with it, so a refinement loop adds one or more per turn and
 * soon passes the limit (the call is then refused). The oldest assistant images are left out
 * first: the latest one is what "make it bluer" refers to, and the images a user attached are
 * theirs to choose. Images a tool returned (the user turns in `fromTools`) go in the same order
 * with the assistant's: an old tool exchange must not get a call refused. A model that takes no
 * input images gets none of them. Returns the input images left.
 */
export function fitInputImages(
  messages: ChatMessage[],
  inputImages: number,
  maxInputImages: number,
  modelId: string,
  warnings: SharedV4Warning[],
  fromTools: ReadonlySet<ChatMessage> = new Set(),
): number {
  /** Whether a turn's images may be left out: made by the model, or returned by a tool. */
  const droppable = (message: ChatMessage) =>
    message.role === "assistant" || fromTools.has(message);
  // The characters of the images as sent (their URLs): the user's, and the ones made earlier.
  let userChars = 0;
  let madeChars = 0;
  let madeImages = 0;
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type !== "image_url") continue;
      if (droppable(message)) {
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
  let leftFromTools = 0;
  const emptied: number[] = [];
  for (const [index, message] of messages.entries()) {
    if (count <= maxInputImages && chars <= maxInputImagesTotalChars) break;
    if (!droppable(message)) continue;
    const fromTool = fromTools.has(message);
    const kept = assistantParts(message.content).filter((part) => {
      if (part.type !== "image_url") return true;
      if (count <= maxInputImages && chars <= maxInputImagesTotalChars) return true;
      chars -= part.image_url.url.length;
      count--;
      if (fromTool) leftFromTools++;
      else left++;
      return false;
    });
    if (message.role === "assistant")
      messages[index] = { ...message, content: assistantContent(kept) };
    else if (kept.length > 0) messages[index] = { role: "user", content: kept };
    // A tool's turn holds only its images: with none left, it has nothing to send.
    else emptied.push(index);
  }
  for (const index of emptied.reverse()) messages.splice(index, 1);
  if (left + leftFromTools === 0) return count;
  const what = [
    ...(left > 0 ? [`${left} image(s) from earlier assistant turns`] : []),
    ...(leftFromTools > 0 ? [`${leftFromTools} image(s) tool results returned`] : []),
  ].join(" and ");
  const verb = leftFromTools > 0 ? "were not sent" : "were not sent back";
  warnings.push({
    type: "other",
    message:
      maxInputImages === 0
        ? // Not noise: "make it night" gets a new image, not the last one edited, and this says why.
          `${modelId} takes no input images, so the ${what} ${verb}: each turn makes a new image from the conversation's text rather than editing the last one (to refine an image, use a model that takes input images)`
        : `${what} ${verb}: ${limits.join(", and ")}, so the oldest were left out`,
  });
  return count;
}
