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
 * Blob, base64, an earlier result, a URL) becomes an https URL or a base64 image data URL,
 * checked as an edit's inputs are: an https URL or an image (sniffed, so the media type is
 * right), not too large, and not too much together. An assistant's earlier images get the same
 * checks, except the model's own data URLs (see `ownImageUrl`), which go back as they are; its `images`
 * (a response message's field, which the gateway drops) go as `image_url` parts after its
 * text. Rejects with `APIUserAbortError` once `signal` aborts.
 */
export async function normalizeChatInputs(
  messages: readonly ChatInputMessage[],
  signal: AbortSignal | undefined,
): Promise<{ messages: unknown[]; issues: ValidationIssue[]; inputImages: number }> {
  const issues: ValidationIssue[] = [];
  const urls: string[] = [];
  /** `part` with its image as the gateway takes it (counted), or undefined (the issue noted). */
  const rewritten = async <P extends { image_url: { url: ImageInput } }>(
    part: P,
    path: string,
    lenient = false,
  ): Promise<P | undefined> => {
    const own = lenient ? ownImageUrl(part?.image_url?.url) : undefined;
    // From untyped code `image_url` may be missing: then the input is reported as missing.
    const image = own
      ? { ok: true as const, url: own }
      : await normalizeImageInput(part?.image_url?.url, path, signal);
    if (!image.ok) {
      issues.push(image.issue);
      return undefined;
    }
    urls.push(image.url);
    return image.url === part.image_url.url
      ? part
      : { ...part, image_url: { ...part.image_url, url: image.url } };
  };
  /** `content` with each image part rewritten; anything else is the schema's to report. */
  const rewrittenContent = async (
    content: readonly unknown[],
    index: number,
    lenient: boolean,
  ): Promise<unknown[]> => {
    const parts: unknown[] = [];
    for (const [position, part] of content.entries()) {
      if (!isImagePart(part)) {
        parts.push(part);
        continue;
      }
      const path = `messages.${index}.content.${position}.image_url.url`;
      const done = await rewritten(part, path, lenient);
      if (done) parts.push(done);
    }
    return parts;
  };
  // Checked against the spec by the caller: here only the images are rewritten.
  const normalized: unknown[] = [];
  for (const [index, message] of messages.entries()) {
    // From untyped code anything may come: what is not a message is the schema's to report.
    if (typeof message !== "object" || message === null) {
      normalized.push(message);
      continue;
    }
    if (message.role === "assistant") {
      const { images, content, ...rest } = message;
      // Null: none, as a response's message says it (vLLM) and goes back as it came.
      if (images != null && !Array.isArray(images))
        issues.push({
          path: `messages.${index}.images`,
          message:
            'must be an array of images, [{ type: "image_url", image_url: { url } }] (a response message\'s images)',
        });
      if (!Array.isArray(images) || images.length === 0) {
        normalized.push(
          Array.isArray(content)
            ? { ...rest, content: await rewrittenContent(content, index, true) }
            : images === undefined
              ? message
              : { ...rest, ...(content === undefined ? {} : { content }) },
        );
        continue;
      }
      const parts: unknown[] = Array.isArray(content)
        ? await rewrittenContent(content, index, true)
        : typeof content === "string" && content !== ""
          ? [{ type: "text", text: content }]
          : [];
      for (const [position, image] of images.entries()) {
        const path = `messages.${index}.images.${position}.image_url.url`;
        const done = await rewritten(image, path, true);
        if (done) parts.push({ type: "image_url", image_url: done.image_url });
      }
      normalized.push({ ...rest, content: parts });
      continue;
    }
    // Only an assistant's `images` are moved into its content: on another turn (from untyped
    // code) the gateway would drop them, and the model would never see them. None (`[]`, `null`:
    // code that builds every message alike) loses nothing.
    const stray: unknown = Reflect.get(message, "images");
    if (stray != null && !(Array.isArray(stray) && stray.length === 0))
      issues.push({
        path: `messages.${index}.images`,
        message:
          "only an assistant message takes images: put them in its content as image_url parts",
      });
    if ((message.role !== "user" && message.role !== "system") || !Array.isArray(message.content)) {
      normalized.push(message);
      continue;
    }
    normalized.push({ ...message, content: await rewrittenContent(message.content, index, false) });
  }
  const tooLarge = inputsTooLarge(urls, "messages");
  if (tooLarge) issues.push(tooLarge);
  return { messages: normalized, issues, inputImages: urls.length };
}

/**
 * An assistant's earlier image as it came from the model, to go back unread: a data URL whose
 * first bytes are the image it declares (see `modelImageDataUrl`). Any other form (an https URL,
 * an earlier GeneratedImage, bytes, base64, a data URL that is not that) is checked like a
 * user's: an https URL costs only a parse, and one written by hand may be malformed or padded.
 */
function ownImageUrl(url: unknown): string | undefined {
  return typeof url === "string" ? modelImageDataUrl(url) : undefined;
}

/** Whether a content part is an image part (from untyped code, anything may come). */
function isImagePart(part: unknown): part is { type: "image_url"; image_url: { url: ImageInput } } {
  return typeof part === "object" && part !== null && Reflect.get(part, "type") === "image_url";
}
