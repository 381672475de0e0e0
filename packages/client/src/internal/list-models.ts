import { type Model, nearMiss, vListModelsResponse } from "@pictor/contract";
import { RequestValidationError, type ValidationIssue } from "../core/errors";
import type { RequestOptions } from "../core/request-options";
import type { ModelListParams } from "../resources/models";
import type { ApiClient } from "./api-client";
import { checkParamsObject } from "./params-shape";

/*
 * `pictor.models.list`'s work, loaded on its first call (ADR 0010): an app that only generates
 * images never downloads the model list's checks and response validator.
 */

/** The gateway's query flags among the params (`imageOnly` is Pictor's own filter). */
const queryFlags = [
  "include_deactivated",
  "exclude_deprecated",
  "mapped",
  "include_restricted",
  "no_training",
] as const;

/** Every filter `list` takes; each is a boolean. */
const filters: readonly string[] = ["imageOnly", ...queryFlags];

/**
 * Refuses params that would be misread: not an object (`list("all")`), a key that is no filter
 * (`imageonly`, silently ignored), or a flag that is not a boolean (`"false"` is truthy, and was
 * sent as `true`).
 */
function checkModelListParams(params: unknown): asserts params is ModelListParams {
  checkParamsObject(params);
  const issues: ValidationIssue[] = [];
  const entries = typeof params === "object" && params !== null ? Object.entries(params) : [];
  for (const [key, value] of entries) {
    // A key set to undefined says nothing, as in the options and the images params.
    if (value === undefined) continue;
    if (!filters.includes(key)) {
      const meant = nearMiss(key, filters);
      issues.push({
        path: key,
        message: `Unknown filter${meant ? ` (did you mean ${meant}?)` : ""}; models.list takes ${filters.join(", ")}`,
        accepted: filters,
      });
    } else if (typeof value !== "boolean") {
      issues.push({
        path: key,
        message: `Expected true or false, received ${typeof value === "string" ? `the string "${value}"` : String(value)}`,
        accepted: ["true", "false"],
      });
    }
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
}

/** Checks the filters, then asks the gateway for its models (by default only image models). */
export async function listModels(
  client: ApiClient,
  params: ModelListParams,
  options: RequestOptions | undefined,
): Promise<Model[]> {
  checkModelListParams(params);
  const query: Record<string, string> = {};
  for (const flag of queryFlags) {
    if (params[flag]) query[flag] = "true";
  }
  const { data } = await client.getJson("/models", query, vListModelsResponse, options);
  const imageOnly = params.imageOnly ?? true;
  return imageOnly
    ? data.data.filter((model) => model.architecture.output_modalities.includes("image"))
    : data.data;
}
