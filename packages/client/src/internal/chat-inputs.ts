import type { ChatMessage } from "@pictor/contract";
import type { ValidationIssue } from "../core/errors";
import { type ImageInput, inputsTooLarge, normalizeImageInput } from "../core/image-input";

/** A chat message as the caller may write it: a user's image parts take any `ImageInput`. */
export type LooseChatMessage =
  | Exclude<ChatMessage, { role: "user" }>
  | {
      role: "user";
      content:
        | string
        | (
            | { type: "text"; text: string }
            | {
                type: "image_url";
                image_url: { url: ImageInput; detail?: "auto" | "low" | "high" };
              }
          )[];
      name?: string;
    };

/** A part of a user message as the gateway takes it. */
type UserContentPart = Exclude<Extract<ChatMessage, { role: "user" }>["content"], string>[number];

/**
 * The messages as the gateway takes them. Each user image (bytes, a Blob, base64, an earlier
 * result, a URL) becomes an https URL or a base64 image data URL, checked as an edit's inputs
 * are: an https URL or an image (sniffed, so the media type is right), not too large, and not
 * too much together. The assistant's own earlier images go back as they are.
 */
export async function normalizeChatInputs(
  messages: readonly LooseChatMessage[],
): Promise<{ messages: ChatMessage[]; issues: ValidationIssue[] }> {
  const issues: ValidationIssue[] = [];
  const urls: string[] = [];
  const normalized: ChatMessage[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role !== "user") {
      for (const image of (message.role === "assistant" && message.images) || [])
        urls.push(image.image_url.url);
      normalized.push(message);
      continue;
    }
    if (!Array.isArray(message.content)) {
      normalized.push({ ...message, content: message.content });
      continue;
    }
    const content: UserContentPart[] = [];
    for (const [position, part] of message.content.entries()) {
      if (part.type !== "image_url") {
        content.push(part);
        continue;
      }
      // From untyped code `image_url` may be missing: then the input is reported as missing.
      const image = await normalizeImageInput(
        part.image_url?.url,
        `messages.${index}.content.${position}.image_url.url`,
      );
      if (!image.ok) {
        issues.push(image.issue);
        continue;
      }
      urls.push(image.url);
      content.push({ ...part, image_url: { ...part.image_url, url: image.url } });
    }
    normalized.push({ ...message, content });
  }
  const tooLarge = inputsTooLarge(urls, "messages");
  if (tooLarge) issues.push(tooLarge);
  return { messages: normalized, issues };
}
