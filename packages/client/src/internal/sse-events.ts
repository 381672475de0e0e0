import { concatBytes } from "@pictor/contract";
import type { GuardingTimeout } from "./attempt-timeout";
import { readOrAbort } from "./read-or-abort";

/** One server-sent event: its `event:` name (none for a plain message), `data:` lines and `id:`. */
export interface SseEvent {
  event: string | undefined;
  data: string;
  id: string | undefined;
}

/**
 * The SSE events of a response body, in batches: all the events completed by one network chunk
 * come out together, so a consumer pays one async step per chunk rather than one per event (a
 * stream of thousands of text deltas). Each chunk is decoded once (see {@link Utf8Chunks}) and
 * scanned once for line ends (see {@link SseParser}), so a multi-megabyte `data:` line with an
 * image costs one pass and one join, however many chunks it spans. `onText` sees the text as
 * it is decoded.
 */
export async function* sseEventBatches(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  timeout?: GuardingTimeout,
  onText?: (text: string) => void,
): AsyncGenerator<SseEvent[]> {
  const parser = new SseParser();
  const decoder = new Utf8Chunks();
  const reader = body.getReader();
  try {
    for (;;) {
      // Only the wait for data is timed, never the consumer's time with a batch (see `hold`).
      timeout?.hold(false);
      const { done, value } = await readOrAbort(reader.read(), signal, timeout);
      timeout?.hold(true);
      const text = done ? decoder.end() : decoder.decode(value);
      onText?.(text);
      parser.feed(text);
      if (done) parser.end();
      const batch = parser.take();
      if (batch.length > 0) yield batch;
      if (done) return;
    }
  } finally {
    // Stopping early (break, abort, error) must close the connection, not leave it open. Not
    // awaited: a body with an unread clone (msw) never settles its cancel.
    reader.cancel().catch(() => undefined);
  }
}

/** The SSE events of a response body, one at a time (see {@link sseEventBatches}). */
export async function* sseEvents(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent> {
  for await (const batch of sseEventBatches(body, signal)) yield* batch;
}

/**
 * UTF-8 text of a byte stream, chunk by chunk. Each chunk goes through `TextDecoder` *without*
 * `{ stream: true }` (Node's fast path, ~3× faster than stream mode on an 11 MB body, and stream
 * mode turns the fast path off for good), so the bytes of a character split across two chunks
 * are carried over here instead. `ignoreBOM`: every `decode()` call is a fresh start, which must
 * not strip a U+FEFF that begins a later chunk; the parser drops the one at the very start.
 */
export class Utf8Chunks {
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /** The first bytes of a character whose remaining bytes have not arrived yet. */
  #carry: Uint8Array | undefined;

  /** The text of `chunk`, less the bytes of a character it leaves incomplete. */
  decode(chunk: Uint8Array): string {
    let head = "";
    let bytes = chunk;
    const carry = this.#carry;
    if (carry) {
      const missing = sequenceLength(carry[0] ?? 0) - carry.length;
      let taken = 0;
      while (taken < missing && taken < bytes.length && ((bytes[taken] ?? 0) & 0xc0) === 0x80)
        taken++;
      if (taken < missing && taken === bytes.length) {
        this.#carry = concatBytes([carry, bytes]); // still incomplete (tiny chunks)
        return "";
      }
      // Complete, or cut short by a byte that cannot continue it (decoded as U+FFFD).
      this.#carry = undefined;
      head = this.#decoder.decode(concatBytes([carry, bytes.subarray(0, taken)]));
      bytes = bytes.subarray(taken);
    }
    const cut = incompleteTail(bytes);
    if (cut < bytes.length) {
      this.#carry = bytes.slice(cut);
      bytes = bytes.subarray(0, cut);
    }
    const text = this.#decoder.decode(bytes);
    return head === "" ? text : head + text;
  }

  /** The end of the stream: an incomplete character left over becomes U+FFFD. */
  end(): string {
    const carry = this.#carry;
    this.#carry = undefined;
    return carry ? this.#decoder.decode(carry) : "";
  }
}

/** How many bytes the UTF-8 sequence that starts with `lead` has (4 for an invalid lead: decoded as U+FFFD anyway). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

/** Where a character cut off at the end of `bytes` starts, or `bytes.length` when the last one is whole. */
function incompleteTail(bytes: Uint8Array): number {
  const length = bytes.length;
  // A character has at most 4 bytes: its lead byte is among the last 3 if it is cut off.
  for (let i = length - 1; i >= 0 && i >= length - 3; i--) {
    const byte = bytes[i] ?? 0;
    if (byte < 0x80) return length;
    if (byte >= 0xc0) return length - i < sequenceLength(byte) ? i : length;
  }
  return length;
}

/** A `data: [DONE]` line (stray spaces allowed, as the stream reader allows them). */
const DONE_LINE = /^data:\s*\[DONE\]\s*$/;
const LF = 10;
const SPACE = 32;
const COLON = 58;
const D = 100;

/**
 * An SSE parser (the WHATWG event-stream format) for decoded text fed in arbitrary pieces. Each
 * piece is scanned with native `indexOf` (for `\r`, then for `\n`; `\r` is tracked line by line
 * only in a piece that has one), and the start of a line not yet ended is kept as a list of
 * pieces, joined once when its end arrives: a multi-megabyte line costs one scan and one copy, not
 * one per chunk (eventsource-parser did the same, but through a stream-mode TextDecoder). Lines end with
 * `\n`, `\r\n` or `\r` (even split across pieces); comments and `retry:` are skipped (nothing here
 * reconnects), and several `data:` lines of an event are joined with `\n`.
 */
export class SseParser {
  #events: SseEvent[] = [];
  /** Pieces of the line not yet ended. */
  readonly #pending: string[] = [];
  /** The last piece ended with `\r`: a `\n` that starts the next one belongs to it. */
  #afterCR = false;
  #first = true;
  #data = "";
  #dataLines = 0;
  #event: string | undefined;
  #id: string | undefined;

  /** Parses the next piece of text. */
  feed(text: string): void {
    let start = 0;
    if (this.#first && text.length > 0) {
      this.#first = false;
      if (text.charCodeAt(0) === 0xfeff) start = 1; // a BOM at the very start is not content
    }
    if (this.#afterCR && start < text.length) {
      this.#afterCR = false;
      if (text.charCodeAt(start) === LF) start++;
    }
    if (text.indexOf("\r", start) === -1) {
      for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
        this.#endLine(text, start, end);
        start = end + 1;
      }
    } else {
      let lf = text.indexOf("\n", start);
      let cr = text.indexOf("\r", start);
      while (lf !== -1 || cr !== -1) {
        const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
        this.#endLine(text, start, end);
        start = end + 1;
        if (end === cr) {
          if (start === text.length) this.#afterCR = true;
          else if (text.charCodeAt(start) === LF) start++;
          cr = text.indexOf("\r", start);
        }
        if (lf !== -1 && lf < start) lf = text.indexOf("\n", start);
      }
    }
    if (start < text.length) this.#pending.push(start === 0 ? text : text.slice(start));
  }

  /**
   * The end of the input. The event under way is complete if all its lines ended (a server that
   * closes after `data: [DONE]\n`, without the blank line): its data arrived whole. A line cut
   * off mid-way is not, unless it is `data: [DONE]` (a server that ends with no line end at
   * all); otherwise the event is dropped, as the format says, and the reader sees a cut stream.
   */
  end(): void {
    const pending = this.#pending.join("");
    this.#pending.length = 0;
    if (pending !== "") {
      if (!DONE_LINE.test(pending)) {
        this.#dataLines = 0;
        return;
      }
      this.#line(pending, 0, pending.length);
    }
    this.#dispatch();
  }

  /** The events completed since the last call. */
  take(): SseEvent[] {
    const events = this.#events;
    if (events.length > 0) this.#events = [];
    return events;
  }

  /** A line ends at `end` in `text`: with the pieces before it, it is `text[start, end)`. */
  #endLine(text: string, start: number, end: number): void {
    const pending = this.#pending;
    if (pending.length === 0) {
      this.#line(text, start, end);
      return;
    }
    pending.push(text.slice(start, end));
    const line = pending.join("");
    pending.length = 0;
    this.#line(line, 0, line.length);
  }

  /** One whole line, `text[start, end)`. */
  #line(text: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === COLON) return; // a comment
    if (first === D && text.startsWith("data:", start)) {
      const from = start + (text.charCodeAt(start + 5) === SPACE ? 6 : 5);
      const value = from >= end ? "" : text.slice(from, end);
      this.#data = this.#dataLines === 0 ? value : `${this.#data}\n${value}`;
      this.#dataLines++;
      return;
    }
    // Any other field: sliced first, so looking for its colon never runs past the line.
    const line = text.slice(start, end);
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value =
      colon === -1 ? "" : line.slice(colon + (line.charCodeAt(colon + 1) === SPACE ? 2 : 1));
    switch (field) {
      case "data": // "data" alone: an empty data line
        this.#data = this.#dataLines === 0 ? value : `${this.#data}\n${value}`;
        this.#dataLines++;
        break;
      case "event":
        this.#event = value === "" ? undefined : value;
        break;
      case "id":
        if (!value.includes("\0")) this.#id = value;
        break;
      default: // retry, and fields the format does not define: ignored
    }
  }

  /** An empty line: the event so far is complete (if it has data, as the format says). */
  #dispatch(): void {
    if (this.#dataLines > 0)
      this.#events.push({ event: this.#event, data: this.#data, id: this.#id });
    this.#data = "";
    this.#dataLines = 0;
    this.#event = undefined;
    this.#id = undefined; // each event reports the id it carried (as eventsource-parser did)
  }
}
