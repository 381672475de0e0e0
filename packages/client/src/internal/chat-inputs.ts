import type { ChatInputMessage } from "../core/chat-input-message";
import type { ValidationIssue } from "../core/errors";
import { inputsTooLarge, normalizeImageInput } from "../core/image-input";

/**
 * The messages as the gateway takes them. Each image of a user (or system) message (bytes, a
 * Blob, base64, an earlier result, a URL) becomes an https URL or a base64 image data URL, checked as an edit's inputs
 * are: an https URL or an image (sniffed, so the media type is right), not too large, and not
 * too much together. The assistant's own earlier images go back as they are.
 */
export async function normalizeChatInputs(
  messages: readonly ChatInputMessage[],
): Promise<{ messages: unknown[]; issues: ValidationIssue[] }> {
  const issues: ValidationIssue[] = [];
  const urls: string[] = [];
  // Checked against the spec by the caller: here only the images are rewritten.
  const normalized: unknown[] = [];
  for (const [index, message] of messages.entries()) {
    // From untyped code anything may come: what is not a message is the schema's to report.
    if (
      typeof message !== "object" ||
      message === null ||
      (message.role !== "user" && message.role !== "system")
    ) {
      if (message?.role === "assistant" && Array.isArray(message.images))
        for (const image of message.images) {
          const url = image?.image_url?.url;
          if (typeof url === "string") urls.push(url);
        }
      normalized.push(message);
      continue;
    }
    if (!Array.isArray(message.content)) {
      normalized.push(message);
      continue;
    }
    const content: unknown[] = [];
    for (const [position, part] of message.content.entries()) {
      if (typeof part !== "object" || part === null || part.type !== "image_url") {
        content.push(part);
        continue;
      }
      // A missing `image_url` is reported as a missing input.
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
