import { LoadSettingError } from "@ai-sdk/provider";
import { publicGatewayBaseURL, readEnv } from "@pictor/contract";

/** The base URL variable of `@llmgateway/ai-sdk-provider`. */
const oldVariable = "LLM_GATEWAY_API_BASE";
/** Pictor's, which the client reads. */
const variable = "LLM_GATEWAY_BASE_URL";

/**
 * Throws `LoadSettingError` when `LLM_GATEWAY_API_BASE` names another gateway than the one the
 * provider would call: an app moving from `@llmgateway/ai-sdk-provider` to Pictor keeps its
 * environment, and without a `baseURL` or `LLM_GATEWAY_BASE_URL` its key (of a self-hosted
 * gateway, say) would go to the public one.
 */
export function checkLLMGatewayBaseVariable(baseURL: string | undefined): void {
  if (baseURL !== undefined || readEnv(variable)) return;
  const old = readEnv(oldVariable);
  if (!old || old.replace(/\/+$/, "") === publicGatewayBaseURL) return;
  // The value is not shown: a URL may carry credentials.
  throw new LoadSettingError({
    message: `${oldVariable} is set, the base URL variable of @llmgateway/ai-sdk-provider, but Pictor reads ${variable}, so it would call the public gateway ${publicGatewayBaseURL} with your key. Rename the variable to ${variable}, or pass baseURL to createPictor.`,
  });
}
