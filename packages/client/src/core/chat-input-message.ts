import type { ChatMessage } from "@pictor/contract";
import type { ImageInput } from "./image-input";

/**
 * A message of a chat request as you write it: the spec's `ChatMessage`, except that a user's
 * image parts take any `ImageInput` (bytes, a Blob, base64, an earlier result, a URL) in
 * `image_url.url`; Pictor sends each as an https URL or an image data URL.
 */
export type ChatInputMessage =
  | Exclude<ChatMessage, { role: "user" }>
  | {
      role: "user";
      content:
        | string
        | readonly (
            | { type: "text"; text: string }
            | {
                type: "image_url";
                image_url: { url: ImageInput; detail?: "auto" | "low" | "high" };
              }
          )[];
      name?: string;
    };
