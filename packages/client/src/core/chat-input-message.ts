import type { ChatMessage } from "@pictor/contract";
import type { ImageInput } from "./image-input";

/**
 * A message of a chat request as you write it: the spec's `ChatMessage`, except that images
 * (a user's image parts, an assistant's earlier images) take any `ImageInput` (bytes, a Blob,
 * base64, an earlier result, a URL) in `image_url.url`; Pictor sends each as an https URL or an
 * image data URL.
 */
export type ChatInputMessage =
  | Exclude<ChatMessage, { role: "user" } | { role: "assistant" }>
  | {
      role: "assistant";
      content?: string | null;
      /** What the model made in that turn, sent back so the next turn refines it: any `ImageInput` (an earlier `GeneratedImage`, say). */
      images?: readonly { type: "image_url"; image_url: { url: ImageInput } }[];
      name?: string;
    }
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
