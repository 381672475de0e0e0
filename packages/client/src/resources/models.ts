import type { Model } from "@pictor/contract";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "../internal/api-client";
import { checkCallOptions } from "../internal/option-checks";

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
    // Loaded on the first call: an app that only generates images does not download it.
    const { listModels } = await import("../internal/list-models");
    return listModels(this.#client, params, options);
  }
}
