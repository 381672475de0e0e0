import { zChatCompletionRequest } from "@pictor/contract";
import * as z from "zod/mini";

const request = zChatCompletionRequest.shape;

/**
 * `providerOptions.pictor` of `generateText` / `streamText`: the chat request's image options
 * and routing fields, with the spec's schemas (generated in `@pictor/contract`).
 */
export const pictorChatProviderOptionsSchema = /* @__PURE__ */ z.object({
  /** Image options: `aspect_ratio`, `image_size`, `image_quality`, `seed`, `n`, `moderation`; each model honours a subset. */
  image_config: request.image_config,
  /** End-user id for abuse tracking and sticky routing. */
  user: request.user,
  /** Priority or flex processing where the provider offers it. */
  service_tier: request.service_tier,
});

/** What `providerOptions.pictor` takes in `generateText` / `streamText`; options the model ignores become warnings. */
export type PictorChatProviderOptions = z.input<typeof pictorChatProviderOptionsSchema>;
