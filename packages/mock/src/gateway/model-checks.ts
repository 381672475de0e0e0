import {
  findImageModel,
  type ImageModelEntry,
  type ImageOptionsToCheck,
  imageOptionProblems,
} from "@pictor/contract";
import { gatewayError } from "./gateway-error";

/** What `model: "auto"` (or no model) routes to, as on the real gateway. */
export const autoModel = "gemini-3-pro-image";

/** The catalog entry of a request's model, or the gateway's 404 for it. */
export function resolveModel(
  id: string | undefined,
): { ok: true; model: ImageModelEntry } | { ok: false; response: Response } {
  const requested = id === undefined || id === "auto" ? autoModel : id;
  const model = findImageModel(requested);
  if (!model || model.status === "deactivated") {
    const why = model ? "has been deactivated" : "was not found";
    return {
      ok: false,
      response: gatewayError(
        404,
        `Model ${requested} ${why}. GET /v1/models lists the image models.`,
        {
          param: "model",
        },
      ),
    };
  }
  return { ok: true, model };
}

/**
 * Applies the catalog to a request's options the way the gateway and its providers do: a value
 * the model does not have is a 400 naming the field; an option the model ignores is dropped;
 * `n` above the native maximum is refused by Google models (gateway issue #1923) and silently
 * capped by the others. Returns how many images to make.
 */
export function checkModelOptions(
  model: ImageModelEntry,
  options: ImageOptionsToCheck,
): { ok: true; count: number } | { ok: false; response: Response } {
  const problems = imageOptionProblems(model, options);
  const fatal = problems.find(
    (problem) =>
      problem.kind === "unsupported_value" ||
      problem.kind === "unsupported_operation" ||
      (problem.kind === "exceeds_native_n" && model.provider === "google"),
  );
  if (fatal)
    return { ok: false, response: gatewayError(400, fatal.message, { param: fatal.param }) };
  return { ok: true, count: Math.min(options.n ?? 1, model.image.max_n) };
}
