import {
  findImageModel,
  gatewayQuality,
  type ImageModelRules,
  imageOptionProblems,
  imagesEndpointModelId,
  isImageSizeTier,
  outputDimensions,
  parseSize,
} from "@pictor/contract";
import type { PictorCall, PictorPolicy } from "../pictor-handler-options";
import { gatewayErrorResponse } from "./gateway-error-response";
import { imageSizeOfDataUrl } from "./image-size-of-data-url";
import type { ValidCall } from "./validate-request";

/** The call as the policy sees it, or the response that refuses it. */
export type PolicyResult = { ok: true; call: PictorCall } | { ok: false; response: Response };

/** The policy's model, `n` and pixel rules as one check of a validated call. */
export interface PolicyChecker {
  check(call: ValidCall): PolicyResult;
  /** Whether the browser may use a model id (for filtering the `models` list). */
  allowsModel(id: string): boolean;
}

/** Compiles the model list once: each id is resolved through the catalog when it is a catalog model. */
export function createPolicyChecker(policy: PictorPolicy): PolicyChecker {
  const allowed = policy.allowedModels ? new Set(policy.allowedModels.map(modelKey)) : undefined;
  const allowsModel = (id: string) => allowed === undefined || allowed.has(modelKey(id));
  const qualities = policy.allowedQualities
    ? new Set(policy.allowedQualities.map(gatewayQuality))
    : undefined;
  const serviceTiers = policy.allowedServiceTiers ? new Set(policy.allowedServiceTiers) : undefined;
  return {
    allowsModel,
    check(valid) {
      const call = describeCall(valid);
      if (call.model !== undefined && !allowsModel(call.model)) {
        return refuse(
          403,
          `Model "${call.model}" is not allowed by this server; allowed: ${policy.allowedModels?.join(", ")}`,
          "model",
          "model_not_allowed",
        );
      }
      if (qualities && call.quality !== undefined && !qualities.has(call.quality)) {
        const param = valid.operation === "chat" ? "image_config.image_quality" : "quality";
        return refuse(
          403,
          `${param}: quality "${call.quality}"${call.quality === "auto" ? " (the provider's choice, which a request without quality gets)" : ""} is not allowed by this server; allowed: ${policy.allowedQualities?.join(", ")}`,
          param,
          "quality_not_allowed",
        );
      }
      if (serviceTiers && call.serviceTier !== undefined && !serviceTiers.has(call.serviceTier)) {
        return refuse(
          403,
          `service_tier: "${call.serviceTier}" is not allowed by this server; allowed: ${policy.allowedServiceTiers?.join(", ")}`,
          "service_tier",
          "service_tier_not_allowed",
        );
      }
      if (policy.maxN !== undefined && call.n !== undefined && call.n > policy.maxN) {
        return refuse(
          400,
          `n: ${call.n} images asked for; this server allows at most ${policy.maxN} per request`,
          valid.operation === "chat" ? "image_config.n" : "n",
          "max_n_exceeded",
        );
      }
      const sizeParam = valid.operation === "chat" ? "image_config.image_size" : "size";
      if (policy.maxPixels !== undefined && sizeUnknown(valid)) {
        return refuse(
          400,
          `${sizeParam}: model "${call.model}" is not in @pictor/server's catalog, so the size of its images is unknown without one; this server allows at most ${policy.maxPixels} pixels per image: set ${sizeParam} ("WIDTHxHEIGHT" or a tier such as "1K") within the limit`,
          sizeParam,
          "max_pixels_exceeded",
        );
      }
      if (
        policy.maxPixels !== undefined &&
        call.pixels !== undefined &&
        call.pixels > policy.maxPixels
      ) {
        return refuse(
          400,
          `${sizeParam}: the output would be ${call.pixels} pixels; this server allows at most ${policy.maxPixels} per image. ${sizeChosenByModel(valid) ? `Without a size (or with "auto") the model picks one, up to that: set ${sizeParam} to a size within the limit` : "Ask for a smaller size"}`,
          sizeParam,
          "max_pixels_exceeded",
        );
      }
      return { ok: true, call };
    },
  };
}

/** Every id of a catalog model (bare, pinned, alias) has the same key; any other id is its own key. */
function modelKey(id: string): string {
  const model = findImageModel(id);
  return model ? `catalog:${model.id}` : `id:${id}`;
}

/** The model, image count and output pixels a call asks for. */
function describeCall(valid: ValidCall): PictorCall {
  switch (valid.operation) {
    case "models":
      return {
        operation: "models",
        model: undefined,
        n: undefined,
        pixels: undefined,
        quality: undefined,
        serviceTier: undefined,
      };
    case "generate": {
      const { model, n, size, aspect_ratio, quality, service_tier } = valid.body;
      const entry = imageModelOf(model);
      const honoured = honouredShape(entry, "images", "generate", explicit(size), aspect_ratio);
      return {
        operation: "generate",
        model: model ?? "auto",
        n: n ?? 1,
        pixels: atLeastChosen(entry, size, area(outputDimensions(entry, honoured))),
        quality: qualityOf(entry, "images", quality),
        serviceTier: service_tier,
      };
    }
    case "edit": {
      const { model, n, size, aspect_ratio, images, quality, service_tier } = valid.body;
      const entry = imageModelOf(model);
      // The gateway edits in the shape of the first image when no size or ratio is asked for.
      const source = sourceOf(images[0]?.image_url);
      const honoured = honouredShape(entry, "images", "edit", explicit(size), aspect_ratio);
      return {
        operation: "edit",
        model: model ?? "auto",
        n: n ?? 1,
        pixels: atLeastChosen(entry, size, area(outputDimensions(entry, { ...honoured, source }))),
        quality: qualityOf(entry, "images", quality),
        serviceTier: service_tier,
      };
    }
    case "chat": {
      const { model, image_config: config, messages, service_tier } = valid.body;
      const entry = imageModelOf(model);
      // A model outside the catalog without image_config is a text model: no image to count.
      // `auto` is the gateway's image model (see `imageModelOf`), so it is counted as one.
      if (!entry && !config)
        return {
          operation: "chat",
          model,
          n: undefined,
          pixels: undefined,
          quality: undefined,
          serviceTier: service_tier,
        };
      // Refinement edits the latest image of the conversation.
      const urls = chatImageUrls(messages);
      const source = sourceOf(urls.at(-1));
      const honoured = honouredShape(
        entry,
        "chat",
        urls.length > 0 ? "edit" : "generate",
        explicit(config?.image_size),
        config?.aspect_ratio,
      );
      const pixels = area(outputDimensions(entry, { ...honoured, source }));
      return {
        operation: "chat",
        model,
        n: config?.n ?? 1,
        // On chat, `image_size: "auto"` is passed on as sent, and a refinement is then made at
        // the model's default tier (in its input's shape) rather than at its input's size: count
        // whichever is larger. The tier's edges are rounded to 16 px, so a shaped 2K may hold
        // more than 2048x2048 pixels (2896x1456).
        pixels: atLeastChosen(
          entry,
          config?.image_size,
          config?.image_size === "auto" && source
            ? Math.max(pixels, area(outputDimensions(entry, { ...honoured, size: "auto", source })))
            : pixels,
        ),
        quality: qualityOf(entry, "chat", config?.image_quality),
        serviceTier: service_tier,
      };
    }
  }
}

/**
 * The catalog entry of the model a request is made with: `"auto"`'s for none or `"auto"` (on
 * /images/*; a chat's `"auto"` is counted as that image model too, the safe side of a budget).
 */
function imageModelOf(model: string | undefined): ImageModelRules | undefined {
  return findImageModel(imagesEndpointModelId(model ?? "auto"));
}

/**
 * The `size` and `aspect_ratio` the gateway will act on: an option the catalog says the model
 * ignores on this endpoint is dropped, as the gateway drops it, and a size the aspect ratio
 * overrides counts as the resolution the gateway sends. Counting it would measure an
 * output the gateway never makes (a `size: "16x16"` the model ignores hides its 2048x2048
 * default, an ignored `aspect_ratio` hides an edit's input size). A model outside the catalog
 * keeps both: nothing says what it ignores.
 */
function honouredShape(
  entry: ImageModelRules | undefined,
  endpoint: "images" | "chat",
  operation: "generate" | "edit",
  size: string | undefined,
  aspect_ratio: string | undefined,
): { size: string | undefined; aspect_ratio: string | undefined } {
  if (!entry) return { size, aspect_ratio };
  const problems = imageOptionProblems(entry, { endpoint, operation, size, aspect_ratio });
  const ignored = new Set(
    problems
      .filter((problem) => problem.kind === "not_honoured")
      .map((problem) => problem.param.replace(/^image_config\.(image_)?/, "")),
  );
  // A WxH size beside an aspect ratio of another shape (xAI's) is only a resolution: the image
  // has the ratio's shape at 1k or 2k, which may hold far more pixels than the size (1600x256 at
  // "1:1" is 2048x2048).
  const resolution = problems.find((problem) => problem.kind === "overridden")?.sentAs;
  if (resolution !== undefined) return { size: resolution, aspect_ratio };
  return {
    size: ignored.has("size") ? undefined : size,
    aspect_ratio: ignored.has("aspect_ratio") ? undefined : aspect_ratio,
  };
}

/**
 * The image URLs of a conversation, oldest first: the image parts of user and earlier assistant
 * turns (the gateway reads no other: it drops a message's `images`).
 */
function chatImageUrls(
  messages: Extract<ValidCall, { operation: "chat" }>["body"]["messages"],
): string[] {
  const urls: string[] = [];
  for (const message of messages) {
    if ((message.role === "user" || message.role === "assistant") && Array.isArray(message.content))
      for (const part of message.content)
        if (part.type === "image_url") urls.push(part.image_url.url);
  }
  return urls;
}

/** The pixel size of an input image when it travels as a data URL; an https image is not fetched. */
function sourceOf(url: string | undefined): { width: number; height: number } | undefined {
  return url === undefined ? undefined : imageSizeOfDataUrl(url);
}

/**
 * `pixels`, or more where the model chooses the size itself: GPT Image's `size: "auto"`, which
 * it also gets for no size (OpenAI's default, and the only image size the gateway passes on as
 * "auto"), is picked by the prompt anywhere up to the largest size the catalog says the model
 * makes (8,294,400 pixels, e.g. 3840x2160). The catalog's default (1024x1024) is only what it
 * picks most often: counted at that, "auto" would pass a limit its image can break.
 */
function atLeastChosen(
  entry: ImageModelRules | undefined,
  size: string | undefined,
  pixels: number,
): number {
  if (!entry || !choosesOwnSize(entry, size)) return pixels;
  const { sizes } = entry.image;
  if (sizes.kind !== "pixels") return pixels;
  const { max_pixels: maxPixels, max_edge: maxEdge } = sizes.rule;
  const largest = maxPixels ?? (maxEdge === undefined ? undefined : maxEdge ** 2);
  return largest === undefined ? pixels : Math.max(pixels, largest);
}

/** Whether a GPT Image model picks the size itself: asked for `"auto"` or for none. */
function choosesOwnSize(entry: ImageModelRules | undefined, size: string | undefined): boolean {
  return entry?.provider === "openai" && (size === undefined || size === "auto");
}

/**
 * Whether an image request goes to a model outside the catalog without a size in pixels or a
 * tier: nothing says how large its images are (a model newer than this package may make 4K by
 * default), so counting them at 1024x1024 would pass a limit they break. A text-only chat (no
 * `image_config`) makes no image.
 */
function sizeUnknown(valid: ValidCall): boolean {
  if (valid.operation === "models") return false;
  if (valid.operation === "chat" && !valid.body.image_config) return false;
  if (imageModelOf(valid.body.model)) return false;
  const size = requestedSize(valid);
  return size === undefined || (parseSize(size) === undefined && !isImageSizeTier(size));
}

/** Whether the call's size is the model's to pick (see `atLeastChosen`), for the refusal's advice. */
function sizeChosenByModel(valid: ValidCall): boolean {
  if (valid.operation === "models") return false;
  return choosesOwnSize(imageModelOf(valid.body.model), requestedSize(valid));
}

/** The size an image call asks for: chat's `image_config.image_size`, else `size`. */
function requestedSize(valid: Exclude<ValidCall, { operation: "models" }>): string | undefined {
  return valid.operation === "chat" ? valid.body.image_config?.image_size : valid.body.size;
}

/**
 * The quality the provider is asked for: the one sent, or `"auto"` (its own choice) for none;
 * undefined for a catalog model that has no quality setting on this endpoint (the gateway drops
 * it). A model outside the catalog may have one: its quality counts.
 */
function qualityOf(
  entry: ImageModelRules | undefined,
  endpoint: "images" | "chat",
  quality: string | undefined,
): string | undefined {
  if (entry) {
    const honoured: readonly string[] = entry.endpoints[endpoint];
    const option = endpoint === "chat" ? "image_quality" : "quality";
    if (entry.image.qualities.length === 0 || !honoured.includes(option)) return undefined;
  }
  return quality === undefined ? "auto" : gatewayQuality(quality);
}

/** `"auto"` asks for no particular size, as the gateway reads it. */
function explicit(size: string | undefined): string | undefined {
  return size === "auto" ? undefined : size;
}

function area({ width, height }: { width: number; height: number }): number {
  return width * height;
}

function refuse(status: 400 | 403, message: string, param: string, code: string): PolicyResult {
  return { ok: false, response: gatewayErrorResponse(status, message, { param, code }) };
}
