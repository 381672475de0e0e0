import { InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import { describeSchemaIssues } from "@pictor/contract";
import type * as z from "zod/mini";
import { warnLLMGatewayOptions } from "./warn-llmgateway-options";

/** The key of Pictor's settings in `providerOptions` and of its results in `providerMetadata`. */
export const providerKey = "pictor";

/**
 * Where an option that is not one of a call's `providerOptions.pictor` goes instead, by its key:
 * `generateImage` and the chat models take the same image options in different places.
 */
export type OptionHomes = Readonly<Record<string, string>>;

/**
 * Validates `providerOptions.pictor` against `schema`: a wrong value is an `InvalidArgumentError`
 * naming the field; a key Pictor does not know is an `unsupported` warning (it is not sent, and
 * `homes` says where it goes when it belongs elsewhere), and so is `providerOptions.llmgateway`,
 * where an app moving from that provider still puts them.
 */
export function parsePictorOptions<S extends z.ZodMiniObject>(
  schema: S,
  providerOptions: Record<string, unknown> | undefined,
  warnings: SharedV4Warning[],
  homes: OptionHomes = {},
): z.output<S> {
  const raw = providerOptions?.[providerKey] ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = describeSchemaIssues(parsed.error, raw);
    throw new InvalidArgumentError({
      argument: issues
        .map((issue) => `providerOptions.${providerKey}${issue.path ? `.${issue.path}` : ""}`)
        .join(", "),
      message: `Invalid providerOptions.${providerKey}:\n${issues
        .map((issue) => `  - ${issue.path || "(root)"}: ${issue.message}`)
        .join("\n")}`,
      cause: parsed.error,
    });
  }
  warnUnknownKeys(raw, schema.shape, `providerOptions.${providerKey}`, warnings, homes);
  warnLLMGatewayOptions(providerOptions, Object.keys(schema.shape), warnings, homes);
  return parsed.data;
}

/**
 * An `unsupported` warning for each key of `raw` that `known` lacks: zod drops unknown keys
 * quietly, and a typo (`aspectRatio` for `aspect_ratio`) must not cost a call made without it.
 * A key `homes` knows (an option of the other kind of model) is told where it goes, and so is
 * one spelt otherwise (`imageSize`) when it is no slip for a name known here.
 */
export function warnUnknownKeys(
  raw: unknown,
  known: object,
  path: string,
  warnings: SharedV4Warning[],
  homes: OptionHomes = {},
): void {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return;
  const names = Object.keys(known);
  for (const key of Object.keys(raw)) {
    if (Object.hasOwn(known, key)) continue;
    const meant = names.find((name) => looseName(name) === looseName(key));
    // A camelCase copy (`imageSize` for chat's image_config.image_size) belongs there as much.
    const homeKey = Object.hasOwn(homes, key)
      ? key
      : meant
        ? undefined
        : Object.keys(homes).find((name) => looseName(name) === looseName(key));
    const home = homeKey === undefined ? undefined : homes[homeKey];
    warnings.push({
      type: "unsupported",
      feature: `${path}.${key}`,
      details: home
        ? `Not an option here, so it was not sent: ${home} (known here: ${names.join(", ")})`
        : `Pictor does not know this option, so it was not sent (${meant ? `did you mean ${meant}? ` : ""}known: ${names.join(", ")})`,
    });
  }
}

/** A name without case, separators or an `image` prefix: `aspectRatio`, `imageSize` and `size` meet `aspect_ratio`, `image_size`. */
function looseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z]/g, "")
    .replace(/^image/, "");
}
