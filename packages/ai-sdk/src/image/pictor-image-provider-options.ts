import { tierEdges, zImageEditRequest, zImageGenerationRequest } from "@pictor/contract";
import * as z from "zod/mini";

const generation = zImageGenerationRequest.shape;
const edit = zImageEditRequest.shape;
const tiers = Object.keys(tierEdges) as [keyof typeof tierEdges, ...(keyof typeof tierEdges)[]];

/**
 * `providerOptions.pictor` of `generateImage`: the gateway's image fields the AI SDK has no
 * setting for. The field schemas are the spec's (generated in `@pictor/contract`), not restated.
 */
export const pictorImageProviderOptionsSchema = /* @__PURE__ */ z.object({
  /** Size tier ("0.5K", "1K", "2K", "4K") for models that take one (Google, ByteDance, xAI); wins over `size`. */
  image_size: z.optional(z.enum(tiers)),
  /** Output quality, for models with the setting (GPT Image, xAI). */
  quality: generation.quality,
  /** GPT Image moderation level. */
  moderation: generation.moderation,
  /** A style hint the gateway appends to the prompt (generation only). */
  style: generation.style,
  /** Priority or flex processing where the provider offers it. */
  service_tier: generation.service_tier,
  /** Background hint (edits only). */
  background: edit.background,
  /** How closely an edit keeps its input (edits only). */
  input_fidelity: edit.input_fidelity,
  /** Requested output format hint (edits only). */
  output_format: edit.output_format,
  /** Requested compression in percent (edits only). */
  output_compression: edit.output_compression,
});

/** What `providerOptions.pictor` takes in `generateImage`; every field is checked against the model, and what it ignores becomes a warning. */
export type PictorImageProviderOptions = z.input<typeof pictorImageProviderOptionsSchema>;
