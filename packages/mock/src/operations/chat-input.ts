import type { ChatCompletionRequest } from "@pictor/contract";

/** What the mock reads from a chat request: the prompt and every image sent with it. */
export interface ChatInput {
  /** The text of the last user message. */
  prompt: string;
  /** Image URLs from user content parts and earlier assistant images, oldest first. */
  imageUrls: string[];
  /** Path of each image in the request, for error `param`s. */
  imageParams: string[];
}

/** Collects the prompt and input images of a chat conversation (multi-turn refinement included). */
export function readChatInput(messages: ChatCompletionRequest["messages"]): ChatInput {
  const imageUrls: string[] = [];
  const imageParams: string[] = [];
  let prompt = "";
  for (const [index, message] of messages.entries()) {
    if (message.role === "assistant") {
      for (const [imageIndex, image] of (message.images ?? []).entries()) {
        imageUrls.push(image.image_url.url);
        imageParams.push(`messages.${index}.images.${imageIndex}.image_url.url`);
      }
      continue;
    }
    if (message.role !== "user") continue;
    if (typeof message.content === "string") {
      prompt = message.content;
      continue;
    }
    const texts: string[] = [];
    for (const [partIndex, part] of message.content.entries()) {
      if (part.type === "text") texts.push(part.text);
      else {
        imageUrls.push(part.image_url.url);
        imageParams.push(`messages.${index}.content.${partIndex}.image_url.url`);
      }
    }
    prompt = texts.join("\n");
  }
  return { prompt, imageUrls, imageParams };
}
