import { describe, expect, it } from "vitest";
import { withCpuTime } from "../__fixtures__/cpu-time";
import { type SseEvent, SseParser, sseEvents, Utf8Chunks } from "./sse-events";

const encoder = new TextEncoder();

/** A body that hands out `chunks` one per read and records whether (and why) it was cancelled. */
function bodyOf(chunks: readonly Uint8Array[]): {
  body: ReadableStream<Uint8Array>;
  reads: () => number;
} {
  let index = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[index++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, reads: () => index };
}

/** Splits bytes into pieces of `size` bytes. */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

/** A seeded PRNG (mulberry32), so the "random" splits are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function collect(body: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of sseEvents(body)) events.push(event);
  return events;
}

/** Resolves with `promise`, or rejects if it has not settled after `ms` (a hang, not a slow run). */
function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

describe("sseEvents", () => {
  // Building, parsing and comparing 8 MB took over 5 s of wall-clock under CI's load.
  it("parses one 8 MB data line fed in 64 KB chunks in linear time, intact", {
    timeout: 30_000,
  }, async () => {
    const size = 8 * 1024 * 1024;
    // A base64-like payload with structure, so a dropped or repeated chunk changes it.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const payload = Array.from({ length: size / alphabet.length }, (_, i) =>
      i % 2 === 0 ? alphabet : alphabet.split("").reverse().join(""),
    ).join("");
    expect(payload).toHaveLength(size);
    const { body, reads } = bodyOf(chunked(encoder.encode(`data: ${payload}\n\n`), 64 * 1024));

    const { value: events, cpuMs } = await withCpuTime(() => collect(body));

    expect(events).toHaveLength(1);
    expect(events[0]?.data.length).toBe(size);
    expect(events[0]?.data === payload).toBe(true);
    expect(reads()).toBe(130); // 8 MB + 8 framing bytes = 129 chunks of ≤ 64 KB, then the end
    // A parser that rescans its buffer per chunk takes ~16 s here; a linear one well under 1 s.
    // CPU time, not wall-clock: the machine's load (CI's test workers on 2 cores) inflates the latter.
    expect(cpuMs).toBeLessThan(2000);
  });

  it("yields 2,000 small events in order however the bytes are split", async () => {
    const text = Array.from(
      { length: 2000 },
      (_, i) => `id: ${i}\ndata: {"index":${i},"text":"event number ${i}"}\n\n`,
    ).join("");
    const bytes = encoder.encode(text);
    const random = seeded(20261126);
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.length; ) {
      const length = 1 + Math.floor(random() * 97);
      chunks.push(bytes.subarray(offset, offset + length));
      offset += length;
    }
    expect(chunks.length).toBeGreaterThan(1000);

    const events = await collect(bodyOf(chunks).body);

    expect(events).toHaveLength(2000);
    events.forEach((event, i) => {
      expect(event.id).toBe(String(i));
      expect(JSON.parse(event.data)).toEqual({ index: i, text: `event number ${i}` });
    });
  });

  it("keeps a multi-byte UTF-8 character whole when a chunk boundary splits it", async () => {
    const bytes = encoder.encode("data: café 🎨 done\n\n");
    const emoji = encoder.encode("🎨");
    expect(emoji).toHaveLength(4);
    const start = bytes.indexOf(0xf0);
    // Split inside "é" (2 bytes) and twice inside "🎨" (4 bytes).
    const e = bytes.indexOf(0xc3);
    const cuts = [e + 1, start + 1, start + 3];
    const chunks = [0, ...cuts].map((from, i) => bytes.subarray(from, cuts[i] ?? bytes.length));
    expect(chunks).toHaveLength(4);

    const events = await collect(bodyOf(chunks).body);

    expect(events.map((event) => event.data)).toEqual(["café 🎨 done"]);
  });

  it("keeps the event: name of each event", async () => {
    const text =
      'data: {"n":1}\n\nevent: error\ndata: {"error":{"message":"boom"}}\n\nevent: ping\ndata: \n\ndata: [DONE]\n\n';
    const events = await collect(bodyOf(chunked(encoder.encode(text), 7)).body);

    expect(events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: undefined, data: '{"n":1}' },
      { event: "error", data: '{"error":{"message":"boom"}}' },
      { event: "ping", data: "" },
      { event: undefined, data: "[DONE]" },
    ]);
  });

  it("cancels the underlying stream when the consumer breaks out of the loop", async () => {
    let pulls = 0;
    const cancelled: unknown[] = [];
    const body = new ReadableStream<Uint8Array>(
      {
        // An endless stream: only a cancel stops it.
        pull(controller) {
          pulls++;
          controller.enqueue(encoder.encode(`data: ${pulls}\n\n`));
        },
        cancel(reason) {
          cancelled.push(reason);
        },
      },
      { highWaterMark: 0 },
    );
    const seen: string[] = [];
    for await (const event of sseEvents(body)) {
      seen.push(event.data);
      if (seen.length === 3) break;
    }

    expect(seen).toEqual(["1", "2", "3"]);
    expect(cancelled).toHaveLength(1);
    expect(pulls).toBe(3);
  });

  it("cancels the underlying stream when the consumer throws inside the loop", async () => {
    const cancelled: unknown[] = [];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode("data: x\n\n"));
      },
      cancel(reason) {
        cancelled.push(reason);
      },
    });
    const failure = new Error("consumer failed");
    await expect(
      (async () => {
        for await (const _event of sseEvents(body)) throw failure;
      })(),
    ).rejects.toBe(failure);
    expect(cancelled).toHaveLength(1);
  });

  it("stops at once when the consumer breaks out of a body that is a tee branch (as msw and response.clone() hand out)", async () => {
    // fetch interceptors (msw) and logging wrappers give the consumer one branch of a tee: its
    // cancel() settles only once the other branch is read or cancelled too. Leaving the loop must
    // not wait for that.
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode("data: x\n\n"));
      },
    });
    const [branch, _otherBranchNobodyReads] = source.tee();
    const run = (async () => {
      let count = 0;
      for await (const _event of sseEvents(branch)) if (++count === 2) break;
      return count;
    })();

    await expect(settleWithin(run, 2000, "breaking out of sseEvents")).resolves.toBe(2);
  });
});

/** Parses byte chunks synchronously, as `sseEventBatches` does with a body's reads. */
function parseChunks(chunks: readonly Uint8Array[]): SseEvent[] {
  const decoder = new Utf8Chunks();
  const parser = new SseParser();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk));
  parser.feed(decoder.end());
  return parser.take();
}

describe("the SSE line parser", () => {
  // Every line ending (LF, CRLF, CR), a leading BOM, comments, a multi-line event, a field with
  // no colon, fields that are ignored, multi-byte characters, a U+FEFF inside the data (content,
  // not a BOM), and an event left unfinished at the end (dropped, as the format says).
  const text =
    "\uFEFF: a comment\r\n" +
    "data: first\r\n" +
    "data:  second line\r\n" +
    "\r\n" +
    "event: error\r" +
    'data: {"error":"café 🎨"}\r' +
    "\r" +
    ":\n" +
    "id: 7\n" +
    "data\n" +
    "data:x\n" +
    "\n" +
    "retry: 1000\n" +
    "unknown: y\n" +
    "data: \uFEFFzero width\r\n" +
    "\r\n" +
    "data: [DONE]\n\n" +
    "data: never finished\n";
  const expected: SseEvent[] = [
    { event: undefined, data: "first\n second line", id: undefined },
    { event: "error", data: '{"error":"café 🎨"}', id: undefined },
    { event: undefined, data: "\nx", id: "7" },
    { event: undefined, data: "\uFEFFzero width", id: undefined },
    { event: undefined, data: "[DONE]", id: undefined },
  ];
  const bytes = encoder.encode(text);

  it("reads every kind of line whole", () => {
    expect(parseChunks([bytes])).toEqual(expected);
  });

  it("gives the same events wherever two chunk boundaries fall (inside CRLF, a character, a field name)", () => {
    for (let i = 0; i <= bytes.length; i++)
      for (let j = i; j <= bytes.length; j++) {
        const events = parseChunks([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
        if (JSON.stringify(events) !== JSON.stringify(expected))
          expect({ i, j, events }).toEqual({ i, j, events: expected });
      }
  });

  it("gives the same events fed one byte at a time", () => {
    expect(parseChunks(chunked(bytes, 1))).toEqual(expected);
  });

  // Building, parsing and comparing 8 MB took over 5 s of wall-clock under CI's load.
  it("parses an 8 MB data line with CRLF line ends fed in 1 KB chunks in linear time", {
    timeout: 30_000,
  }, async () => {
    const size = 8 * 1024 * 1024;
    const payload = "0123456789abcdef".repeat(size / 16);
    const body = encoder.encode(`: open\r\ndata: ${payload}\r\ndata: tail\r\n\r\n`);
    const { value: events, cpuMs } = await withCpuTime(() =>
      collect(bodyOf(chunked(body, 1024)).body),
    );

    expect(events).toHaveLength(1);
    expect(events[0]?.data === `${payload}\ntail`).toBe(true);
    // 8,192 chunks: re-reading the pending line per chunk would copy ~34 GB.
    expect(cpuMs).toBeLessThan(2000);
  });
});
