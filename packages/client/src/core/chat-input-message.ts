import type {
  AssistantMessage,
  ChatMessage,
  ImageContentPart,
  ImageObject,
  TextContentPart,
  UserMessage,
} from "@pictor/contract";
import type { ImageInput } from "./image-input";

/** The spec's `T` with `image_url.url` taking any `ImageInput` instead of a URL string. */
type WithImageInput<T extends { image_url: { url: string } }> = Omit<T, "image_url"> & {
  image_url: Omit<T["image_url"], "url"> & { url: ImageInput };
};

/** A content part as you write it: text, or an image as any `ImageInput`. */
type InputContentPart = TextContentPart | WithImageInput<ImageContentPart>;

/**
 * A message of a chat request as you write it: the spec's `ChatMessage`, except that images
 * (a user's image parts, an assistant's earlier images) take any `ImageInput` (bytes, a Blob,
 * base64, an earlier result, a URL) in `image_url.url`; Pictor sends each as an https URL or an
 * image data URL. An assistant turn may also carry its images as `images`, as a response's
 * message does, so that message can go back as it came.
 */
export type ChatInputMessage =
  | Exclude<ChatMessage, { role: "user" } | { role: "assistant" }>
  | (Omit<AssistantMessage, "content"> & {
      content?: string | readonly InputContentPart[] | null;
      /**
       * What the model made in that turn, sent back so the next turn refines it: any
       * `ImageInput` (an earlier `GeneratedImage`, say). Sent as `image_url` parts after the
       * turn's text: the gateway reads an assistant's images from its content only. Null is
       * none, as a response's message may say it.
       */
      images?: readonly WithImageInput<ImageObject>[] | null;
    })
  | (Omit<UserMessage, "content"> & {
      content: string | readonly InputContentPart[];
    });
