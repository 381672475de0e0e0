import type { MockGateway } from "@pictor/mock";

/** A promise with its resolver, to wait for an event without sleeping. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

/** A new deferred promise. */
export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The mock gateway with its SSE bodies held after the first chunk until `open` is called. */
export interface GatedGateway {
  fetch(request: Request): Promise<Response>;
  /** Lets the rest of every held body through. */
  open(): void;
  /** Resolves when a body was cancelled by its reader (the handler, on a browser disconnect). */
  cancelled: Promise<unknown>;
  /** Whether a body has been read to its end. */
  readonly finished: boolean;
}

/**
 * Wraps the mock gateway (which still validates and answers every request) so a test controls
 * when its stream goes on after the first chunk: reading that chunk in the browser while the
 * gateway's body cannot have ended proves nothing in between buffers it.
 */
export function gateGateway(gateway: MockGateway): GatedGateway {
  const gate = deferred();
  const cancel = deferred<unknown>();
  let finished = false;
  return {
    async fetch(request) {
      const response = await gateway.fetch(request);
      // Only streams are held: an error or JSON body is read whole by design.
      if (!response.body || !response.headers.get("content-type")?.includes("text/event-stream"))
        return response;
      const reader = response.body.getReader();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (sent > 0) await gate.promise;
            const next = await reader.read();
            if (next.done) {
              finished = true;
              controller.close();
              return;
            }
            sent++;
            controller.enqueue(next.value);
          },
          cancel(reason) {
            cancel.resolve(reason);
            return reader.cancel(reason);
          },
        },
        // Nothing is read ahead of what the connection asks for.
        { highWaterMark: 0 },
      );
      return new Response(body, { status: response.status, headers: response.headers });
    },
    open: () => gate.resolve(),
    cancelled: cancel.promise,
    get finished() {
      return finished;
    },
  };
}
