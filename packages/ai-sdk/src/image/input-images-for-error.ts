import type { ImageModelV4File } from "@ai-sdk/provider";
import { elideDataUrl, elidedDataUrl } from "../internal/elide-image-data";

/**
 * An edit's input images as an error's `requestBodyValues` shows them: the gateway's
 * `images: [{ image_url }]`, a URL as it is and an image's data as its length
 * (`data:image/png;base64,<1398104 characters not shown>`), as the chat model shows a
 * conversation's images. Errors end up in logs; the bytes are neither copied nor encoded for it.
 */
export function inputImagesForError(files: readonly ImageModelV4File[]): { image_url: string }[] {
  return files.map((file) => ({
    image_url:
      file.type === "url"
        ? elideDataUrl(file.url)
        : elidedDataUrl(`data:${file.mediaType};base64,`, base64Length(file.data)),
  }));
}

/** The length of the base64 of `data`, which base64 already is, or bytes that would be padded to it. */
function base64Length(data: string | Uint8Array): number {
  return typeof data === "string" ? data.length : 4 * Math.ceil(data.length / 3);
}
