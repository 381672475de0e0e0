import { useChat } from "@ai-sdk/react";
import type { UIMessage } from "ai";
import { useId, useState } from "react";
import { defaultModelId, editModels } from "./model-catalog";

/**
 * Conversational refinement: each message goes to `/api/chat`, where `streamText` runs
 * `@pictor/ai-sdk`'s chat model. Images come back as `file` parts; the next message sends them
 * back with the conversation, so "make it night" edits the image the model just made.
 */
export function ChatTab() {
  const id = useId();
  const [input, setInput] = useState("");
  const [modelId, setModelId] = useState(defaultModelId);
  // The default transport posts to /api/chat: the same origin, so no key is involved here either.
  const { messages, sendMessage, status, stop, error, setMessages, clearError } = useChat();
  const busy = status === "submitted" || status === "streaming";

  return (
    <div className="tab-body chat">
      <ol className="conversation" aria-label="Conversation">
        {messages.map((message, position) => (
          <li key={message.id} className={message.role}>
            <strong>{message.role === "user" ? "You" : "Pictor"}</strong>
            {message.parts.map((part, index) => {
              const key = `${message.id}-${index}`;
              if (part.type === "text") return <p key={key}>{part.text}</p>;
              if (part.type === "file" && part.mediaType.startsWith("image/"))
                return <img key={key} src={part.url} alt={requestBefore(messages, position)} />;
              return null;
            })}
          </li>
        ))}
      </ol>
      {messages.length === 0 && (
        <p className="muted">
          Describe an image, then ask for changes: “make it night”, “add a boat”.
        </p>
      )}
      {error && (
        <div className="status error" role="alert">
          <strong>The chat request failed.</strong>
          <span>{error.message}</span>
        </div>
      )}
      <form
        className="chat-form"
        onSubmit={(event) => {
          event.preventDefault();
          const text = input.trim();
          if (!text) return;
          clearError();
          // The model travels in the request body; the server checks it against the catalog.
          void sendMessage({ text }, { body: { model: modelId } });
          setInput("");
        }}
      >
        <label htmlFor={`${id}-model`}>Chat model</label>
        <select
          id={`${id}-model`}
          value={modelId}
          disabled={busy}
          onChange={(event) => setModelId(event.target.value)}
        >
          {editModels.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name} — {model.price}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-message`}>Message</label>
        <input
          id={`${id}-message`}
          value={input}
          autoComplete="off"
          placeholder={messages.length === 0 ? "A lighthouse at dusk" : "Make it night"}
          onChange={(event) => setInput(event.target.value)}
        />
        <div className="row">
          <button type="submit" disabled={busy || input.trim() === ""}>
            Send
          </button>
          {busy && (
            <>
              <span role="status">Pictor is drawing…</span>
              <button type="button" onClick={() => void stop()}>
                Stop
              </button>
            </>
          )}
          {!busy && messages.length > 0 && (
            <button type="button" className="link" onClick={() => setMessages([])}>
              New conversation
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

/** What was asked for: the text of the last user message up to `position`, as the image's alt text. */
function requestBefore(messages: readonly UIMessage[], position: number): string {
  for (let index = position; index >= 0; index--) {
    const message = messages[index];
    if (message?.role !== "user") continue;
    return message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join(" ");
  }
  return "";
}
