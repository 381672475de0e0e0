import {
  type ImageModelEntry,
  type ImageModelRules,
  imageModelAliases,
  imageModelIds,
  imageModelRules,
  imageModels,
  type KnownImageModelId,
} from "./generated/models";

/**
 * The model the gateway's `/images/generations` and `/images/edits` make for `model: "auto"`
 * (and for none). Not so on chat completions, where `"auto"` is the gateway's own routing.
 */
export const autoImageModelId = "gemini-3-pro-image";

/** `id` as `/images/*` read it: `"auto"` is {@link autoImageModelId}, any other id itself. */
export function imagesEndpointModelId(id: string): string {
  return id === "auto" ? autoImageModelId : id;
}

/**
 * Looks a model up by any id the gateway accepts for it (its id, a provider-pinned id such as
 * `alibaba/qwen-image-plus`, or an alias); `undefined` for a model the catalog does not know.
 * @example findImageModel("bytedance/seedream-4-5")?.image.max_n // 1
 */
export function findImageModel(id: string): ImageModelEntry | undefined {
  // Own-property check: a model id such as "constructor" must not find Object.prototype members.
  if (!Object.hasOwn(imageModelIds, id)) return undefined;
  return imageModels[imageModelIds[id as KnownImageModelId]];
}

/**
 * What request checks, routing and cost estimates need of a model, looked up like
 * {@link findImageModel} but from the lean `imageModelRules` (no names, descriptions or
 * provider mappings), so a browser bundle that uses only this carries about half the catalog.
 * @example findImageModelRules("alibaba/qwen-image-plus")?.id // "qwen-image-plus"
 */
export function findImageModelRules(id: string): ImageModelRules | undefined {
  // Untyped callers pass anything; a non-string id is the schema's to report, not a crash here.
  if (typeof id !== "string") return undefined;
  if (Object.hasOwn(imageModelAliases, id)) return imageModelRules[imageModelAliases[id] ?? ""];
  // A provider-pinned id is "<provider_id>/<id>": found from its suffix, then checked against
  // the model's own list, so an unknown provider prefix finds nothing.
  const bare = id.slice(id.indexOf("/") + 1);
  if (!Object.hasOwn(imageModelRules, bare)) return undefined;
  const model = imageModelRules[bare];
  return model && (bare === id || model.pinned_ids.includes(id)) ? model : undefined;
}

/**
 * The id people write for a model: the provider-pinned id when the provider pins it
 * (`alibaba/qwen-image-plus`), else the bare id (`gemini-3-pro-image-preview`, served by
 * several Google hosts).
 */
export function displayModelId(model: ImageModelRules): string {
  return model.pinned_ids.find((id) => id.startsWith(`${model.provider}/`)) ?? model.id;
}

/**
 * Whether the gateway no longer serves the model: its status says so, or its `deactivated_at`
 * date has passed (the gateway goes by the date, whatever the label).
 */
export function isDeactivated(model: ImageModelRules, now: number = Date.now()): boolean {
  if (model.status === "deactivated") return true;
  return (
    model.deactivated_at !== undefined && Date.parse(`${model.deactivated_at}T00:00:00Z`) <= now
  );
}

/**
 * How many images one request to `model` makes on `route`: its native maximum where that
 * endpoint carries `n`, else one (the endpoint has no way to ask for more).
 */
export function imagesPerRequest(model: ImageModelRules, route: "images" | "chat"): number {
  const endpoint = route === "chat" ? model.endpoints.chat : model.endpoints.images;
  return endpoint.includes("n") ? model.image.max_n : 1;
}

/** Whether `id` is an id, pinned id or alias of a catalog model. */
export function isKnownImageModelId(id: string): id is KnownImageModelId {
  return Object.hasOwn(imageModelIds, id);
}

/** Every model of the catalog, in catalog order. */
export function listImageModels(): readonly ImageModelEntry[] {
  return Object.values(imageModels);
}

/** The literal catalog entry of a known model id; `undefined` for any other string. */
export type ImageModelOf<M extends string> = M extends KnownImageModelId
  ? (typeof imageModels)[(typeof imageModelIds)[M]]
  : undefined;

type Entry<M extends string> = Extract<ImageModelOf<M>, ImageModelEntry>;

type WxhSizesOf<E extends ImageModelEntry> = E["image"]["sizes"] extends {
  readonly kind: "list";
  readonly values: readonly (infer V)[];
}
  ? V
  : E["image"]["sizes"] extends { readonly kind: "pixels" }
    ? `${number}x${number}`
    : never;

/**
 * Any string, written so that a literal given where it is expected stays a literal: an object
 * checked with `satisfies ImageGenerateParams` keeps `size: "1024x1024"`, not `string`, and still
 * fits the model it names when passed on.
 */
type AnyString = string & {};

/** Values `size` may take for model M: its WxH sizes (list or pixel rule) and its tiers; `string` for unknown models. */
export type ImageSizeOf<M extends string> = M extends KnownImageModelId
  ? WxhSizesOf<Entry<M>> | Entry<M>["image"]["image_sizes"][number]
  : AnyString;

/** `image_size` tiers ("1K", "2K", ...) model M accepts; `string` for unknown models. */
export type ImageSizeTierOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["image"]["image_sizes"][number]
  : AnyString;

/** Aspect ratios model M honours (`never` when it honours none); `string` for unknown models. */
export type AspectRatioOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["image"]["aspect_ratios"][number]
  : AnyString;

/** Quality values model M honours (`never` when it has no quality setting). */
export type ImageQualityOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["image"]["qualities"][number]
  : AnyString;

/** How many images one request to model M can return natively. */
export type MaxImagesOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["image"]["max_n"]
  : number;

/** Whether model M can edit images (`true`/`false` literal for known models). */
export type SupportsEditsOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["edits"]["supported"]
  : boolean;

/** Whether model M only edits (it needs an input image, so `images.generate` cannot use it). */
export type RequiresInputImageOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["edits"]["requires_input_image"]
  : boolean;

/** Whether model M honours a seed (only through chat `image_config`). */
export type SupportsSeedOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["image"]["seed"]
  : boolean;

/** Whether model M has a moderation setting (GPT Image). */
export type SupportsModerationOf<M extends string> = M extends KnownImageModelId
  ? Entry<M>["image"]["moderation"]
  : boolean;

/** The catalog ids of the models that can edit images. */
export type EditCapableImageModelId = {
  [K in KnownImageModelId]: SupportsEditsOf<K> extends true ? K : never;
}[KnownImageModelId];

/** The catalog ids of the models that make images from a prompt alone (all but the edit-only ones). */
export type GenerateCapableImageModelId = {
  [K in KnownImageModelId]: RequiresInputImageOf<K> extends true ? never : K;
}[KnownImageModelId];

/** The catalog ids with a `deactivated_at` date: retired, or retiring on that day. */
export type RetiringImageModelId = {
  [K in KnownImageModelId]: Entry<K> extends { readonly deactivated_at: string } ? K : never;
}[KnownImageModelId];

/** The ids `images.generate` suggests: the models that generate, less the retiring ones. */
export type SuggestedGenerateModelId = Exclude<GenerateCapableImageModelId, RetiringImageModelId>;

/** The ids `images.edit` suggests: the models that edit, less the retiring ones. */
export type SuggestedEditModelId = Exclude<EditCapableImageModelId, RetiringImageModelId>;
