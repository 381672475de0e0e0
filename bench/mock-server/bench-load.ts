/**
 * Load benchmark for @pictor/mock's HTTP adapter (`listen()` in packages/mock/src/node): requests/s,
 * server CPU per request and latency at 200 concurrent keep-alive connections on 127.0.0.1,
 * against a trivial node:http server answering the same bytes, in the same run.
 *
 *   pnpm exec tsx bench/mock-server/bench-load.ts
 *     [--concurrency 200] [--requests 4000] [--rounds 5] [--image-requests 400] [--timeout-s 180]
 *
 * The servers run in this process, the load generator in a forked child (this same file with
 * `--client`), so client and server do not share an event loop. Not shipped: it may use Node
 * built-ins. Exits 1 on any failed request or after a hard timeout.
 */

import { type ChildProcess, fork, spawn } from "node:child_process";
import { Agent, createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type FetchHandler, listen } from "../../packages/mock/src/node/index";

/** One load run, sent to the client process. */
interface LoadJob {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body: string | undefined;
  concurrency: number;
  total: number;
}

/** What the client process measured for one job. */
interface LoadResult {
  durationMs: number;
  latenciesMs: number[];
  errors: number;
  firstError: string | undefined;
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// Client process: runs jobs with node:http keep-alive agents (lighter than fetch, so the
// client saturates the server rather than itself).

async function runJob(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let bytes = 0;
  let started = 0;

  const once = () =>
    new Promise<void>((resolve) => {
      const begin = performance.now();
      const fail = (message: string) => {
        errors += 1;
        firstError ??= message;
        resolve();
      };
      const req = httpRequest(
        job.url,
        { method: job.method, headers: job.headers, agent },
        (res) => {
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.byteLength;
          });
          res.on("error", (error) => fail(error.message));
          res.on("end", () => {
            if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
            latenciesMs.push(performance.now() - begin);
            resolve();
          });
        },
      );
      req.on("error", (error) => fail(error.message));
      req.end(job.body);
    });

  const lane = async () => {
    while (started < job.total) {
      started += 1;
      await once();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const durationMs = performance.now() - begin;
  agent.destroy();
  return { durationMs, latenciesMs, errors, firstError, bytes };
}

function clientMain(): void {
  // The parent going away (timeout, crash) ends the client too.
  process.on("disconnect", () => process.exit(0));
  process.on("message", (job: LoadJob) => {
    void runJob(job).then((result) => process.send?.(result));
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: servers, cases, table.

const SMALL_JSON = new TextEncoder().encode(
  JSON.stringify({ object: "list", data: [{ id: "bench", object: "model", created: 0 }] }),
);
const JSON_HEADERS = { "content-type": "application/json" };
/** The main figure: the adapter with a handler that costs nothing. */
const ADAPTER_CASE = "listen() + fake handler, small JSON";
/** At most this many times node:http's server CPU per request for the main figure. */
const TARGET_CPU_RATIO = 3;

/** A fake gateway: the adapter's cost alone, with the bytes the baseline sends. */
const smallJsonHandler: FetchHandler = {
  fetch: async () => new Response(SMALL_JSON, { headers: JSON_HEADERS }),
};

interface Case {
  name: string;
  requests: number;
  start(): Promise<{ url: string; close(): Promise<void> }>;
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Row {
  name: string;
  rps: number;
  cpuUsPerRequest: number;
  p50: number;
  p95: number;
  errors: number;
  bytesPerResponse: number;
  firstError: string | undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function startBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, JSON_HEADERS);
    res.end(SMALL_JSON);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/v1`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The slice of srvx's node adapter this benchmark uses, typed here (srvx is not a root dependency). */
interface SrvxNode {
  serve(options: {
    fetch: (request: Request) => Response | Promise<Response>;
    port: number;
    hostname: string;
    manual: boolean;
    silent: boolean;
    gracefulShutdown: boolean;
  }): { serve(): Promise<unknown>; readonly url?: string; close(all?: boolean): Promise<void> };
}

/** srvx's `serve()` with the same handler and no adapter: what our adapter adds on top of srvx. */
async function startBareSrvx(): Promise<{ url: string; close(): Promise<void> }> {
  const srvxPath = createRequire(MOCK_PACKAGE).resolve("srvx/node");
  const srvx: SrvxNode = await import(pathToFileURL(srvxPath).href);
  const server = srvx.serve({
    fetch: (request) => smallJsonHandler.fetch(request),
    port: 0,
    hostname: "127.0.0.1",
    manual: true,
    silent: true,
    gracefulShutdown: false,
  });
  await server.serve();
  return { url: `${server.url ?? ""}v1`, close: () => server.close(true) };
}

async function parentMain(): Promise<void> {
  // After the source check: the gateway imports workspace packages.
  const { createMockGateway } = await import("../../packages/mock/src/index");
  const { values } = parseArgs({
    options: {
      concurrency: { type: "string", default: "200" },
      requests: { type: "string", default: "4000" },
      rounds: { type: "string", default: "5" },
      "image-requests": { type: "string", default: "400" },
      "timeout-s": { type: "string", default: "180" },
    },
  });
  const concurrency = Number(values.concurrency);
  const requests = Number(values.requests);
  const rounds = Math.max(1, Number(values.rounds));
  const imageRequests = Number(values["image-requests"]);

  const client: ChildProcess = fork(fileURLToPath(import.meta.url), ["--client"], {
    stdio: "inherit",
  });
  // Bounded: whatever hangs, the run ends.
  const hardTimeout = setTimeout(() => {
    process.stderr.write(`bench-load: hard timeout after ${values["timeout-s"]} s\n`);
    client.kill("SIGKILL");
    process.exit(1);
  }, Number(values["timeout-s"]) * 1000);
  hardTimeout.unref();

  let pending: { resolve(result: LoadResult): void; reject(error: Error): void } | undefined;
  client.on("message", (result: LoadResult) => pending?.resolve(result));
  client.on("exit", (code) => pending?.reject(new Error(`load client exited with ${code}`)));
  /** Runs one job; also measures this process's CPU time meanwhile, i.e. the server's cost. */
  const run = (job: LoadJob) =>
    new Promise<LoadResult & { serverCpuUs: number }>((resolve, reject) => {
      const cpuBefore = process.cpuUsage();
      pending = {
        resolve: (result) => {
          const cpu = process.cpuUsage(cpuBefore);
          resolve({ ...result, serverCpuUs: cpu.user + cpu.system });
        },
        reject,
      };
      client.send(job);
    });

  // The real gateway with a rate limit the run cannot reach (the default is 10,000 per minute).
  const realGateway = () =>
    listen({
      port: 0,
      gateway: createMockGateway({ rateLimit: { limit: 1e9, windowSeconds: 60 } }),
    });
  const cases: Case[] = [
    { name: "node:http baseline, small JSON", requests, start: startBaseline, path: "/models" },
    { name: "srvx serve() alone, small JSON", requests, start: startBareSrvx, path: "/models" },
    {
      name: ADAPTER_CASE,
      requests,
      start: () => listen({ port: 0, gateway: smallJsonHandler }),
      path: "/models",
    },
    {
      name: "listen() + mock gateway, GET /v1/models",
      requests,
      start: realGateway,
      path: "/models",
    },
    {
      // No catalog model makes 256×256 (seedream-4-5's floor is 3.7 MP, ~95 ms a PNG):
      // qwen-image-3.0 at 512×512 is the smallest valid image.
      name: "listen() + mock gateway, POST /v1/images/generations 512²",
      requests: imageRequests,
      start: realGateway,
      method: "POST",
      path: "/images/generations",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({ model: "alibaba/qwen-image-3.0", prompt: "bench", size: "512x512" }),
    },
  ];

  const rows: Row[] = [];
  for (const benchCase of cases) {
    const server = await benchCase.start();
    const job = (total: number): LoadJob => ({
      url: `${server.url}${benchCase.path}`,
      method: benchCase.method ?? "GET",
      headers: benchCase.headers ?? {},
      body: benchCase.body,
      concurrency,
      total,
    });
    try {
      // Warm-up (JIT, connections), counted for errors but not timed.
      const warm = await run(job(Math.min(benchCase.requests, concurrency * 2)));
      const results: (LoadResult & { serverCpuUs: number })[] = [];
      for (let round = 0; round < rounds; round++) results.push(await run(job(benchCase.requests)));
      const latencies = results.flatMap((result) => result.latenciesMs).sort((a, b) => a - b);
      const ok = results.reduce((sum, result) => sum + result.latenciesMs.length, 0);
      rows.push({
        name: benchCase.name,
        rps: median(results.map((result) => (benchCase.requests / result.durationMs) * 1000)),
        cpuUsPerRequest: median(results.map((result) => result.serverCpuUs / benchCase.requests)),
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        errors: warm.errors + results.reduce((sum, result) => sum + result.errors, 0),
        bytesPerResponse: ok ? results.reduce((sum, r) => sum + r.bytes, 0) / ok : 0,
        firstError: warm.firstError ?? results.find((result) => result.firstError)?.firstError,
      });
      process.stderr.write(`done: ${benchCase.name}\n`);
    } finally {
      await server.close();
    }
  }
  client.disconnect();
  clearTimeout(hardTimeout);

  printTable(rows, { concurrency, requests, rounds, imageRequests });
  const failed = rows.filter((row) => row.errors > 0);
  for (const row of failed) {
    process.stderr.write(`bench-load: ${row.errors} errors in "${row.name}": ${row.firstError}\n`);
  }
  // The target is on server CPU per request: requests/s here is bounded by the load client,
  // which shares the machine's cores with the server.
  const baselineCpu = rows[0]?.cpuUsPerRequest ?? Number.NaN;
  const adapterCpu = rows.find((row) => row.name === ADAPTER_CASE)?.cpuUsPerRequest ?? Number.NaN;
  const ratio = adapterCpu / baselineCpu;
  const met = ratio <= TARGET_CPU_RATIO;
  console.log(
    `\ntarget: "${ADAPTER_CASE}" ≤ ${TARGET_CPU_RATIO.toFixed(2)}× the baseline's server CPU per ` +
      `request: ${ratio.toFixed(2)}× ${met ? "✔" : "✘"}; errors: ${failed.length === 0 ? "0 ✔" : "✘"}`,
  );
  process.exitCode = failed.length > 0 || !met ? 1 : 0;
}

function printTable(
  rows: readonly Row[],
  settings: { concurrency: number; requests: number; rounds: number; imageRequests: number },
): void {
  const baseline = rows[0];
  const header = ["case", "req/s", "×", "server CPU µs/req", "×", "p50 ms", "p95 ms", "errors"];
  const body = rows.map((row) => [
    row.name,
    Math.round(row.rps).toLocaleString("en-US"),
    (row.rps / (baseline?.rps ?? Number.NaN)).toFixed(2),
    Math.round(row.cpuUsPerRequest).toLocaleString("en-US"),
    (row.cpuUsPerRequest / (baseline?.cpuUsPerRequest ?? Number.NaN)).toFixed(2),
    row.p50.toFixed(1),
    row.p95.toFixed(1),
    String(row.errors),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => cells[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`;
  console.log(
    `\n${settings.concurrency} concurrent keep-alive connections; ${settings.rounds} rounds of ` +
      `${settings.requests} requests (${settings.imageRequests} for images) after a warm-up. ` +
      `req/s and CPU are round medians (× = against the baseline), latencies pool all rounds. ` +
      `Node ${process.version}, ${availableParallelism()} cores.\n`,
  );
  console.log(line(header));
  console.log(
    `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`,
  );
  for (const cells of body) console.log(line(cells));
}

const MOCK_PACKAGE = new URL("../../packages/mock/package.json", import.meta.url);

/** Whether workspace packages resolve to their TypeScript sources, as in tests (`dist/` may be stale). */
function loadsWorkspaceSources(): boolean {
  return createRequire(MOCK_PACKAGE).resolve("@pictor/contract").endsWith(".ts");
}

if (process.argv.includes("--client")) clientMain();
else if (loadsWorkspaceSources()) await parentMain();
else {
  // Run again with the condition, so `pnpm exec tsx bench/mock-server/bench-load.ts` just works.
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      "--conditions=@pictor/source",
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: "inherit" },
  );
  child.on("exit", (code) => process.exit(code ?? 1));
}
