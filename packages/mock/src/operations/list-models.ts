import {
  type ImageModelEntry,
  isDeactivated,
  listImageModels,
  type Model,
  type ModelList,
  type ModelPricing,
} from "@pictor/contract";
import { json } from "./json-response";

/**
 * `GET /v1/models`: the catalog's image models in the gateway's format. Honours the
 * `include_deactivated`, `exclude_deprecated` and `mapped` (provider-pinned ids) query flags.
 * `include_restricted` and `no_training` change nothing: the catalog has no restricted model,
 * and the reference names `no_training` without saying which providers it leaves out.
 */
export function listModels(url: URL, now: number): Response {
  const flag = (name: string) => url.searchParams.get(name) === "true";
  const models = listImageModels().filter(
    (model) =>
      (flag("include_deactivated") || !isDeactivated(model, now)) &&
      !(flag("exclude_deprecated") && model.status === "deprecated"),
  );
  const data = flag("mapped")
    ? models.flatMap((model) =>
        model.pinned_ids.map((id) => {
          // A mapped entry describes one provider mapping: the one its id pins.
          const entry = gatewayModel(model);
          const providerId = id.slice(0, id.indexOf("/"));
          return {
            ...entry,
            id,
            providers: entry.providers.filter((provider) => provider.providerId === providerId),
          };
        }),
      )
    : models.map(gatewayModel);
  const response = json({ data } satisfies ModelList);
  // With a key the gateway also lists the organization's own models: caches must key on it.
  response.headers.set("vary", "Authorization, x-api-key");
  return response;
}

function gatewayModel(model: ImageModelEntry): Model {
  const pricing = gatewayPricing(model);
  const deactivated = model.deactivated_at ? `${model.deactivated_at}T00:00:00.000Z` : null;
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    family: model.provider,
    architecture: {
      input_modalities: [...model.input_modalities],
      output_modalities: [...model.output_modalities],
    },
    top_provider: { is_moderated: false },
    providers: model.providers.map((provider) => ({
      providerId: provider.provider_id,
      externalId: provider.upstream_id,
      pricing,
      streaming: provider.streaming,
      vision: model.input_modalities.includes("image"),
      cancellation: false,
      tools: false,
      parallelToolCalls: false,
      reasoning: false,
    })),
    pricing,
    json_output: false,
    structured_outputs: false,
    free: false,
    deprecated_at: model.status === "deprecated" ? deactivated : null,
    deactivated_at: deactivated,
    stability: model.status === "preview" ? "beta" : "stable",
  };
}

/** Prices as the gateway lists them: strings, per token, per request or per image tier. */
function gatewayPricing(model: ImageModelEntry): ModelPricing {
  const { pricing } = model;
  const perToken = (perMillion: number | undefined) => String((perMillion ?? 0) / 1e6);
  switch (pricing.kind) {
    case "per_image":
      return { prompt: "0", completion: "0", request: String(pricing.per_image) };
    case "per_tier":
      return {
        prompt: "0",
        completion: "0",
        per_image: Object.fromEntries(
          Object.entries(pricing.tiers).map(([tier, price]) => [tier, String(price)]),
        ),
      };
    case "per_token":
      return {
        prompt: perToken(pricing.input_per_million),
        completion: perToken(pricing.output_text_per_million),
        image: perToken(pricing.input_image_per_million),
      };
  }
}
