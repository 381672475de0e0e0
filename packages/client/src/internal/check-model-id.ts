import type { ValidationIssue } from "../core/errors";

/** Ids to suggest when there is none: both in Pictor's catalog, both generate and edit. */
const suggestion = 'a model id such as "bytedance/seedream-4-5" (pictor.models.list() lists them)';

/**
 * The problem with a request's `model`, if any: left out, or a string with no id in it (the
 * gateway answers an empty id with a 404). A missing one would be the gateway's `"auto"` on the
 * images endpoints, but then Pictor could check no option against the model that makes the
 * image. A value that is not a string is the schema's to report.
 */
export function modelIdIssue(model: unknown): ValidationIssue | undefined {
  if (model === undefined) return { path: "model", message: `model is required: ${suggestion}` };
  if (typeof model === "string" && model.trim() === "")
    return {
      path: "model",
      message: `model is ${model === "" ? "empty" : "only whitespace"}: give ${suggestion}`,
    };
  return undefined;
}
