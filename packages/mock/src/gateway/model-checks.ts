import {
  findImageModel,
  type ImageModelEntry,
  type ImageOptionsToCheck,
  imageOptionProblems,
  imagesEndpointModelId,
  isDeactivated,
} from "@pictor/contract";
import { gatewayError } from "./gateway-error";

/** The catalog entry of a request's model, or the gateway's 404 for an unknown or deactivated one. */
export function resolveModel(
  id: string | undefined,
  now: number,
): { ok: true; model: ImageModelEntry } | { ok: false; response: Response } {
  const requested = imagesEndpointModelId(id ?? "auto");
  const model = findImageModel(requested);
  if (!model || isDeactivated(model, now)) {
    const why = model
      ? `was deactivated${model.deactivated_at ? ` on ${model.deactivated_at}` : ""}`
      : "was not found";
    return {
      ok: false,
      response: gatewayError(
        404,
        `Model ${requested} ${why}. GET /v1/models lists the image models.`,
      ),
    };
  }
  return { ok: true, model };
}

/** The options the model will act on; those it ignores are dropped, as the gateway drops them. */
export interface HonouredOptions {
  /** How many images to make. */
  count: number;
  size: string | undefined;
  aspect_ratio: string | undefined;
  quality: string | undefined;
  seed: number | undefined;
}

/**
 * Applies the catalog to a request's options the way the gateway and its providers do: a value
 * the model does not have is a 400 naming the field; an option the model ignores is dropped (it
 * changes nothing in the output); `n` above the native maximum is refused by Google models
 * (gateway issue #1923) and silently capped by the others; a WxH size that an aspect ratio of
 * another shape overrides (xAI's) is only the resolution the gateway sends.
 */
export function checkModelOptions(
  model: ImageModelEntry,
  options: ImageOptionsToCheck,
): ({ ok: true } & HonouredOptions) | { ok: false; response: Response } {
  // Messages name the model as the request did; "auto" by the model it stands for.
  const problems = imageOptionProblems(model, {
    ...options,
    model: options.model === "auto" ? undefined : options.model,
  });
  const fatal = problems.find(
    (problem) =>
      problem.kind === "unsupported_value" ||
      problem.kind === "unsupported_operation" ||
      (problem.kind === "exceeds_native_n" && model.provider === "google"),
  );
  if (fatal) return { ok: false, response: gatewayError(400, fatal.message) };
  const ignored = new Set(
    problems
      .filter((problem) => problem.kind === "not_honoured")
      .map((problem) => problem.param.replace(/^image_config\.(image_)?/, "")),
  );
  const keep = <T>(name: string, value: T): T | undefined =>
    ignored.has(name) ? undefined : value;
  return {
    ok: true,
    count: Math.min(options.n ?? 1, model.image.max_n),
    size:
      problems.find((problem) => problem.kind === "overridden")?.sentAs ??
      keep("size", options.size),
    aspect_ratio: keep("aspect_ratio", options.aspect_ratio),
    quality: keep("quality", options.quality),
    seed: keep("seed", options.seed),
  };
}
