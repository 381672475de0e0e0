import type { JSONObject } from "@ai-sdk/provider";
import type { ChatUsage } from "@pictor/contract";

/**
 * The gateway's chat usage as the JSON it was read from, for `usage.raw` and
 * `providerMetadata.pictor.usage`. It came out of `JSON.parse`, so every value is JSON; only its
 * type says otherwise, as the spec's `cost` may be an object of any values (typed `unknown`).
 */
export function chatUsageJson(usage: ChatUsage): JSONObject {
  return usage as JSONObject;
}
