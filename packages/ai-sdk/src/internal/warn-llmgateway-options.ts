import type { SharedV4Warning } from "@ai-sdk/provider";
import { isRecord } from "./is-record";
import type { OptionHomes } from "./parse-pictor-options";

/** The key `@llmgateway/ai-sdk-provider` reads its options from. */
const llmgatewayKey = "llmgateway";

/**
 * An `unsupported` warning when the call carries `providerOptions.llmgateway`, naming its fields.
 * Pictor, like every AI SDK provider, reads only its own key and leaves other providers' alone;
 * but this one is the key of the provider Pictor replaces for the same gateway, so options a
 * migrating app still passes there (`image_config: { aspect_ratio }`) would be lost quietly.
 * A key `homes` knows is told where this kind of model takes it (`generateImage` has no
 * `image_config`), so the advice is not to copy it into `providerOptions.pictor` as it is.
 */
export function warnLLMGatewayOptions(
  providerOptions: Record<string, unknown> | undefined,
  pictorFields: readonly string[],
  warnings: SharedV4Warning[],
  homes: OptionHomes = {},
): void {
  const options = providerOptions?.[llmgatewayKey];
  if (!isRecord(options)) return;
  const fields = Object.entries(options).flatMap(([key, value]) => {
    // `image_config.aspect_ratio`, not `image_config`: the user sees which setting went missing.
    const nested = isRecord(value) && !Array.isArray(value) ? Object.keys(value) : [];
    return nested.length > 0 ? nested.map((name) => `${key}.${name}`) : [key];
  });
  // `{ llmgateway: {} }` asks for nothing.
  if (fields.length === 0) return;
  const keys = Object.keys(options);
  const homed = keys.filter((key) => !pictorFields.includes(key) && Object.hasOwn(homes, key));
  const advice = homed.map((key) => `${key}: ${homes[key]}. `).join("");
  const pass =
    homed.length < keys.length
      ? `Pass ${homed.length > 0 ? "the others" : "them"} as providerOptions.pictor, which takes ${pictorFields.join(", ")}`
      : `providerOptions.pictor takes ${pictorFields.join(", ")}`;
  warnings.push({
    type: "unsupported",
    feature: `providerOptions.${llmgatewayKey}`,
    details: `Pictor reads providerOptions.pictor, not the ${llmgatewayKey} key of @llmgateway/ai-sdk-provider. Not sent: ${fields.join(", ")}. ${advice}${pass}`,
  });
}
