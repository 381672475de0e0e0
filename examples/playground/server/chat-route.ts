import type { PictorProvider } from "@pictor/ai-sdk";
import {
  convertToModelMessages,
  createUIMessageStreamResponse,
  streamText,
  toUIMessageStream,
  type UIMessage,
  validateUIMessages,
} from "ai";
import { errorResponse } from "./json-response";

export interface ChatRouteOptions {
  /** The AI SDK provider, holding the gateway key (server-side only). */
  provider: PictorProvider;
  /** Model ids the page may pick. */
  allowedModels: readonly string[];
  /** Largest request body: the conversation carries earlier images as data URLs. */
  maxBodyBytes: number;
}

/**
 * `POST /api/chat` for the AI SDK's `useChat`: the UI messages go through `streamText` with
 * Pictor's chat model and come back as a UI message stream, images as `file` parts.
 */
export function createChatRoute(
  options: ChatRouteOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "POST")
      return errorResponse(405, `Method ${request.method} not allowed: use POST`);
    // An honest Content-Length is refused before reading; the length check after reading
    // catches a missing or lying one (this local server can afford to read it first).
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > options.maxBodyBytes) return errorResponse(413, "The conversation is too large");
    let body: unknown;
    try {
      const text = await request.text();
      if (text.length > options.maxBodyBytes)
        return errorResponse(413, "The conversation is too large");
      body = JSON.parse(text);
    } catch {
      return errorResponse(400, "The body is not JSON");
    }
    if (typeof body !== "object" || body === null || !("messages" in body) || !("model" in body))
      return errorResponse(400, "Expected { messages, model }");
    const { model } = body;
    if (typeof model !== "string" || !options.allowedModels.includes(model))
      return errorResponse(
        403,
        `Model ${JSON.stringify(model)} is not allowed here`,
        "model_not_allowed",
      );
    let messages: UIMessage[];
    try {
      messages = await validateUIMessages({ messages: body.messages });
    } catch (error) {
      return errorResponse(
        400,
        `Invalid messages: ${error instanceof Error ? error.message : String(error)}`,
      );
    }

    const result = streamText({
      model: options.provider.chat(model),
      messages: await convertToModelMessages(messages),
      // The browser left (Stop, or closed the tab): stop paying for the image.
      abortSignal: request.signal,
      // No retries, like the page's Pictor client: the chat shows what the gateway answered (a
      // forced 429 or 500 included) rather than waiting out a Retry-After behind the user's back.
      // An app would keep the AI SDK's default of 2.
      maxRetries: 0,
    });
    return createUIMessageStreamResponse({
      stream: toUIMessageStream({
        stream: result.stream,
        // The AI SDK hides error text by default; these errors never carry the key (they come
        // from the gateway's answer), and a readable one is the point of a playground.
        onError: (error) => (error instanceof Error ? error.message : String(error)),
      }),
    });
  };
}
