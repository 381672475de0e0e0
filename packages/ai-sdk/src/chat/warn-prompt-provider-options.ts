import type {
  LanguageModelV4Prompt,
  SharedV4ProviderOptions,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { providerKey } from "../internal/parse-pictor-options";
import { isImageFile, isSentToolImage } from "./convert-to-pictor-messages";
import { promptPlaces } from "./prompt-place";

/** How many places one warning names before it counts the rest. */
const placesNamed = 5;

/**
 * An `unsupported` warning for each provider key of `providerOptions` set on the prompt's
 * messages or on the parts that are sent (text and files): the gateway's messages have no field
 * for them, so none is sent, and a caller who set one (`pictor.image_config` on the last user
 * message, a cache hint for another provider) hears so instead of losing it quietly. Parts that
 * are left out whole (reasoning, tool calls, provider-specific content, an assistant turn's files
 * that are not images) and the rest of tool messages are warned about as such, so their options
 * are not named again; the images tool results returned are sent, so theirs are named.
 */
export function warnPromptProviderOptions(
  prompt: LanguageModelV4Prompt,
  warnings: SharedV4Warning[],
): void {
  const places = new Map<string, string[]>();
  const note = (options: SharedV4ProviderOptions | undefined, place: string) => {
    for (const [key, value] of Object.entries(options ?? {})) {
      // `{ google: {} }` asks for nothing.
      if (Object.keys(value ?? {}).length === 0) continue;
      // Pushed in place: a copy per occurrence is quadratic in a long conversation's parts.
      const list = places.get(key);
      if (list) list.push(place);
      else places.set(key, [place]);
    }
  };
  // Named as the caller wrote them: `messages[0]`, not `prompt[1]` behind a system prompt.
  const placeOf = promptPlaces(prompt);
  for (const [index, message] of prompt.entries()) {
    if (message.role === "tool") {
      for (const [position, part] of message.content.entries()) {
        if (part.type !== "tool-result" || part.output.type !== "content") continue;
        for (const [item, value] of part.output.value.entries()) {
          if (!isSentToolImage(value)) continue;
          const place = `${placeOf(index, position).name}.output.value[${item}]`;
          note(value.providerOptions, `${place} (tool result image)`);
        }
      }
      continue;
    }
    const at = placeOf(index);
    note(message.providerOptions, `${at.name} (${at.label})`);
    if (message.role === "system") continue;
    for (const [position, part] of message.content.entries()) {
      const sent =
        part.type === "text" ||
        (part.type === "file" && (message.role === "user" || isImageFile(part)));
      if (sent) note(part.providerOptions, `${placeOf(index, position).name} (${part.type} part)`);
    }
  }
  for (const [key, where] of places) {
    const named = where.slice(0, placesNamed).join(", ");
    const more = where.length > placesNamed ? ` and ${where.length - placesNamed} more` : "";
    warnings.push({
      type: "unsupported",
      feature: `providerOptions.${key} on a message or part`,
      details:
        key === providerKey
          ? `Pictor's options are for the whole call: pass them as providerOptions.pictor of generateText or streamText. On ${named}${more} they were not sent`
          : `The gateway's messages have no field for another provider's options, so those on ${named}${more} were not sent`,
    });
  }
}
