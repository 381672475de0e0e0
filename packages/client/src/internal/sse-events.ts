import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * The SSE events of a response body, one at a time. eventsource-parser is linear in the
 * length of a line (a multi-megabyte `data:` line with an image costs one pass), and the
 * TextDecoder runs in stream mode so a UTF-8 character split across chunks stays whole.
 */
export async function* sseEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      while (queue.length > 0) {
        const event = queue.shift();
        if (event) yield event;
      }
      if (done) return;
    }
  } finally {
    // Stopping early (break, abort, error) must close the connection, not leave it open.
    await reader.cancel().catch(() => undefined);
  }
}
