import { createServer, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import { onTestFinished } from "vitest";

/** A local HTTP proxy and what it was asked to forward. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** `host:port` of each `CONNECT` (what undici's proxy agents send), in order. */
  targets: string[];
  /** The `Proxy-Authorization` header of each `CONNECT`, or null. */
  authorizations: (string | null)[];
}

/**
 * An HTTP proxy on a free port that tunnels each `CONNECT` to its target and notes it, as a
 * corporate proxy would (without `status`); with `status`, it answers each `CONNECT` with it
 * (407: credentials refused). Closed when the current test finishes.
 */
export async function startRecordingProxy(status?: number): Promise<RecordingProxy> {
  const targets: string[] = [];
  const authorizations: (string | null)[] = [];
  const tunnels = new Set<Socket>();
  const proxy = createServer((_request, response) => response.writeHead(405).end());
  proxy.on("connect", (request: IncomingMessage, client: Socket, head) => {
    tunnels.add(client);
    targets.push(request.url ?? "");
    authorizations.push(request.headers["proxy-authorization"] ?? null);
    client.on("error", () => client.destroy());
    if (status !== undefined) {
      client.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // `host:port`, an IPv6 host in brackets (`[::1]:4010`), which `connect` takes without them.
    const target = new URL(`http://${request.url ?? ""}`);
    const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
    const upstream = connect(Number(target.port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        // A tunnel is the server's no more: closing the server would wait for each to end.
        for (const tunnel of tunnels) tunnel.destroy();
        proxy.close(() => resolve());
      }),
  );
  const address = proxy.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy has no port");
  return { url: `http://127.0.0.1:${address.port}`, targets, authorizations };
}
