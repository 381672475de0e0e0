const encoder = new TextEncoder();

/** One SSE event as the gateway frames it: optional `event:` line, one `data:` line, blank line. */
export function sseEvent(data: unknown, event?: string): Uint8Array {
  const payload = typeof data === "string" ? data : JSON.stringify(data);
  return encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`);
}

/** What ends a stream: `[DONE]`, or an error that breaks the connection half-way. */
export type StreamEnd = { kind: "done" } | { kind: "break" };

/**
 * An SSE response fed by an async generator, pulled one event at a time so a slow reader
 * applies back-pressure, and stopped (the generator returned) when the client goes away.
 */
export function sseResponse(
  events: AsyncGenerator<Uint8Array, StreamEnd>,
  headers: HeadersInit = {},
): Response {
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (!next.done) {
        controller.enqueue(next.value);
        return;
      }
      if (next.value.kind === "break")
        controller.error(
          new TypeError("terminated: the mock gateway cut the stream (injected fault)"),
        );
      else controller.close();
    },
    async cancel() {
      await events.return({ kind: "done" });
    },
  });
  const responseHeaders = new Headers(headers);
  responseHeaders.set("content-type", "text/event-stream; charset=utf-8");
  responseHeaders.set("cache-control", "no-cache");
  return new Response(stream, { status: 200, headers: responseHeaders });
}
