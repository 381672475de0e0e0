import type { ChatCompletionRequest } from "@pictor/contract";

/** What the mock reads from a chat request: the prompt and every image sent with it. */
export interface ChatInput {
  /** The text of the last user message. */
  prompt: string;
  /** Image URLs from the content parts of user and earlier assistant turns, oldest first. */
  imageUrls: string[];
  /** Path of each image in the request, to name it in error messages. */
  imageParams: string[];
}

/** Collects the prompt and input images of a chat conversation (multi-turn refinement included). */
export function readChatInput(messages: ChatCompletionRequest["messages"]): ChatInput {
  const imageUrls: string[] = [];
  const imageParams: string[] = [];
  let prompt = "";
  for (const [index, message] of messages.entries()) {
    // An assistant's images count only as content parts: the gateway drops any other field
    // (a response message's `images` sent back as they came reach no model).
    if (message.role !== "user" && message.role !== "assistant") continue;
    if (typeof message.content === "string" || !message.content) {
      if (message.role === "user") prompt = message.content ?? "";
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
    if (message.role === "user") prompt = texts.join("\n");
  }
  return { prompt, imageUrls, imageParams };
}
