import { type Model, nearMiss, vListModelsResponse } from "@pictor/contract";
import { RequestValidationError, type ValidationIssue } from "../core/errors";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "../internal/api-client";
import { checkCallOptions } from "../internal/option-checks";
import { checkParamsObject } from "../internal/params-shape";

/** Filters of `GET /models`. */
export interface ModelListParams {
  /** Only models that can output images (default true: Pictor is about images). */
  imageOnly?: boolean | undefined;
  /** Also list models the gateway has retired. */
  include_deactivated?: boolean | undefined;
  /** Leave out models marked deprecated. */
  exclude_deprecated?: boolean | undefined;
  /** List provider-pinned ids (`alibaba/qwen-image-3.0`). */
  mapped?: boolean | undefined;
  /** Also list models restricted to certain organizations (your key must be allowed them). */
  include_restricted?: boolean | undefined;
  /** Only models and provider mappings whose provider does not train on API data. */
  no_training?: boolean | undefined;
}

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

/** `pictor.models`: the gateway's live catalog. */
export class Models {
  readonly #client: ApiClient;

  /** @internal */
  constructor(client: ApiClient) {
    this.#client = client;
  }

  /**
   * Lists the gateway's models, by default only those that output images.
   * @example const models = await pictor.models.list();
   */
  async list(params: ModelListParams = {}, options?: RequestOptions): Promise<Model[]> {
    checkCallOptions("models.list", options);
    checkModelListParams(params);
    const query: Record<string, string> = {};
    for (const flag of queryFlags) {
      if (params[flag]) query[flag] = "true";
    }
    const { data } = await this.#client.getJson("/models", query, vListModelsResponse, options);
    const imageOnly = params.imageOnly ?? true;
    return imageOnly
      ? data.data.filter((model) => model.architecture.output_modalities.includes("image"))
      : data.data;
  }
}
