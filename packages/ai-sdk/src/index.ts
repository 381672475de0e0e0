/**
 * @pictor/ai-sdk: the Vercel AI SDK provider for Pictor. Every gateway image model in
 * `generateImage`, and image-output chat models in `generateText`, `streamText` and `useChat`.
 * @example
 * import { pictor } from "@pictor/ai-sdk";
 * import { generateImage } from "ai";
 * const { images } = await generateImage({ model: pictor.image("bytedance/seedream-4-5"), prompt: "A cozy cabin", n: 3 });
 */

export type { ImageModelId, KnownImageModelId } from "@pictor/contract";
export type { PictorChatLanguageModel } from "./chat/pictor-chat-language-model";
export type { PictorChatProviderOptions } from "./chat/pictor-chat-provider-options";
export type { PictorImageModel } from "./image/pictor-image-model";
export type { PictorImageProviderOptions } from "./image/pictor-image-provider-options";
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
