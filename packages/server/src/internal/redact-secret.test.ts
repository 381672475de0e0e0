import { redactText } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { redactSecret, textRedactor } from "./redact-secret";

const secret = "sk-live-abc123";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Pushes chunks through the redactor and returns what came out, chunk by chunk. */
async function run(chunks: readonly string[], key = secret): Promise<string[]> {
  const output: string[] = [];
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const reader = source.pipeThrough(redactSecret(key)).getReader();
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

describe("redactSecret on JSON or a URL that escapes the secret", () => {
  /** `text` cut into one-byte chunks: every split a stream could make. */
  const bytewise = (text: string) => Array.from(text);

  it.each([
    ["every character as \\u escapes", "\\u0073\\u006B\\u002d\\u006c\\u0069\\u0076\\u0065-abc123"],
    ["a single escaped character", "sk-live-abc\\u0031\\u00323"],
    ["an escaped hyphen, Go or Python style", "sk\\u002dlive\\u002Dabc123"],
    ["escapes escaped again (JSON quoted in a JSON string)", "\\\\u0073k-live\\\\u002dabc123"],
    ["a percent-encoded hyphen, in either case", "sk%2Dlive%2dabc123"],
    [
      "every character percent-encoded",
      Array.from(secret, (c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
    ],
    ["a percent-encoding with a JSON-escaped digit", "sk%2\\u0044live-abc123"],
  ])("replaces %s, whole or split into single bytes", async (_name, form) => {
    const body = `{"note":"bad key ${form}!"}`;

    expect((await run([body])).join("")).toBe('{"note":"bad key [redacted]!"}');
    expect((await run(bytewise(body))).join("")).toBe('{"note":"bad key [redacted]!"}');
  });

  it('replaces a key with / " and \\ in each of the forms JSON may give them', async () => {
    const key = 'sk/a"b\\c';
    const forms = [
      JSON.stringify(key).slice(1, -1), // sk/a\"b\\c
      'sk\\/a\\"b\\\\c', // PHP: every slash escaped
      "sk\\u002fa\\u0022b\\u005cc",
      key, // raw, as text that is not JSON holds it
      JSON.stringify(JSON.stringify(key).slice(1, -1)).slice(1, -1), // sk/a\\\"b\\\\c: quoted twice
      'sk\\\\\\/a\\\\\\"b\\\\\\\\c', // PHP twice: sk\\\/a\\\"b\\\\c
      encodeURIComponent(key), // sk%2Fa%22b%5Cc, a URL's query
    ];
    for (const form of forms) {
      const body = `data: {"note":"${form}"}\n\n`;
      expect((await run([body], key)).join(""), form).toBe('data: {"note":"[redacted]"}\n\n');
      expect((await run(bytewise(body), key)).join(""), form).toBe(
        'data: {"note":"[redacted]"}\n\n',
      );
    }
  });

  it("replaces a raw key whose backslash JSON would read as an escape (text that is not JSON)", async () => {
    const key = "sk-live-a\\nb";

    expect((await run([`event: error\ndata: bad key ${key}\n\n`], key)).join("")).toBe(
      "event: error\ndata: bad key [redacted]\n\n",
    );
  });

  it("leaves escapes that do not spell the secret, and a backslash or % that starts none, as they are", async () => {
    const body =
      '{"a":"sk-live-abc12\\u0034","c":"\\q\\u00zz sk-live-abc\\u003","d":"sk%2-live%zz %sk-live-abc12%3g"}';

    expect((await run([body])).join("")).toBe(body);
    expect((await run(bytewise(body))).join("")).toBe(body);
  });

  it("holds back only an unfinished match or escape, so an event ends its chunk", async () => {
    expect(await run(['data: {"k":"sk\\u002dliv', 'e-abc123"}\n\n', "data: [DONE]\n\n"])).toEqual([
      'data: {"k":"',
      '[redacted]"}\n\n',
      "data: [DONE]\n\n",
    ]);
    expect(await run(["x \\u00", "41"])).toEqual(["x ", "\\u0041"]);
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

describe("textRedactor", () => {
  it("redacts thousands of short texts (an error's per-item messages) at the cost of their length, not a cost each", () => {
    const redact = textRedactor([secret, btoa(`gateway:${secret}`).slice(12)]);
    const texts = Array.from(
      { length: 60_000 },
      (_, index) => `item ${index} refused by moderation`,
    );
    // The same text in one string, with a backslash so that every pass reads it: the cost of its
    // length. Timed against it, a loaded machine slows both alike (no wall-clock limit to flake);
    // interleaved, the fastest of five each, so a burst of load (or a collection) slows one run,
    // not all. Running every pass on each short text takes 3 to 5 times as long as on the one
    // string (15 to 20 before a pass let a text with nothing to redact through uncopied); told
    // apart by `includes`, they take 0.1 to 0.4 times as long. The limit sits between, with room
    // on both sides: a flaky test would cost more than one that misses a small slowdown.
    const joined = `${texts.join(" ")} \\`;
    const each: number[] = [];
    const once: number[] = [];
    for (let round = 0; round < 5; round++) {
      let started = performance.now();
      for (const text of texts) redact(text);
      each.push(performance.now() - started);
      started = performance.now();
      redact(joined);
      once.push(performance.now() - started);
    }

    expect(Math.min(...each)).toBeLessThan(2 * Math.min(...once));
    // Still redacted, in a short text as in a long one, raw or escaped as JSON.
    expect(redact(`Invalid API key: ${secret}`)).toBe("Invalid API key: [redacted]");
    expect(redact(`key \\u0073${secret.slice(1)}`)).toBe("key [redacted]");
    expect(redact(`${joined} ${secret}`).endsWith(" [redacted]")).toBe(true);
  });
});
