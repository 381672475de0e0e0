import { gatewayError } from "./gateway-error";

/**
 * Text models of the gateway that people try for images (a sample of its catalog, which lists
 * hundreds): the images endpoints refuse them with a 400, the chat answers them in text. Any
 * other id the mock does not know stays a 404, an unknown model.
 */
const textModelIds: ReadonlySet<string> = new Set([
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-4.1-nano",
  "gpt-5.4",
  "gpt-5.4-mini",
  "gpt-5.5",
  "o3",
  "o3-mini",
  "o4-mini",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
  "gemini-2.5-flash-lite",
  "gemini-3-pro-preview",
  "claude-3-7-sonnet",
  "claude-sonnet-4-20250514",
  "claude-opus-4-1",
]);

/** A text model of the gateway, as its chat serves it: the bare id and the provider it goes to. */
export interface TextModel {
  id: string;
  provider: string;
}

/**
 * The text model a request's `model` names (bare, or pinned as `openai/gpt-4o`), else undefined.
 * Its provider is the pinned one, else the model maker's own.
 */
export function findTextModel(id: string | undefined): TextModel | undefined {
  if (id === undefined) return undefined;
  const slash = id.indexOf("/");
  const key = id.slice(slash + 1);
  if (!textModelIds.has(key)) return undefined;
  const pinned = slash === -1 ? undefined : id.slice(0, slash);
  return { id: key, provider: pinned ?? makerOf(key) };
}

function makerOf(id: string): string {
  if (id.startsWith("gemini-")) return "google-ai-studio";
  if (id.startsWith("claude-")) return "anthropic";
  return "openai";
}

/** The gateway's images endpoints, as its 400 for a text model names them. */
export type ImagesEndpoint = "/v1/images/generations" | "/v1/images/edits";

/**
 * The gateway's 400 for a text model on `/images/*` (its validateModelOutput, checked before
 * the request goes on), or undefined for any other model. Like the gateway, it looks the model
 * up without a provider prefix (`openai/gpt-4o` is `gpt-4o`) and names it so, with the endpoint
 * that was called.
 */
export function textModelRefusal(
  id: string | undefined,
  endpoint: ImagesEndpoint,
): Response | undefined {
  const model = findTextModel(id);
  if (!model) return undefined;
  return gatewayError(
    400,
    `Model ${model.id} is a chat model and cannot be used with ${endpoint}. Use the /v1/chat/completions endpoint instead.`,
  );
}
