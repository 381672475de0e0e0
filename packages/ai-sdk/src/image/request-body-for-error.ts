import type { ImageModelV4File } from "@ai-sdk/provider";
import { gatewayQuality } from "@pictor/contract";
import { inputImagesForError } from "./input-images-for-error";
import type { ResolvedImageSettings } from "./resolve-image-settings";

/**
 * The body of a call's request as an error's `requestBodyValues` shows it: what went on the wire
 * for the route the call took, its input images as their length. A call sent through chat (an
 * option only chat honours, such as a seed) shows the chat request, `messages` and
 * `image_config`, as the client builds it (`image-call-via-chat.ts`), not the image settings it
 * was made from. A call the client splits into several requests (an `n` above what one takes)
 * shows as one request of the call's `n` and seed, as on the images route.
 */
export function requestBodyForError(
  settings: ResolvedImageSettings,
  files: readonly ImageModelV4File[] | undefined,
): unknown {
  const { params } = settings;
  const images = settings.inputs && files ? inputImagesForError(files) : undefined;
  // The client renames generate's quality names on edits (neither edits nor chat take them).
  const quality =
    images && params.quality !== undefined ? gatewayQuality(params.quality) : params.quality;
  if (settings.endpoint !== "/chat/completions")
    return images ? { ...params, quality, images } : params;
  const content = images
    ? [
        ...images.map(({ image_url }) => ({ type: "image_url", image_url: { url: image_url } })),
        { type: "text", text: params.prompt },
      ]
    : params.prompt;
  return {
    model: params.model,
    messages: [{ role: "user", content }],
    service_tier: params.service_tier,
    image_config: {
      aspect_ratio: params.aspect_ratio,
      // "auto" is the same as none: the client does not send it as image_size.
      image_size: params.size === "auto" ? undefined : params.size,
      image_quality: quality,
      seed: params.seed,
      n: params.n,
      moderation: params.moderation,
    },
  };
}
