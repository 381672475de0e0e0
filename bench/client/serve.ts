/**
 * The HTTP side of the client benchmarks, run as a child process of run.ts so the measured
 * process does only client work: `listen()` from @pictor/mock/node with a handler that answers
 * every request with a body built once at start-up (no gateway logic, no PNG encoding).
 *
 *   POST /v1/images/generations → one image of --image-mib MiB as b64_json (with Content-Length)
 *   POST /v1/chat/completions   → SSE: --deltas text chunks, one image chunk, usage, [DONE]
 *
 * Sends `{ url }` to the parent over IPC once it listens; exits when the parent disconnects.
 */

import { parseArgs } from "node:util";
import { listen } from "../../packages/mock/src/node/index";
import { largeImagesBody, sseBody } from "./fixtures";

const { values } = parseArgs({
  options: {
    "image-mib": { type: "string", default: "12" },
    deltas: { type: "string", default: "2000" },
    "sse-image-mb": { type: "string", default: "8" },
  },
});

const imageBody = largeImagesBody(Math.round(Number(values["image-mib"]) * 1024 * 1024));
const chatBody = sseBody(Number(values.deltas), Math.round(Number(values["sse-image-mb"]) * 1e6));

const server = await listen({
  port: 0,
  gateway: {
    async fetch(request: Request): Promise<Response> {
      // Read the request like a real server before answering.
      await request.arrayBuffer();
      const path = new URL(request.url).pathname;
      if (path === "/v1/images/generations")
        return new Response(imageBody, {
          headers: {
            "content-type": "application/json",
            "content-length": String(imageBody.length),
            "x-request-id": "req_bench",
          },
        });
      if (path === "/v1/chat/completions")
        return new Response(chatBody, {
          headers: {
            "content-type": "text/event-stream",
            "cache-control": "no-cache",
            "x-request-id": "req_bench",
          },
        });
      return new Response("not found", { status: 404 });
    },
  },
});

process.send?.({
  url: server.url,
  imageBodyBytes: imageBody.length,
  chatBodyBytes: chatBody.length,
});
process.on("disconnect", () => {
  void server.close().then(() => process.exit(0));
});
