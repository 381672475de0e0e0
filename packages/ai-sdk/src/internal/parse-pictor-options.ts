import { InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import { describeSchemaIssues } from "@pictor/contract";
import type * as z from "zod/mini";

/** The key of Pictor's settings in `providerOptions` and of its results in `providerMetadata`. */
export const providerKey = "pictor";

/**
 * Validates `providerOptions.pictor` against `schema`: a wrong value is an `InvalidArgumentError`
 * naming the field; a key Pictor does not know is an `unsupported` warning (it is not sent).
 */
export function parsePictorOptions<S extends z.ZodMiniObject>(
  schema: S,
  providerOptions: Record<string, unknown> | undefined,
  warnings: SharedV4Warning[],
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
  if (typeof raw === "object" && raw !== null) {
    for (const key of Object.keys(raw)) {
      if (!Object.hasOwn(schema.shape, key)) {
        warnings.push({
          type: "unsupported",
          feature: `providerOptions.${providerKey}.${key}`,
          details: `Pictor does not know this option, so it was not sent (known: ${Object.keys(schema.shape).join(", ")})`,
        });
      }
    }
  }
  return parsed.data;
}
