import {
  type LanguageModelV4FilePart,
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { detectMediaType, getTopLevelMediaType, isFullMediaType } from "@ai-sdk/provider-utils";
import type { ChatCompletionCreateParams, ChatMessage } from "@pictor/client";
import { encodeBase64 } from "@pictor/contract";
import { type PromptPlace, promptPlaces } from "./prompt-place";

/** The gateway's messages for an AI SDK prompt, and how many input images they carry. */
export interface PictorMessages {
  messages: ChatMessage[];
  inputImages: number;
  /**
   * Where in the caller's prompt each message and content part came from
   * (`messages[2].content[1]`), by identity: joining turns and leaving images out keep the parts,
   * not their positions.
   */
  origins: WeakMap<object, PromptPlace>;
  /** The user turns that carry a tool's images: left out like made ones when too many. */
  fromTools: ReadonlySet<ChatMessage>;
}

/** A part of a message's content as the gateway takes it. */
export type ContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } };

/**
 * Converts an AI SDK prompt to the gateway's chat messages. Images in user turns become
 * `image_url` parts, and so do images in assistant turns (what the model made earlier), so a
 * follow-up turn refines them: the gateway reads an assistant's images from its content parts
 * only (a response's `images` field sent back is dropped). Images a tool returned go as a user
 * turn's images; the rest of a tool exchange is not sent. Reasoning is not sent back, nor are
 * files of an assistant turn that are not images (another model's PDF), with a warning.
 */
export function convertToPictorMessages(
  prompt: LanguageModelV4Prompt,
  warnings: SharedV4Warning[],
): PictorMessages {
  const messages: ChatMessage[] = [];
  const origins = new WeakMap<object, PromptPlace>();
  const placeOf = promptPlaces(prompt);
  /** `value`, noted as coming from `place`. */
  const from = <T extends object>(value: T, place: PromptPlace): T => {
    origins.set(value, place);
    return value;
  };
  let inputImages = 0;
  let droppedReasoning = false;
  let droppedTools = false;
  let sentToolImages = false;
  const fromTools = new Set<ChatMessage>();
  // Provider-specific content of another model's turn (`google.…`), by kind.
  const droppedCustom = new Set<string>();
  // Media types of files that are not images in earlier assistant turns.
  const droppedFiles = new Set<string>();
  for (const [index, message] of prompt.entries()) {
    const at = placeOf(index);
    switch (message.role) {
      case "system":
        messages.push(from({ role: "system", content: message.content }, at));
        break;
      case "user": {
        const content: ContentPart[] = [];
        for (const [position, part] of message.content.entries()) {
          const place = placeOf(index, position);
          if (part.type === "text") content.push(from({ type: "text", text: part.text }, place));
          else {
            const url = imageUrlOf(part, place);
            content.push(from({ type: "image_url", image_url: { url } }, place));
            inputImages += 1;
          }
        }
        const only = content[0];
        messages.push(
          from(
            {
              role: "user",
              content: content.length === 1 && only?.type === "text" ? only.text : content,
            },
            at,
          ),
        );
        break;
      }
      case "assistant": {
        // In the turn's order: "Here it is", the image, "and a variant", another.
        const parts: ContentPart[] = [];
        let toolCalls = false;
        for (const [position, part] of message.content.entries()) {
          const place = placeOf(index, position);
          switch (part.type) {
            case "text":
              if (part.text !== "") parts.push(from({ type: "text", text: part.text }, place));
              break;
            case "file":
              // Another model's output (a report as a PDF) is history, not this call's input:
              // left out like its tool calls, where a user's own PDF is refused.
              if (!isImageFile(part)) {
                droppedFiles.add(part.mediaType);
                break;
              }
              parts.push(
                from({ type: "image_url", image_url: { url: imageUrlOf(part, place) } }, place),
              );
              inputImages += 1;
              break;
            case "reasoning":
            case "reasoning-file":
              droppedReasoning = true;
              break;
            case "tool-call":
            case "tool-result":
              // A tool call of another model earlier in the conversation (an app that switched
              // models): the gateway's image models take no tools, the rest of the turn goes.
              toolCalls = true;
              break;
            case "custom":
              droppedCustom.add(part.kind);
              break;
            default:
              // A part type newer than this provider: said, not sent as something it is not.
              droppedCustom.add(String(Reflect.get(part, "type")));
          }
        }
        droppedTools ||= toolCalls;
        messages.push(from({ role: "assistant", content: assistantContent(parts) }, at));
        break;
      }
      case "tool": {
        droppedTools = true;
        // An image a tool returned (a photo it fetched) is what the next step was asked to
        // edit: sent as the user's input, as the gateway's image models read images from user
        // turns only; left out, the model would draw something else, and bill it.
        const content: ContentPart[] = [];
        for (const [position, part] of message.content.entries()) {
          if (part.type !== "tool-result" || part.output.type !== "content") continue;
          const place = placeOf(index, position);
          for (const item of part.output.value) {
            // One the gateway cannot take (another provider's file id, an SVG chart) stays out
            // with the rest of the exchange: an old tool exchange must not refuse the call.
            if (!isSentToolImage(item)) continue;
            content.push(
              from({ type: "image_url", image_url: { url: imageUrlOf(item, place) } }, place),
            );
            inputImages += 1;
          }
        }
        sentToolImages ||= content.length > 0;
        if (content.length > 0) {
          const turn: ChatMessage = from({ role: "user", content }, at);
          fromTools.add(turn);
          messages.push(turn);
        }
        break;
      }
    }
  }
  if (droppedReasoning) {
    warnings.push({
      type: "other",
      message:
        "Reasoning from earlier assistant turns was not sent back: Pictor sends a turn's text and images, and image models do not need their reasoning to refine an image.",
    });
  }
  if (droppedTools) {
    warnings.push({
      type: "other",
      message: `Tool calls and tool results from earlier turns were not sent: Pictor's image models take no tools.${sentToolImages ? " The images tool results returned go as input images of a user turn, as many as the model takes (not those the gateway cannot take: another provider's file, an SVG)." : ""}`,
    });
  }
  if (droppedCustom.size > 0) {
    warnings.push({
      type: "other",
      message: `Provider-specific content from earlier assistant turns was not sent (${[...droppedCustom].join(", ")}): the gateway's messages have no field for another provider's content.`,
    });
  }
  if (droppedFiles.size > 0) {
    warnings.push({
      type: "other",
      message: `Files from earlier assistant turns that are not images were not sent (${[...droppedFiles].join(", ")}): Pictor's image models take images only.`,
    });
  }
  return { messages, inputImages, origins, fromTools };
}

/**
 * Where in the caller's prompt the field at `path` of the gateway's `messages` came from
 * (`messages.2.content.3.image_url.url` → `messages[3].content[1]`, the gateway's messages being
 * joined and tidied); undefined when it is not one message or part of it, or came from no
 * single one.
 */
export function promptPlaceOf(
  messages: ChatCompletionCreateParams["messages"],
  origins: WeakMap<object, PromptPlace>,
  path: string,
): PromptPlace | undefined {
  const [head, index, field, position] = path.split(".");
  if (head !== "messages" || index === undefined) return undefined;
  const message = messages[Number(index)];
  if (message === undefined) return undefined;
  const content = message.content;
  const part =
    field === "content" && position !== undefined && Array.isArray(content)
      ? content[Number(position)]
      : undefined;
  return (part && origins.get(part)) ?? origins.get(message);
}

/** Whether a file part is an image (`image/png`, `image/*`), the only files the gateway's image models take. */
export function isImageFile(part: LanguageModelV4FilePart): boolean {
  return getTopLevelMediaType(part.mediaType) === "image";
}

/**
 * `messages` without the assistant turns that have nothing left to send (a turn that only
 * reasoned, or whose images were all left out), and with each run of user (or assistant)
 * messages joined into one. An empty model turn, or two of one role in a row (a turn left out
 * here, or by the AI SDK, which keeps no message for a content-filtered answer), is what some
 * providers refuse.
 */
export function tidyTurns(messages: readonly ChatMessage[]): ChatMessage[] {
  const joined: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role === "assistant" && assistantParts(message.content).length === 0) continue;
    const last = joined.at(-1);
    if (last?.role === "user" && message.role === "user") {
      joined[joined.length - 1] = {
        role: "user",
        content: [...userParts(last.content), ...userParts(message.content)],
      };
    } else if (last?.role === "assistant" && message.role === "assistant") {
      joined[joined.length - 1] = {
        role: "assistant",
        content: assistantContent([
          ...assistantParts(last.content),
          ...assistantParts(message.content),
        ]),
      };
    } else joined.push(message);
  }
  return joined;
}

/** A user message's content as parts. */
function userParts(content: string | readonly ContentPart[]): ContentPart[] {
  return typeof content === "string" ? [{ type: "text", text: content }] : [...content];
}

/**
 * An assistant message's content for its parts: one text as a string, anything more as parts
 * kept apart (the AI SDK's text parts are separate blocks; one string would glue "Hello" and
 * "world" into "Helloworld", a separator would add text the turn never had), none as null.
 */
export function assistantContent(parts: readonly ContentPart[]): string | ContentPart[] | null {
  const [only, ...more] = parts;
  if (only?.type === "text" && more.length === 0) return only.text;
  return parts.length > 0 ? [...parts] : null;
}

/** An assistant message's content as parts (none for null or ""). */
export function assistantParts(
  content: string | readonly ContentPart[] | null | undefined,
): ContentPart[] {
  if (!content) return [];
  return typeof content === "string" ? [{ type: "text", text: content }] : [...content];
}

/** An item of a tool result's content (`output.value[i]`). */
type ToolResultItem = Extract<
  LanguageModelV4ToolResultOutput,
  { type: "content" }
>["value"][number];

/**
 * Whether an item of a tool result's content is sent: an image the gateway can take, which goes
 * as a user turn's input image.
 */
export function isSentToolImage(
  item: ToolResultItem,
): item is Extract<ToolResultItem, { type: "file" }> {
  return item.type === "file" && isImageFile(item) && gatewayTakes(item);
}

/**
 * Whether the gateway can take an image part, as far as its kind tells: not another provider's
 * reference, an URL it cannot fetch, or an SVG (declared, or written as text).
 */
function gatewayTakes(part: LanguageModelV4FilePart): boolean {
  const { data } = part;
  if (data.type === "reference" || data.type === "text") return false;
  if (part.mediaType.toLowerCase() === "image/svg+xml") return false;
  return data.type !== "url" || data.url.protocol === "https:" || data.url.protocol === "data:";
}

/**
 * An image part as the gateway takes it: an https URL as is, anything else (bytes, base64, an
 * image written as text) as a base64 data URL. A part it cannot take (another provider's
 * reference) is refused naming `place`, the part as the caller wrote it, and what to do.
 */
function imageUrlOf(part: LanguageModelV4FilePart, place: PromptPlace): string {
  const at = `${place.name} (${place.about})`;
  if (!isImageFile(part)) {
    throw new UnsupportedFunctionalityError({
      functionality: `${part.mediaType} file parts`,
      message: `${at} is a file of type ${part.mediaType}: the gateway's image models take images only (nothing was sent).`,
    });
  }
  const { data } = part;
  if (data.type === "url") {
    if (data.url.protocol === "https:" || data.url.protocol === "data:") return data.url.href;
    throw new UnsupportedFunctionalityError({
      functionality: `${data.url.protocol} image URLs`,
      message: `${at} is a ${data.url.protocol} URL: the gateway fetches only https image URLs; pass the image bytes instead (nothing was sent).`,
    });
  }
  if (data.type === "reference") {
    // Another provider's file id (an image it made, kept as its file): Pictor has no files API.
    const holders = Object.entries(data.reference);
    const named = holders.map(([provider, id]) => `${provider} ${JSON.stringify(id)}`).join(", ");
    const makers =
      holders.map(([provider]) => provider).join(" or ") || "the provider that made it";
    throw new UnsupportedFunctionalityError({
      functionality: "provider references",
      message: `${at} is an image held by a provider reference (${named}), which the gateway cannot fetch: replace the part's data with the image itself (bytes, base64 or an https URL, downloaded from ${makers} first) or leave the part out (nothing was sent).`,
    });
  }
  if (data.type === "text") {
    // An image written as text is SVG: sent as its UTF-8, as the AI SDK turns it into a data URL
    // for a UI message; the client then says what it says of any SVG input.
    const mediaType = isFullMediaType(part.mediaType) ? part.mediaType : "image/svg+xml";
    return `data:${mediaType};base64,${encodeBase64(new TextEncoder().encode(data.text))}`;
  }
  const mediaType = isFullMediaType(part.mediaType)
    ? part.mediaType
    : (detectMediaType({ data: data.data, topLevelType: "image" }) ?? "image/png");
  const base64 = typeof data.data === "string" ? data.data : encodeBase64(data.data);
  return `data:${mediaType};base64,${base64}`;
}
