/**
 * @pictor/ai-sdk: the Vercel AI SDK provider for Pictor. Every gateway image model in
 * `generateImage`, and image-output chat models in `generateText`, `streamText` and `useChat`.
 * @example
 * import { pictor } from "@pictor/ai-sdk";
 * import { generateImage } from "ai";
 * const { images } = await generateImage({ model: pictor.image("bytedance/seedream-4-5"), prompt: "A cozy cabin", n: 3 });
 */

import type { PictorChatLanguageModel as ChatModel } from "./chat/pictor-chat-language-model";
import type { PictorImageModel as ImageModel } from "./image/pictor-image-model";

export type { ImageModelId, KnownImageModelId } from "@pictor/contract";
export type { PictorChatProviderOptions } from "./chat/pictor-chat-provider-options";
export type { PictorImageProviderOptions } from "./image/pictor-image-provider-options";

// The models are types only (make them with `pictor.chat(id)` and `pictor.image(id)`). Aliases,
// because the declaration bundle turned a type-only re-export of a class into a value export,
// which `instanceof PictorImageModel` compiled against and then failed at run time.
/** A chat model of Pictor's provider (`LanguageModelV4`): text and images from a chat model. */
export type PictorChatLanguageModel = ChatModel;
/** An image model of Pictor's provider (`ImageModelV4`): generation and edits. */
export type PictorImageModel = ImageModel;
export { type PictorCost, pictorCostOf } from "./metadata/pictor-cost-of";
export {
  type PictorImageMetadata,
  pictorImageMetadataOf,
} from "./metadata/pictor-image-metadata-of";
export {
  createPictor,
  type PictorProvider,
  type PictorProviderSettings,
  pictor,
} from "./pictor-provider";
