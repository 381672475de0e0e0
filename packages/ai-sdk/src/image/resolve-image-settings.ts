import {
  type ImageModelV4CallOptions,
  type ImageModelV4File,
  InvalidArgumentError,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { ImageEditParams, ImageGenerateParams, ImageInput } from "@pictor/client";
import {
  findImageModelRules,
  type ImageModelRules,
  imageOptionProblems,
  imagesEndpointModelId,
  parseAspectRatio,
  parseSize,
  tierEdges,
  tierOfSize,
} from "@pictor/contract";
import { type OptionHomes, parsePictorOptions } from "../internal/parse-pictor-options";
import { pictorImageProviderOptionsSchema } from "./pictor-image-provider-options";

/** The request fields the client takes for one `generate` or `edit` call. */
export type ClientImageParams = ImageGenerateParams<string, number> &
  Omit<ImageEditParams<string, number>, "images">;

/** What the provider hands the client for one `doGenerate`, and how to name its fields back. */
export interface ResolvedImageSettings {
  params: ClientImageParams;
  /** Input images of an edit, in the client's `ImageInput` form; undefined for a generation. */
  inputs: ImageInput[] | undefined;
  /** The gateway endpoint the call is expected to reach (for errors before any response). */
  endpoint: "/images/generations" | "/images/edits" | "/chat/completions";
  /** The AI SDK name of a client field, e.g. `aspect_ratio` → `aspectRatio`. */
  argumentOf: (clientPath: string) => string;
}

/**
 * Chat models' image options given to `generateImage`, which takes them as its own settings or
 * directly in `providerOptions.pictor`: a copy from a chat call would otherwise be dropped with
 * no hint why.
 */
const imageOptionHomes: OptionHomes = {
  image_config:
    "it is for chat models; generateImage takes aspect_ratio as aspectRatio, seed and n as its own settings, and image_size, quality (image_quality) and moderation directly as providerOptions.pictor.image_size, quality and moderation",
  aspect_ratio: "give it as generateImage's aspectRatio",
  seed: "give it as generateImage's seed",
  n: "give it as generateImage's n",
  image_quality: "give it to generateImage as providerOptions.pictor.quality",
};

/** Fields only `/images/edits` carries. */
const editOnly = ["background", "input_fidelity", "output_format", "output_compression"] as const;

/**
 * Turns the AI SDK's call options into the client's parameters for what this model honours:
 * options the catalog says the model ignores are dropped with an `unsupported` warning (the
 * client would refuse them), values the model cannot make are left for the client to refuse
 * with a `RequestValidationError` naming the field, and a mask is an error (the gateway has none).
 */
export function resolveImageSettings(
  modelId: string,
  options: ImageModelV4CallOptions,
  warnings: SharedV4Warning[],
): ResolvedImageSettings {
  if (options.mask !== undefined) {
    throw new UnsupportedFunctionalityError({
      functionality: "mask",
      message:
        "The gateway cannot inpaint with a mask (it has no mask input; a mask would be taken as another input image). Describe the area to change in the prompt and pass only prompt.images.",
    });
  }
  if (!options.prompt) {
    throw new InvalidArgumentError({
      argument: "prompt",
      message:
        "The gateway needs a text prompt, also for edits: pass prompt: { text, images } with a non-empty text.",
    });
  }
  const pictorOptions = parsePictorOptions(
    pictorImageProviderOptionsSchema,
    options.providerOptions,
    warnings,
    imageOptionHomes,
  );
  const model = findImageModelRules(imagesEndpointModelId(modelId));
  const files = options.files ?? [];
  const operation = files.length > 0 ? "edit" : "generate";
  const names = new Map<string, string>([
    ["aspect_ratio", "aspectRatio"],
    ["size", "size"],
    ["seed", "seed"],
    ["n", "n"],
    ["prompt", "prompt"],
    ["images", "prompt.images"],
    ["model", "modelId"],
  ]);

  let size: string | undefined;
  let aspectRatio: string | undefined = options.aspectRatio;
  if (pictorOptions.image_size !== undefined) {
    size = pictorOptions.image_size;
    names.set("size", "providerOptions.pictor.image_size");
    if (options.size !== undefined) {
      warnings.push({
        type: "unsupported",
        feature: "size",
        details: `providerOptions.pictor.image_size "${size}" takes precedence, so size ${options.size} was not sent`,
      });
    }
  } else if (options.size !== undefined) {
    if (model?.image.sizes.kind === "none") {
      const mapped = asTierAndRatio(model, modelId, options.size, aspectRatio, warnings);
      size = mapped.size;
      aspectRatio = mapped.aspectRatio;
    } else size = options.size;
  }

  let seed = options.seed;
  let quality = pictorOptions.quality;
  let moderation = pictorOptions.moderation;
  // The client sends a seed only through chat completions, for models that honour it there.
  const route = seed !== undefined && model?.endpoints.chat.includes("seed") ? "chat" : "images";
  if (model) {
    for (const problem of imageOptionProblems(model, {
      endpoint: route,
      operation,
      model: modelId,
      size,
      aspect_ratio: aspectRatio,
      quality,
      n: options.n,
      seed,
      moderation,
      input_images: files.length,
    })) {
      if (problem.kind === "overridden" && size !== undefined) {
        size = asResolution(model, modelId, size, problem.sentAs, aspectRatio, warnings);
        continue;
      }
      // The other kinds stay in: the client fans out n, and refuses impossible values by name.
      if (problem.kind !== "not_honoured") continue;
      const field = clientField(problem.param);
      warnings.push({
        type: "unsupported",
        feature: names.get(field) ?? `providerOptions.pictor.${field}`,
        details: `${problem.message}; it was not sent`,
      });
      if (field === "size") size = undefined;
      else if (field === "aspect_ratio") aspectRatio = undefined;
      else if (field === "quality") quality = undefined;
      else if (field === "seed") seed = undefined;
      else if (field === "moderation") moderation = undefined;
    }
  } else if (seed !== undefined) {
    warnings.push({
      type: "unsupported",
      feature: "seed",
      details: `"${modelId}" is not in Pictor's catalog, so whether it honours a seed is unknown; the gateway drops seed on /images/*, so it was not sent`,
    });
    seed = undefined;
  }

  const params: ClientImageParams = {
    model: modelId,
    prompt: options.prompt,
    n: options.n,
    size,
    aspect_ratio: aspectRatio,
    quality,
    seed,
    moderation,
  };
  const carried = route === "images";
  const dropped = (field: string, why: string) =>
    warnings.push({
      type: "unsupported",
      feature: `providerOptions.pictor.${field}`,
      details: why,
    });
  // Both routes carry it: chat completions take service_tier beside image_config.
  if (pictorOptions.service_tier !== undefined) params.service_tier = pictorOptions.service_tier;
  if (pictorOptions.style !== undefined) {
    if (carried && operation === "generate") params.style = pictorOptions.style;
    else dropped("style", "style applies to /images/generations only; it was not sent");
  }
  for (const field of editOnly) {
    const value = pictorOptions[field];
    if (value === undefined) continue;
    if (carried && operation === "edit") Object.assign(params, { [field]: value });
    else dropped(field, `${field} applies to /images/edits only; it was not sent`);
  }

  return {
    params,
    inputs: operation === "edit" ? files.map(toImageInput) : undefined,
    endpoint:
      route === "chat"
        ? "/chat/completions"
        : operation === "edit"
          ? "/images/edits"
          : "/images/generations",
    argumentOf: (clientPath) => {
      const [head = "", ...rest] = clientPath.split(".");
      const name = names.get(head) ?? `providerOptions.pictor.${head}`;
      return [name, ...rest].join(".");
    },
  };
}

/** `image_config.image_size` (chat) and `size` (images) are both the client's `size`. */
function clientField(param: string): string {
  return param
    .replace(/^image_config\.image_size$/, "size")
    .replace(/^image_config\.image_quality$/, "quality")
    .replace(/^image_config\./, "");
}

/**
 * A `WIDTHxHEIGHT` for a model that takes only a tier and an aspect ratio (Google, Reve): the
 * smallest of its tiers that holds the pixels, and the reduced ratio when the model makes it,
 * else the listed ratio nearest its shape (a 1000x300 banner is made 21:9, not the default 1:1).
 */
function asTierAndRatio(
  model: ImageModelRules,
  /** The model as the caller named it, for the warning. */
  name: string,
  requested: `${number}x${number}`,
  aspectRatio: string | undefined,
  warnings: SharedV4Warning[],
): { size: string | undefined; aspectRatio: string | undefined } {
  const parsed = parseSize(requested);
  // The client names the bad format, or refuses a size past any number's precision (whose
  // ratio could not be reduced).
  if (!parsed || !Number.isSafeInteger(parsed.width * parsed.height))
    return { size: requested, aspectRatio };
  const tier = tierHolding(model, parsed);
  const ratio = reducedRatio(parsed.width, parsed.height);
  const ratios: readonly string[] = model.image.aspect_ratios;
  // An explicit aspectRatio wins; else the listed ratio of the size's shape (21:9 for a 7:3
  // size: the value counts, not how it is written), or the nearest the model makes.
  const shapeValue = parsed.width / parsed.height;
  const sizeRatio = aspectRatio === undefined ? nearestRatio(ratios, shapeValue) : undefined;
  const shape =
    aspectRatio !== undefined
      ? "the shape is the aspectRatio given"
      : sizeRatio === undefined
        ? `${ratio} is none of its aspect ratios (${ratios.join(", ")}), so the shape is the model's default`
        : parseAspectRatio(sizeRatio) !== shapeValue
          ? `${ratio} is none of its aspect ratios (${ratios.join(", ")}), so the nearest, ${sizeRatio}, was used`
          : undefined;
  const sent = [tier && `image_size "${tier}"`, sizeRatio && `aspect_ratio "${sizeRatio}"`].filter(
    Boolean,
  );
  warnings.push(
    sent.length === 0
      ? {
          type: "unsupported",
          feature: "size",
          details: `${name} takes no WIDTHxHEIGHT size or size tier, so size was not sent; ${shape}`,
        }
      : {
          type: "compatibility",
          feature: "size",
          details: `${name} takes no WIDTHxHEIGHT size: ${requested} was sent as ${sent.join(" and ")}${shape ? `; ${shape}` : ""}`,
        },
  );
  return { size: tier, aspectRatio: aspectRatio ?? sizeRatio };
}

/**
 * A `WIDTHxHEIGHT` beside an `aspectRatio` of another shape, for a model that takes both (xAI's):
 * the gateway makes the shape from the ratio and only a resolution from the size. As for Google's
 * models, the explicit aspectRatio wins; the size is sent as the resolution the gateway would
 * have made of it (by its longest edge, not its pixels: 1024x1536 is 1K, priced as 1k), and said so.
 */
function asResolution(
  model: ImageModelRules,
  /** The model as the caller named it, for the warning. */
  name: string,
  requested: string,
  resolution: string | undefined,
  aspectRatio: string | undefined,
  warnings: SharedV4Warning[],
): string | undefined {
  const tiers: readonly string[] = model.image.image_sizes;
  const tier = resolution !== undefined && tiers.includes(resolution) ? resolution : undefined;
  const shape = `${name} takes the shape from aspectRatio "${aspectRatio}" and only the resolution from size`;
  warnings.push(
    tier === undefined
      ? {
          type: "unsupported",
          feature: "size",
          details: `${shape}, and it has no tiers: ${requested} was not sent`,
        }
      : {
          type: "compatibility",
          feature: "size",
          details: `${shape}: ${requested} was sent as image_size "${tier}"`,
        },
  );
  return tier;
}

/** The smallest of the model's size tiers that holds `size`'s pixels (its largest if none does). */
function tierHolding(
  model: ImageModelRules,
  size: { width: number; height: number },
): string | undefined {
  const tiers = model.image.image_sizes;
  const wanted = tierEdges[tierOfSize(size.width, size.height)];
  return tiers.find((candidate) => tierEdges[candidate] >= wanted) ?? tiers.at(-1);
}

/** The listed ratio nearest `shape` (width / height) by how many times wider or taller it is. */
function nearestRatio(ratios: readonly string[], shape: number): string | undefined {
  let nearest: { ratio: string; distance: number } | undefined;
  for (const ratio of ratios) {
    const value = parseAspectRatio(ratio); // undefined for "auto"
    if (value === undefined) continue;
    const distance = Math.abs(Math.log(value / shape));
    if (!nearest || distance < nearest.distance) nearest = { ratio, distance };
  }
  return nearest?.ratio;
}

function reducedRatio(width: number, height: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(width, height);
  return `${width / divisor}:${height / divisor}`;
}

/** An AI SDK input image in the client's form (bytes as they are; base64 with its media type). */
function toImageInput(file: ImageModelV4File): ImageInput {
  if (file.type === "url") return file.url;
  if (typeof file.data === "string") return `data:${file.mediaType};base64,${file.data}`;
  return file.data;
}
