import { zImageConfig, zServiceTier } from "@pictor/contract";
import * as z from "zod/mini";

/**
 * `providerOptions.pictor` of `generateText` / `streamText`: the chat request's image options
 * and routing fields, with the spec's schemas (generated in `@pictor/contract`). Built from the
 * component schemas, not `zChatCompletionRequest.shape`: that would put every message schema in
 * the app's bundle.
 */
export const pictorChatProviderOptionsSchema = /* @__PURE__ */ z.object({
  /** Image options: `aspect_ratio`, `image_size`, `image_quality`, `seed`, `n`, `moderation`; each model honours a subset. */
  image_config: z.optional(zImageConfig),
  /** End-user id for abuse tracking and sticky routing. */
  user: z.optional(z.string()),
  /** Priority or flex processing where the provider offers it. */
  service_tier: z.optional(zServiceTier),
});

/** What `providerOptions.pictor` takes in `generateText` / `streamText`; options the model ignores become warnings. */
export type PictorChatProviderOptions = z.input<typeof pictorChatProviderOptionsSchema>;
