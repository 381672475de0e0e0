import { describe, expect, it } from "vitest";
import { parseEventJson } from "./parse-event-json";

const base64 = "iVBORw0KGgo".padEnd(200_000, "A");
const dataUrl = `data:image/png;base64,${base64}`;

/** A stream chunk as the gateway sends it, with `images` in its delta. */
function chunkText(images: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    choices: [
      {
        index: 0,
        delta: {
          role: "assistant",
          images: images.map((url) => ({ type: "image_url", image_url: { url } })),
          ...extra,
        },
        finish_reason: null,
      },
    ],
  });
}

describe("parseEventJson", () => {
  it("gives what JSON.parse gives for an event with a large image data URL", () => {
    const text = chunkText([dataUrl], { content: "a cabin" });
    expect(parseEventJson(text)).toEqual(JSON.parse(text));
  });

  it("gives what JSON.parse gives with several images, the first one large", () => {
    const text = chunkText([dataUrl, "data:image/png;base64,AAAA", `${dataUrl}B`]);
    expect(parseEventJson(text)).toEqual(JSON.parse(text));
  });

  it("decodes escapes as JSON.parse does when the URL holds one (it is then parsed whole)", () => {
    const text = chunkText([dataUrl]).replace(
      "data:image/png;base64,",
      "data:image/png;base64,\\u0041",
    );
    const parsed = parseEventJson(text);
    expect(parsed).toEqual(JSON.parse(text));
    expect(JSON.stringify(parsed)).toContain("base64,AiVBORw0KGgo");
  });

  it("stays right when the event already holds the placeholder's text", () => {
    const text = chunkText([dataUrl], { content: "\u0000pictor-data-url" });
    expect(parseEventJson(text)).toEqual(JSON.parse(text));
  });

  it("throws what JSON.parse throws for text that is not JSON", () => {
    const text = `${chunkText([dataUrl])}}`;
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseEventJson(text)).toThrow(SyntaxError);
  });

  it("parses small events and large ones without an image as they are", () => {
    const small = chunkText([], { content: "hi" });
    const large = chunkText([], { content: "x".repeat(100_000) });
    expect(parseEventJson(small)).toEqual(JSON.parse(small));
    expect(parseEventJson(large)).toEqual(JSON.parse(large));
  });
});
