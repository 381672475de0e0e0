import type { ChatInputMessage } from "../core/chat-input-message";
import type { ValidationIssue } from "../core/errors";
import {
  type ImageInput,
  inputsTooLarge,
  modelImageDataUrl,
  normalizeImageInput,
} from "../core/image-input";

/**
 * The messages as the gateway takes them. Each image of a user (or system) message (bytes, a
 * Blob, base64, an earlier result, a URL) becomes an https URL or a base64 image data URL, checked as an edit's inputs
 * are: an https URL or an image (sniffed, so the media type is right), not too large, and not
 * too much together. The assistant's earlier images get the same checks, except https URLs (the
 * model's own), which go back as they are.
 */
export async function normalizeChatInputs(
  messages: readonly ChatInputMessage[],
): Promise<{ messages: unknown[]; issues: ValidationIssue[]; inputImages: number }> {
  const issues: ValidationIssue[] = [];
  const urls: string[] = [];
  /** `part` with its image as the gateway takes it (counted), or undefined (the issue noted). */
  const rewritten = async <P extends { image_url: { url: ImageInput } }>(
    part: P,
    path: string,
  ): Promise<P | undefined> => {
    // From untyped code `image_url` may be missing: then the input is reported as missing.
    const image = await normalizeImageInput(part?.image_url?.url, path);
    if (!image.ok) {
      issues.push(image.issue);
      return undefined;
    }
    urls.push(image.url);
    return { ...part, image_url: { ...part.image_url, url: image.url } };
  };
  // Checked against the spec by the caller: here only the images are rewritten.
  const normalized: unknown[] = [];
  for (const [index, message] of messages.entries()) {
    // From untyped code anything may come: what is not a message is the schema's to report.
    if (message?.role === "assistant" && Array.isArray(message.images)) {
      const images: unknown[] = [];
      for (const [position, image] of message.images.entries()) {
        const url = image?.image_url?.url;
        // The model's own images go back as they came: https URLs unread, data URLs whose
        // first bytes are the image they declare (see `modelImageDataUrl`). Any other form (an
        // earlier GeneratedImage, bytes, base64, a data URL that is not that) is checked like
        // a user's.
        const own =
          typeof url !== "string"
            ? undefined
            : url.startsWith("https://")
              ? url
              : modelImageDataUrl(url);
        if (own) {
          urls.push(own);
          images.push(
            own === url ? image : { ...image, image_url: { ...image.image_url, url: own } },
          );
        } else {
          const done = await rewritten(image, `messages.${index}.images.${position}.image_url.url`);
          if (done) images.push(done);
        }
      }
      normalized.push({ ...message, images });
      continue;
    }
    if (
      typeof message !== "object" ||
      message === null ||
      (message.role !== "user" && message.role !== "system") ||
      !Array.isArray(message.content)
    ) {
      normalized.push(message);
      continue;
    }
    const content: unknown[] = [];
    for (const [position, part] of message.content.entries()) {
      if (typeof part !== "object" || part === null || part.type !== "image_url") {
        content.push(part);
        continue;
      }
      const done = await rewritten(part, `messages.${index}.content.${position}.image_url.url`);
      if (done) content.push(done);
    }
    normalized.push({ ...message, content });
  }
  const tooLarge = inputsTooLarge(urls, "messages");
  if (tooLarge) issues.push(tooLarge);
  return { messages: normalized, issues, inputImages: urls.length };
}
