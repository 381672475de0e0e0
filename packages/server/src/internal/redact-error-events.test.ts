import { describe, expect, it } from "vitest";
import { base64FormsOf } from "./base64-forms-of";
import { redactErrorEvents } from "./redact-error-events";

const key = "sk-server-5f1c9e7a2b4d";
/** A proxy quoting the `Authorization` it got, Basic-encoded: the key's middle is one of its base64 forms. */
const basic = btoa(`gateway:${key}`);
const redactor = () => redactErrorEvents([key, ...base64FormsOf(key)]);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the stream of `text` cut at `cuts` comes out as. */
async function output(text: string, cuts: readonly number[]): Promise<string> {
  const bytes = encoder.encode(text);
  const bounds = [0, ...cuts, bytes.length];
  const chunks = bounds.slice(1).map((end, index) => bytes.subarray(bounds[index], end));
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let result = "";
  const reader = source.pipeThrough(redactor()).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read())
    result += decoder.decode(next.value, { stream: true });
  return result;
}

describe("redactErrorEvents", () => {
  const image = 'data: {"id":"c0","choices":[]}\n\n';
  const done = "data: [DONE]\n\n";
  it.each([
    [
      "an event: error",
      `event: error\r\ndata: {"error":{"message":"Basic ${basic}"}}\r\n\r\n${done}`,
    ],
    ["an error chunk", `data: {"id":"c1", "error" :{"message":"Basic ${basic}"}}\n\n${done}`],
    [
      "a comment before an event's fields",
      `: got Basic ${basic}\r\ndata: {"id":"c1"}\r\n\r\n${done}`,
    ],
    ["a comment inside an event", `data: {"id":"c1"}\r: got Basic ${basic}\rdata: {}\r\r${done}`],
    ["a comment the stream ends inside", `data: {"id":"c1"}\n: got Basic ${basic}`],
  ])("redacts %s the same wherever the stream is cut", async (_, event) => {
    const text = `${image}${event}`;
    const whole = await output(text, []);
    expect(whole).toMatch(/Basic \S*\[redacted\]/);
    for (const form of base64FormsOf(key)) expect(whole).not.toContain(form);

    // Every cut a socket could make, one at a time (the "error" key and the encoded key included).
    const differing: number[] = [];
    for (let cut = 1; cut < text.length; cut++)
      if ((await output(text, [cut])) !== whole) differing.push(cut);
    expect(differing).toEqual([]);
    expect(
      await output(
        text,
        Array.from({ length: text.length - 1 }, (_, i) => i + 1),
      ),
    ).toBe(whole);
  });
});
