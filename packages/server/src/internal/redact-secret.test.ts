import { redactText } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { redactSecret } from "./redact-secret";

const secret = "sk-live-abc123";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Pushes chunks through the redactor and returns what came out, chunk by chunk. */
async function run(chunks: readonly string[]): Promise<string[]> {
  const output: string[] = [];
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const reader = source.pipeThrough(redactSecret(secret)).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read())
    output.push(decoder.decode(next.value));
  return output;
}

describe("redactSecret", () => {
  it("passes chunks without the secret through unchanged", async () => {
    expect(await run(['data: {"a":1}\n\n', "data: [DONE]\n\n"])).toEqual([
      'data: {"a":1}\n\n',
      "data: [DONE]\n\n",
    ]);
  });

  it("replaces every occurrence, also one split over three chunks", async () => {
    const output = await run([`a ${secret} b sk-`, "live-ab", `c123 c ${secret}`]);

    expect(output.join("")).toBe("a [redacted] b [redacted] c [redacted]");
  });

  it("holds back only a tail that may begin the secret, and releases it at the end", async () => {
    expect(await run(["value sk-li", "ght"])).toEqual(["value ", "sk-light"]);
    expect(await run(["ends with sk-live"])).toEqual(["ends with ", "sk-live"]);
  });

  it("lets an SSE event out before the next chunk is written", async () => {
    const redactor = redactSecret(secret);
    const writer = redactor.writable.getWriter();
    const reader = redactor.readable.getReader();

    void writer.write(encoder.encode(`data: {"key":"${secret}"}\n\n`));
    const first = await reader.read();

    expect(decoder.decode(first.value)).toBe('data: {"key":"[redacted]"}\n\n');
    await writer.close();
  });
});

describe("redactText", () => {
  it("replaces the secret and its JSON-escaped form", () => {
    const quoted = 'k"e\\y';
    expect(redactText(JSON.stringify({ message: `bad ${quoted}` }), [quoted])).toBe(
      '{"message":"bad [redacted]"}',
    );
    expect(redactText(`x ${secret} y`, [secret])).toBe("x [redacted] y");
  });
});
