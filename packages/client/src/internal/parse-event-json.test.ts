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

  it("throws what JSON.parse throws for text that is not JSON (same message)", () => {
    const text = `${chunkText([dataUrl])}}`;
    const expected = (() => {
      try {
        JSON.parse(text);
      } catch (error) {
        return error;
      }
    })();
    expect(expected).toBeInstanceOf(SyntaxError);
    expect(() => parseEventJson(text)).toThrow((expected as SyntaxError).message);
  });

  it("rejects raw control characters in the URL as JSON.parse does (an event over several data: lines)", () => {
    // A raw newline, as the SSE parser joins two `data:` lines.
    const text = chunkText([dataUrl]).replace("base64,iVBOR", "base64,iV\nBOR");
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseEventJson(text)).toThrow(SyntaxError);
  });

  // Shapes no gateway sends, where cutting the URL out would change the meaning.
  it.each([
    ["the URL is a key", `{"${dataUrl}":1,"x":"\\u0000pictor-data-url"}`],
    [
      "the URL follows an escaped quote",
      `{"content":"see \\"${dataUrl}","y":"\\u0000pictor-data-url"}`,
    ],
    ["a duplicate key overrides the URL", `{"a":"${dataUrl}","a":"\\u0000pictor-data-url"}`],
    ["the URL is a key, nothing else odd", `{"${dataUrl}":1}`],
  ])("gives what JSON.parse gives when %s", (_shape, text) => {
    expect(parseEventJson(text)).toEqual(JSON.parse(text));
  });

  it("handles nesting as deep as JSON.parse does", () => {
    const depth = 20_000;
    const text = `{"url":"${dataUrl}","deep":${"[".repeat(depth)}1${"]".repeat(depth)}}`;
    const parsed = parseEventJson(text) as { url: string; deep: unknown };
    expect(parsed.url).toBe(dataUrl);
    // Walked down by hand: a recursive comparison would overflow the stack itself.
    let node: unknown = parsed.deep;
    for (let level = 0; level < depth; level++) node = (node as unknown[])[0];
    expect(node).toBe(1);
  });

  it("parses small events and large ones without an image as they are", () => {
    const small = chunkText([], { content: "hi" });
    const large = chunkText([], { content: "x".repeat(100_000) });
    expect(parseEventJson(small)).toEqual(JSON.parse(small));
    expect(parseEventJson(large)).toEqual(JSON.parse(large));
  });
});
