import type { SharedV4Warning } from "@ai-sdk/provider";
import type { PictorWarning } from "@pictor/client";
import { providerKey } from "../internal/parse-pictor-options";
import { pictorImageProviderOptionsSchema } from "./pictor-image-provider-options";

/**
 * A client warning as an AI SDK warning: a changed route or a fan-out is a compatibility note;
 * an option no model takes as a setting (`style`: the gateway at most adds it to the prompt) or
 * one the answer shows was ignored (an `output_format`) is `unsupported`, under its
 * `providerOptions.pictor` name, as every setting the model does not honour.
 */
export function fromClientWarning(warning: PictorWarning): SharedV4Warning {
  if (warning.type === "routed-through-chat")
    return { type: "compatibility", feature: "seed", details: warning.message };
  if (warning.type === "fan-out")
    return { type: "compatibility", feature: "n", details: warning.message };
  if (warning.type === "unsent-option" || warning.type === "ignored-option") {
    // The client names the option first (`style is no setting…`, `output_format "webp" was
    // asked for…`); an ignored-option about the answer itself (extra images) names none.
    const option = /^[a-z_]+/.exec(warning.message)?.[0];
    if (option !== undefined && Object.hasOwn(pictorImageProviderOptionsSchema.shape, option))
      return {
        type: "unsupported",
        feature: `providerOptions.${providerKey}.${option}`,
        details: warning.message,
      };
  }
  return { type: "other", message: warning.message };
}
