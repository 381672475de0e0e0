/** The mock's image toolkit: prompt-derived PNGs, PNG encoding, image headers, base64 and data URLs. */

export {
  decodeBase64,
  encodeBase64,
  type ImageHeader,
  type ImageMediaType,
  isBase64,
  parseDataUrl,
  readImageHeader,
} from "@pictor/contract";
export { crc32 } from "./crc32";
export { hashSeed, mulberry32 } from "./hash-seed";
export { encodePng, type RawImage } from "./png-encoder";
export { paintPromptImage, renderPromptImage } from "./prompt-image";
export {
  MAX_PROMPT_IMAGE_PIXELS,
  MAX_PROMPT_IMAGE_SIDE,
  type PromptEditMark,
  type PromptGradient,
  type PromptImageInput,
  type PromptImagePlan,
  type PromptShape,
  planPromptImage,
  type Rgb,
  samplePromptPixel,
} from "./prompt-image-plan";
