import type { IncomingMessage, ServerResponse } from "node:http";
import { gatewayErrorResponse } from "../internal/gateway-error-response";
import { allowedMethods, matchRoute } from "../internal/match-route";
import { requestIdOf } from "../internal/request-id-of";
import type { PictorHandler } from "../pictor-handler-options";
import { outgoingHeaders } from "./outgoing-headers";

/** A `node:http` request listener, for `http.createServer(listener)` or Express's `app.use(path, listener)`. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves a Web-standard handler on Node's `http` server: the request body streams in as it
 * arrives, the response streams out chunk by chunk (SSE included, with back-pressure), and a
 * client that disconnects aborts the request's signal and cancels the response body.
 * @example
 * createServer(toNodeListener(handler)).listen(3000);
 */
export function toNodeListener(handler: PictorHandler): NodeListener {
  return (request, response) => {
    void serve(handler, request, response);
  };
}

async function serve(
  handler: PictorHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const controller = new AbortController();
  // "close" before the response finished means the client went away.
  outgoing.once("close", () => {
    if (!outgoing.writableFinished) controller.abort(new Error("The client disconnected"));
  });
  // The answers the listener gives itself carry an id as the handler's do (the browser's plain
  // token, else a new one), so that a 500 in the browser can be found in this server's log.
  const sent = incoming.headers["x-request-id"];
  const requestId = () => requestIdOf(typeof sent === "string" ? sent : undefined);
  let request: Request;
  try {
    request = toRequest(incoming, controller.signal);
  } catch {
    // A method fetch cannot carry (TRACE): refused like any other, and not logged as our fault.
    incoming.resume();
    // RFC 9110 requires `Allow` on a 405, as the handler's own 405s have: the methods of the
    // route the path names (a route matches by the path's end, so the query is all to cut).
    const path = incoming.url?.split("?")[0] ?? "";
    const refused = gatewayErrorResponse(405, `Method Not Allowed: ${incoming.method}`, {
      headers: { "x-request-id": requestId(), allow: allowedMethods(matchRoute(path)) },
    });
    await writeResponse(refused, incoming, outgoing);
    return;
  }
  let response: Response;
  try {
    response = await handler(request);
  } catch (error) {
    const id = requestId();
    console.error(`[@pictor/server] the handler threw (x-request-id ${id}):`, error);
    response = internalError(id);
  }
  try {
    await writeResponse(response, incoming, outgoing);
  } catch (error) {
    // An answer Node cannot write (Response.error()'s status 0, or no Response at all from a
    // JavaScript wrapper): the browser would wait forever, and the rejection of this unawaited
    // call would end the process.
    const id = requestId();
    console.error(
      `[@pictor/server] the handler's answer could not be written (x-request-id ${id}):`,
      error,
    );
    if (outgoing.headersSent) outgoing.destroy();
    else await writeResponse(internalError(id), incoming, outgoing);
  }
}

/**
 * The 500 for a handler that failed. Not retryable, as the handler's own 500 for a bug: a throw
 * may have come after the gateway made (and billed) the image, and a bug answers a retry the same way.
 */
function internalError(requestId: string): Response {
  return gatewayErrorResponse(500, "Internal Server Error", {
    headers: { "x-request-id": requestId, "x-should-retry": "false" },
  });
}

function toRequest(incoming: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    // HTTP/2 pseudo-headers (":path") are not headers of a fetch Request.
    if (!name.startsWith(":")) headers.append(name, raw[i + 1] ?? "");
  }
  const method = incoming.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (hasBody(method) && (incoming.readableDidRead || incoming.readableEnded)) {
    // A body parser in front (express.json()) has read the body already: a stream of it would
    // wait for bytes that never come, until the client gave up. The handler gets a body marked
    // as read instead (consumed below), and says so after routing and `authorize`, as it does
    // behind Hono's c.req.json(): an anonymous POST to a wrong path is a 404, not a logged 500.
    init.body = "";
  } else if (hasBody(method)) {
    init.body = bodyOf(incoming);
    // Required by fetch for a streamed body: the request is sent while its body is still arriving.
    init.duplex = "half";
  }
  const request = new Request(urlOf(incoming), init);
  // Cancelling marks the body used (`bodyUsed`), synchronously, without reading anything.
  if (init.body === "") void request.body?.cancel();
  return request;
}

/** Whether a request of this method carries a body that fetch's `Request` can take. */
function hasBody(method: string | undefined): boolean {
  return method !== undefined && method !== "GET" && method !== "HEAD";
}

function urlOf(incoming: IncomingMessage): URL {
  const path = incoming.url ?? "/";
  const url = originOf(incoming.headers.host);
  // A path ("/…", as browsers send) is set as the path, not resolved as a relative URL: "//[/…"
  // would name a host, one that cannot be parsed, and the request was refused as a method
  // fetch cannot carry (405). Nor can the Host header change the path ("a/b", "a#").
  if (path.startsWith("/")) {
    const query = path.indexOf("?");
    url.pathname = query < 0 ? path : path.slice(0, query);
    url.search = query < 0 ? "" : path.slice(query);
    return url;
  }
  // An absolute URL (a proxy's request form) or "*"; one that cannot be parsed routes nowhere.
  try {
    return new URL(path, url);
  } catch {
    return url;
  }
}

/** The Host header is the client's word; the handler only routes on the path, so a bad one falls back. */
function originOf(host: string | undefined): URL {
  try {
    return new URL(`http://${host ?? "localhost"}`);
  } catch {
    return new URL("http://localhost");
  }
}

/** The request body as a Web stream that reads from the socket only as fast as it is consumed. */
function bodyOf(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  // Once cancelled or ended, later socket events must not touch the controller (close() would throw).
  let open = true;
  const stop = () => {
    open = false;
    incoming.off("data", onData);
  };
  let onData: (chunk: Buffer) => void = () => undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onData = (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        };
        incoming.on("data", onData);
        incoming.once("end", () => {
          if (open) controller.close();
          stop();
        });
        incoming.once("error", (error) => {
          if (open) controller.error(error);
          stop();
        });
        // A client that hangs up mid-body breaks the stream instead of truncating it silently.
        incoming.once("close", () => {
          if (open && !incoming.complete) controller.error(new Error("The request body broke off"));
          stop();
        });
      },
      pull() {
        incoming.resume();
      },
      cancel() {
        // The handler has what it needs (or refused the body): stop reading; the connection
        // is closed after the response (see writeResponse).
        stop();
        incoming.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

async function writeResponse(
  response: Response,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const headers = outgoingHeaders(response.headers);
  // An answer given before the body was read (404, 413, ...) leaves bytes on the connection
  // that no next request could be parsed after: close it.
  if (!incoming.complete) {
    outgoing.shouldKeepAlive = false;
    headers.connection = "close";
  }
  if (outgoing.destroyed) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  // A body longer than its Content-Length (one passed on from fetch keeps the gateway's, though it
  // was changed or decoded) would reach the browser cut short as if whole, the rest left on the
  // connection for its next answer: Node throws instead, and the response is broken off below.
  outgoing.strictContentLength = true;
  outgoing.writeHead(response.status, headers);
  if (!response.body) {
    outgoing.end();
    return;
  }
  // The status line and headers go out now: a long generation or a stream shows progress at once.
  outgoing.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  outgoing.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!outgoing.write(value)) await drained(outgoing);
      if (outgoing.destroyed) return;
    }
    outgoing.end();
  } catch (error) {
    // The body failed half-way: the client must see a broken response, not a complete one.
    if (
      error instanceof Error &&
      "code" in error &&
      error.code === "ERR_HTTP_CONTENT_LENGTH_MISMATCH"
    )
      console.error(
        "[@pictor/server] a body not of its Content-Length was broken off (one passed on from fetch keeps the gateway's, and its Content-Encoding, though decoded)",
      );
    outgoing.destroy();
  } finally {
    outgoing.off("close", cancel);
  }
}

function drained(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve();
    };
    outgoing.once("drain", done);
    outgoing.once("close", done);
  });
}
