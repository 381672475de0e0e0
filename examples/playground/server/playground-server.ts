import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createPictor } from "@pictor/ai-sdk";
import { createMockGateway, type MockGateway } from "@pictor/mock";
import { createPictorHandler } from "@pictor/server";
import { toNodeListener } from "@pictor/server/node";
import { editModels } from "../src/model-catalog";
import { playgroundRoot, viteConfigFile } from "./build-page";
import { createChatRoute } from "./chat-route";
import { errorResponse } from "./json-response";
import { createMockFaultRoute } from "./mock-fault-route";
import { playgroundPolicy } from "./playground-policy";
import { serveStatic } from "./static-files";

export interface PlaygroundServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 127.0.0.1: the fault endpoint and the open policy are for this machine only. */
  host?: string;
  /** The built page (a Vite `outDir`), or `"vite"` for Vite's dev server with hot reload. */
  page: { dir: string } | "vite";
  /** Milliseconds the local gateway takes per image request, to watch the progress (default 0). */
  latencyMs?: number;
}

export interface PlaygroundServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The local gateway, in process: tests read its `calls` and `reset()` it. */
  gateway: MockGateway;
  close(): Promise<void>;
}

/** The mock answers only under /v1; the host is never resolved (requests go to its fetch). */
const gatewayBaseURL = "http://local-gateway.invalid/v1";

/**
 * One Node server for the playground: the page, `/api/pictor` (`@pictor/server` in front of the
 * local gateway), `/api/chat` (`streamText` with `@pictor/ai-sdk`), and `/__mock/faults`.
 */
export async function startPlaygroundServer(
  options: PlaygroundServerOptions,
): Promise<PlaygroundServer> {
  // A key made up per process: the route needs one to send, and the local gateway accepts only
  // it. It never leaves the server, like a real key.
  const apiKey = randomUUID();
  const gateway = createMockGateway({ apiKeys: [apiKey], latencyMs: options.latencyMs ?? 0 });
  // In process: no second port, and a cancelled request reaches the gateway through its signal.
  const gatewayFetch: typeof fetch = (input, init) => gateway.fetch(new Request(input, init));

  const pictorRoute = createPictorHandler({
    apiKey,
    baseURL: gatewayBaseURL,
    fetch: gatewayFetch,
    policy: playgroundPolicy(),
  });
  const chatRoute = createChatRoute({
    provider: createPictor({ apiKey, baseURL: gatewayBaseURL, fetch: gatewayFetch }),
    allowedModels: editModels.map((model) => model.id),
    maxBodyBytes: 28 * 1024 * 1024,
  });
  const faultRoute = createMockFaultRoute(gateway);
  const api = toNodeListener(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/api/pictor/")) return pictorRoute(request);
    if (pathname === "/api/chat") return chatRoute(request);
    if (pathname === "/__mock/faults") return faultRoute(request);
    return errorResponse(404, `Not found: ${pathname}`, "not_found");
  });

  let page: (request: IncomingMessage, response: ServerResponse) => void;
  let closeVite = async () => {};
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    if (path.startsWith("/api/") || path.startsWith("/__mock/")) api(request, response);
    else page(request, response);
  });

  if (options.page === "vite") {
    const { createServer: createViteServer } = await import("vite");
    const vite = await createViteServer({
      root: playgroundRoot,
      configFile: viteConfigFile,
      appType: "spa",
      // Hot reload over this server's port rather than a second one.
      server: { middlewareMode: true, hmr: { server } },
    });
    page = (request, response) => vite.middlewares(request, response);
    closeVite = () => vite.close();
  } else {
    page = serveStatic(options.page.dir);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address();
  if (bound === null || typeof bound === "string") throw new Error("the server is not on TCP");
  const host = bound.address.includes(":") ? `[${bound.address}]` : bound.address;

  return {
    url: `http://${host}:${bound.port}`,
    gateway,
    async close() {
      await closeVite();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
