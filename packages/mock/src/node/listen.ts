import { ServerResponse } from "node:http";
import { isIPv6, type Socket } from "node:net";
import type { ServerRequest } from "srvx";
import { FastResponse, serve } from "srvx/node";
import { MockConnectionReset } from "../gateway/connection-reset";
import { gatewayError } from "../gateway/gateway-error";
import type { MockGateway } from "../index";

/** What the HTTP adapter serves: anything with a Web-standard `fetch`, such as the mock gateway. */
export interface FetchHandler {
  /** Answers one request; rejects with `MockConnectionReset` to drop the connection. */
  fetch(request: Request): Promise<Response>;
}

/** Where and what `listen()` serves. */
export interface ListenOptions<G extends FetchHandler = FetchHandler> {
  /** TCP port; `0` picks a free one. Default 4010. */
  port?: number;
  /**
   * Interface to bind. Default `127.0.0.1`, so the mock is never exposed to the network by
   * accident. An IPv6 address may come as URLs write it, in brackets (`[::1]`).
   */
  host?: string;
  /** The handler to serve. Default: a new `createMockGateway()`. */
  gateway?: G;
}

/** A running mock gateway on node:http. */
export interface MockServer<G extends FetchHandler = FetchHandler> {
  /** The gateway's base URL including `/v1`, e.g. `http://127.0.0.1:4010/v1`. */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** The interface bound, as given in the options (an IPv6 address without brackets). */
  host: string;
  /** The handler being served (to script faults and read calls when it is the mock gateway). */
  gateway: G;
  /** Stops accepting, drops every open connection (including running streams) and resolves once closed. */
  close(): Promise<void>;
}

/** The port the bin and `listen()` use unless told otherwise. */
export const DEFAULT_PORT = 4010;
/** Loopback only by default. */
export const DEFAULT_HOST = "127.0.0.1";

/**
 * Serves a new mock gateway on node:http through srvx and resolves once it listens; rejects
 * with the listen error (e.g. `EADDRINUSE`) otherwise.
 * @example
 * const server = await listen({ port: 0 });
 * server.gateway.faults.enqueue({ type: "rate_limit" });
 * // ... point a client at server.url ...
 * await server.close();
 */
export function listen(
  options?: Omit<ListenOptions, "gateway"> & { gateway?: undefined },
): Promise<MockServer<MockGateway>>;
/** Serves the given handler on node:http through srvx, as above. */
export function listen<G extends FetchHandler>(
  options: ListenOptions<G> & { gateway: G },
): Promise<MockServer<G>>;
export async function listen(options: ListenOptions = {}): Promise<MockServer> {
  const port = options.port ?? DEFAULT_PORT;
  const host = withoutBrackets(options.host ?? DEFAULT_HOST);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer between 0 and 65535, got ${port}`);
  }
  // Imported lazily so a custom handler (tests, benchmarks) never loads the gateway core.
  const gateway = options.gateway ?? (await import("../index")).createMockGateway();

  const server = serve({
    fetch: (request) => answer(gateway, request),
    port,
    hostname: host,
    // We await `serve()` ourselves so listen errors reject here instead of being logged by srvx.
    manual: true,
    silent: true,
    // srvx would otherwise install process-wide SIGINT/SIGTERM handlers: a library must not.
    gracefulShutdown: false,
  });
  await server.serve();

  const address = server.node?.server?.address();
  if (!address || typeof address === "string") {
    await server.close(true);
    throw new Error(`pictor-mock: unexpected server address ${String(address)}`);
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${address.port}/v1`,
    port: address.port,
    host,
    gateway,
    // `true` destroys open connections: SSE streams would otherwise keep `close()` waiting forever.
    close: () => {
      closing ??= server.close(true);
      return closing;
    },
  };
}

/** Runs the gateway for one request and turns its failures into what a real server would do. */
async function answer(gateway: FetchHandler, request: ServerRequest): Promise<Response> {
  // Always HTTP/1.1 here: srvx only serves HTTP/2 with TLS, which listen() never configures.
  const node = request.runtime?.node;
  const nodeResponse = node?.res instanceof ServerResponse ? node.res : undefined;
  // A body shorter or longer than its declared Content-Length must break the connection,
  // as on a real server, instead of leaving the client waiting for bytes that never come.
  if (nodeResponse) nodeResponse.strictContentLength = true;

  const origin = request.headers.get("origin");
  // A browser app on another origin (a dev server on :5173) asks first; the gateway allows any.
  if (
    origin &&
    request.method === "OPTIONS" &&
    request.headers.has("access-control-request-method")
  )
    return new FastResponse(null, { status: 204, headers: corsHeaders(request) });

  let response: Response;
  try {
    response = await gateway.fetch(request);
  } catch (error) {
    const socket = node?.req.socket;
    if (MockConnectionReset.isInstance(error) && socket) {
      resetConnection(socket);
      // Nothing reaches the client: srvx's writes to a destroyed socket are no-ops.
      return new FastResponse(null);
    }
    // A client that went away makes the gateway abort; that is not a gateway bug.
    if (!request.signal.aborted) logGatewayBug(request, error);
    return gatewayError(500, "Internal Server Error");
  }
  // The gateway answered without reading the whole body (413, 415, a client that hung up): the
  // connection cannot carry another request, so close it after this answer. Fetch's Response
  // drops a `Connection` header, so it is set on Node's response.
  if (nodeResponse && (response.headers.get("connection") === "close" || !bodyFullyRead(request))) {
    nodeResponse.shouldKeepAlive = false;
    nodeResponse.setHeader("connection", "close");
  }
  if (origin) response = withCors(response);
  return response.body ? withBrokenConnectionOnError(response, nodeResponse) : response;
}

/** Headers that let a page on another origin call the mock and read its answers. */
function corsHeaders(request: Request): Headers {
  return new Headers({
    // Any origin but no credentials (cookies): the key travels in a header, as to the gateway.
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers":
      request.headers.get("access-control-request-headers") ?? "authorization, content-type",
    "access-control-max-age": "600",
  });
}

/** The response with CORS headers, exposing what clients read (request id, retry and rate-limit headers). */
function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", "*");
  headers.set(
    "access-control-expose-headers",
    "x-request-id, retry-after, retry-after-ms, ratelimit-policy, ratelimit, ratelimit-limit, ratelimit-remaining, ratelimit-reset, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset",
  );
  return new FastResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Whether the request body was read to its end (or there was none). */
function bodyFullyRead(request: ServerRequest): boolean {
  const incoming = request.runtime?.node?.req;
  return !incoming || incoming.complete;
}

/** Drops the TCP connection with a RST (the client sees ECONNRESET), without any HTTP response. */
function resetConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    // resetAndDestroy only works on plain TCP handles; a plain destroy still drops the connection.
    socket.destroy();
  }
}

function logGatewayBug(request: Request, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const path = new URL(request.url).pathname;
  process.stderr.write(
    `pictor-mock: gateway failed on ${request.method} ${path}, answered 500: ${detail.replace(/\s*\n\s*/g, " ")}\n`,
  );
}

/**
 * srvx destroys the socket when the body stream errors with a truthy reason, but with a falsy
 * one (`controller.error()`) it neither ends nor destroys the response and the client hangs.
 * This pass-through turns every stream error into an `Error`, after the headers and the bytes
 * already written have been sent, so the client sees the response start, then a broken
 * connection. It pulls one chunk per read of srvx (high-water mark 0), so chunks are neither
 * buffered nor read ahead, and cancellation (client gone, `close()`) reaches the gateway's
 * stream at once.
 */
function withBrokenConnectionOnError(
  response: Response,
  nodeResponse: ServerResponse | undefined,
): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      // Promise chains rather than async/await: this runs for every chunk of every response.
      pull: (controller) =>
        reader.read().then(
          (chunk) => {
            if (chunk.done) controller.close();
            else controller.enqueue(chunk.value);
          },
          (reason: unknown) => breakAfterFlush(controller, reason, nodeResponse),
        ),
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new FastResponse(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * A body that fails has begun, so the client must get the status line and headers first, as
 * from a real server (and as through msw): without this, a stream that fails before its first
 * chunk would look like a connection reset. srvx also destroys the socket in the same tick as
 * its last write, which Node still holds corked; one macrotask lets those bytes leave first.
 */
function breakAfterFlush(
  controller: ReadableStreamDefaultController<Uint8Array>,
  reason: unknown,
  nodeResponse: ServerResponse | undefined,
): Promise<void> {
  nodeResponse?.flushHeaders();
  return new Promise((resolve) => setImmediate(resolve)).then(() =>
    controller.error(
      reason instanceof Error
        ? reason
        : new Error("pictor-mock: response body stream failed", { cause: reason }),
    ),
  );
}

/**
 * An IPv6 address as URLs write it (`[::1]`, the form a user copies from one) is bound without
 * its brackets, which are no part of the address (Node's listen takes "[::1]" for a host name and
 * fails with ENOTFOUND). Anything else stays as given, and listen judges it.
 */
function withoutBrackets(host: string): string {
  const inside = /^\[(.*)\]$/.exec(host)?.[1];
  return inside !== undefined && isIPv6(inside) ? inside : host;
}

function urlHost(host: string): string {
  // Bound to every interface: loopback is the address a local client can always reach.
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
