import { createParser, type EventSourceMessage } from "eventsource-parser";
import { readOrAbort } from "./read-or-abort";

/**
 * The SSE events of a response body, in batches: all the events completed by one network chunk
 * come out together, so a consumer pays one async step per chunk rather than one per event (a
 * stream of thousands of text deltas). eventsource-parser is linear in the length of a line (a
 * multi-megabyte `data:` line with an image costs one pass), and the TextDecoder runs in stream
 * mode so a UTF-8 character split across chunks stays whole.
 */
export async function* sseEventBatches(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<EventSourceMessage[]> {
  let queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await readOrAbort(reader, signal);
      parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        yield batch;
      }
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
): AsyncGenerator<EventSourceMessage> {
  for await (const batch of sseEventBatches(body, signal)) yield* batch;
}
