import type { ChatCompletion, ChatCompletionChunk } from "@pictor/contract";

/**
 * A whole completion as the one stream chunk that says the same: each choice's message as its
 * delta, with its finish reason, and the usage. For a gateway (or model) that answers a
 * `stream: true` request with a plain completion: the reader still gets every image and the
 * usage, not an error after the images were paid for.
 */
export function completionAsChunk(completion: ChatCompletion): ChatCompletionChunk {
  return {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    choices: completion.choices.map((choice) => ({
      index: choice.index,
      delta: choice.message,
      finish_reason: choice.finish_reason,
    })),
    usage: completion.usage,
  };
}
