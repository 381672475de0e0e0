/**
 * Serves the playground locally, with no key: the page, `@pictor/server` in front of the local
 * gateway (`@pictor/mock`, in process), and the chat route. From the repository root:
 *
 *   node --conditions=@pictor/source --import tsx examples/playground/server/main.ts
 *
 * builds the page and serves it. Options: `--port 5173`, `--host 127.0.0.1`, `--latency <ms>`
 * (how long each image takes, to watch progress and cancel), `--dev` (Vite with hot reload
 * instead of a build), `--skip-build` (serve the last build).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildPage, playgroundRoot } from "./build-page";
import { startPlaygroundServer } from "./playground-server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "5173" },
    host: { type: "string", default: "127.0.0.1" },
    latency: { type: "string", default: "0" },
    dev: { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
  },
});

const port = Number(values.port);
const latencyMs = Number(values.latency);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port ${values.port} is not a port`);
if (!Number.isFinite(latencyMs) || latencyMs < 0)
  throw new Error(`--latency ${values.latency} is not a number of milliseconds`);

const outDir = join(playgroundRoot, "dist");
if (!values.dev && !values["skip-build"]) {
  console.log("Building the page…");
  await buildPage(outDir);
}
const server = await startPlaygroundServer({
  port,
  host: values.host,
  latencyMs,
  page: values.dev ? "vite" : { dir: outDir },
});
console.log(`Pictor playground: ${server.url}  (local gateway, no key; Ctrl+C stops it)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().finally(() => process.exit(0));
  });
}
