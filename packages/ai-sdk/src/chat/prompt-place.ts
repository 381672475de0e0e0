import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

/** A place in a call's prompt, named as the caller wrote it. */
export interface PromptPlace {
  /** `messages[2].content[1]`, or `system` for the system prompt (`system[1]` of several). */
  name: string;
  /** Which message it is: `user message`, `the system prompt`. */
  label: string;
  /** The label, and how `messages` is counted when there is a system prompt. */
  about: string;
}

/**
 * Names the places of an AI SDK prompt in the caller's terms. The AI SDK puts the system prompt
 * (`system` or `instructions`) before `messages`, so `prompt[3]` of a call with one is the
 * caller's `messages[2]`: the leading system messages are named as the system prompt, the rest
 * by their index in `messages`. The prompt no longer tells two rarer shifts: consecutive tool
 * messages the AI SDK joined into one, and empty text parts it dropped from a message.
 */
export function promptPlaces(
  prompt: LanguageModelV4Prompt,
): (index: number, position?: number) => PromptPlace {
  let system = 0;
  while (prompt[system]?.role === "system") system += 1;
  return (index, position) => {
    if (index < system) {
      const label = "the system prompt";
      return { name: system === 1 ? "system" : `system[${index}]`, label, about: label };
    }
    const part = position === undefined ? "" : `.content[${position}]`;
    const label = `${prompt[index]?.role ?? "a"} message`;
    return {
      name: `messages[${index - system}]${part}`,
      label,
      // The AI SDK's prompt has the system prompt first; the caller's messages do not.
      about: system > 0 ? `${label}; messages counted without the system prompt` : label,
    };
  };
}
