/**
 * The four client benchmarks. Each returns a row of the table: a baseline and Pictor measured
 * in the same run, and the ratio against its target.
 */

import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
// The built package (dist/), as npm users run it; typed from its source (the root package.json
// "imports"), so the type check of bench/ waits for no build.
import { Pictor } from "#bench/client";
import { bundleExperiments, measureBundle, measureViteApp } from "./bundle";
import { CHAT_PARAMS, IMAGE_PARAMS, smallImagesBody } from "./fixtures";
import { imageJobs } from "./jobs";
import { compare, comparePerCall, type Sample } from "./measure";

/** One row of the results table. */
export interface Row {
  case: string;
  baseline: string;
  pictor: string;
  ratio: number;
  target: number;
  /** Extra lines printed under the table. */
  notes: string[];
}

const MiB = 1024 * 1024;
const API_KEY = "sk-bench-0123456789";
const fmtMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const fmtUs = (us: number) => `${us.toFixed(1)} µs`;
const fmtMiB = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

// ---------------------------------------------------------------------------------------------
// 1. SDK-only overhead per request, in-process stub fetch.

/**
 * The stub both sides call: it does what `fetch` and a server must do at the least (build the
 * `Request` fetch builds internally, read the request body) and answers a small, valid
 * `/images/generations` body with the headers a server sends. No network, so what differs is
 * the SDK's own work.
 */
function stubFetch(body: Uint8Array<ArrayBuffer>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    await request.arrayBuffer();
    return new Response(body, {
      headers: {
        "content-type": "application/json",
        "content-length": String(body.length),
        "x-request-id": "req_stub",
      },
    });
  };
}

export async function overheadCase(options: { quick: boolean }): Promise<Row> {
  const baseURL = "http://stub.test/v1";
  const fetch = stubFetch(smallImagesBody());
  const pictor = new Pictor({ apiKey: API_KEY, baseURL, fetch, maxRetries: 0 });
  const baseline = async () => {
    const response = await fetch(`${baseURL}/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ ...IMAGE_PARAMS, n: 1 }),
    });
    const json = (await response.json()) as { data: { b64_json: string }[] };
    return Buffer.from(json.data[0]?.b64_json ?? "", "base64");
  };
  const sdk = async () => {
    const result = await pictor.images.generate(IMAGE_PARAMS);
    return result.images[0]?.bytes();
  };
  const { baselineUs, pictorUs, ratios } = await comparePerCall(baseline, sdk, {
    warmupCalls: options.quick ? 300 : 2000,
    batch: options.quick ? 200 : 500,
    rounds: options.quick ? 5 : 15,
  });
  // Not the target's baseline, a floor beside it: the same raw call with what any client that
  // times its requests out must add (a signal that closes the connection, and its timer).
  const timedBaseline = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 600_000);
    try {
      const response = await fetch(`${baseURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ ...IMAGE_PARAMS, n: 1 }),
        signal: controller.signal,
      });
      const json = (await response.json()) as { data: { b64_json: string }[] };
      return Buffer.from(json.data[0]?.b64_json ?? "", "base64");
    } finally {
      clearTimeout(timer);
    }
  };
  const floor = await comparePerCall(baseline, timedBaseline, {
    warmupCalls: options.quick ? 300 : 1000,
    batch: options.quick ? 200 : 500,
    rounds: options.quick ? 5 : 9,
  });
  const signalUs = floor.pictorUs - floor.baselineUs;
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    case: "SDK overhead per request (stub fetch, validation on)",
    baseline: `${fmtUs(baselineUs)} raw fetch + json + Buffer.from`,
    pictor: `${fmtUs(pictorUs)} images.generate + bytes()`,
    ratio: pictorUs / baselineUs,
    target: 1.5,
    notes: [
      `overhead: per-round ratios ${sorted[0]?.toFixed(2)}–${sorted.at(-1)?.toFixed(2)}; Pictor adds ${fmtUs(pictorUs - baselineUs)} per request`,
      `overhead: the raw call with a timeout signal and timer, as a client with timeouts must send it, costs ${fmtUs(signalUs)} more than without (${fmtUs(floor.baselineUs)} → ${fmtUs(floor.pictorUs)}, ${(floor.pictorUs / floor.baselineUs).toFixed(2)}×); Pictor against that call: ${(pictorUs / (baselineUs + signalUs)).toFixed(2)}×`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// 2 and 3 share a real HTTP server in a child process.

/** What the child server (serve.ts) reports once it listens. */
interface ServerInfo {
  url: string;
  imageBodyBytes: number;
  chatBodyBytes: number;
}

function isServerInfo(value: unknown): value is ServerInfo {
  return (
    typeof value === "object" &&
    value !== null &&
    "url" in value &&
    typeof value.url === "string" &&
    "imageBodyBytes" in value &&
    typeof value.imageBodyBytes === "number" &&
    "chatBodyBytes" in value &&
    typeof value.chatBodyBytes === "number"
  );
}

/** The child server and what it serves. */
export interface BenchServer extends ServerInfo {
  close(): void;
}

export async function startServer(args: string[]): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./serve.ts", import.meta.url)), args, {
    execArgv: process.execArgv.filter((arg) => arg !== "--expose-gc"),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once("message", (message) =>
      isServerInfo(message) ? resolve(message) : reject(new Error("bench server: bad message")),
    );
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { ...info, close: () => child.disconnect() };
}

export async function largeImageCase(
  server: BenchServer,
  options: { quick: boolean; imageMiB: number },
): Promise<Row[]> {
  const imageBytes = options.imageMiB * MiB;
  const { baseline, pictor } = imageJobs(server.url, imageBytes);
  const warmup = options.quick ? 2 : 4;
  const runs = options.quick ? 5 : 15;
  // Time: both variants in this process, interleaved, so load on the machine hits both alike.
  const { baseline: a, pictor: b } = await compare(baseline, pictor, { warmup, runs });
  // Memory: each variant alone in a fresh process (see memory-child.ts).
  const memoryOf = (variant: "baseline" | "pictor" | "floor", v8Flags: string[] = []) =>
    runChild(
      "./memory-child.ts",
      [variant, server.url, String(imageBytes), String(warmup), String(runs)],
      v8Flags,
    );
  const ma = await memoryOf("baseline");
  const mb = await memoryOf("pictor");
  // Diagnostic: what reading `fetch`'s body at all leaves, before any decoding (see jobs.ts).
  const mf = await memoryOf("floor");
  // Diagnostic, not the target: the peak above counts garbage not yet collected (each chunk's
  // copies), and V8 collects young garbage when its young generation fills, which it grows up to
  // 16 MiB per semi-space. With it held at 1 MiB, what remains is what a variant holds at once.
  const smallYoung = ["--max-semi-space-size=1"];
  const sa = await memoryOf("baseline", smallYoung);
  const sb = await memoryOf("pictor", smallYoung);
  const label = `${options.imageMiB} MiB image → bytes (${fmtMiB(server.imageBodyBytes)} body, HTTP)`;
  return [
    {
      case: `${label}: time`,
      baseline: `${fmtMs(a.ms)} fetch + res.json + Buffer.from`,
      pictor: `${fmtMs(b.ms)} images.generate + bytes()`,
      ratio: b.ms / a.ms,
      target: 0.8,
      notes: [
        `image: client CPU per run (median, all threads): baseline ${fmtMs(a.cpuMs)}, Pictor ${fmtMs(b.cpuMs)} (${(b.cpuMs / a.cpuMs).toFixed(2)}×)`,
      ],
    },
    {
      case: `${label}: peak heap+external growth`,
      baseline: fmtMiB(ma.peakBytes),
      pictor: fmtMiB(mb.peakBytes),
      ratio: mb.peakBytes / ma.peakBytes,
      target: 0.5,
      notes: [
        `image memory, each variant in its own process: baseline heap ${fmtMiB(ma.peakHeapBytes)} + external ${fmtMiB(ma.peakExternalBytes)}; Pictor heap ${fmtMiB(mb.peakHeapBytes)} + external ${fmtMiB(mb.peakExternalBytes)} (medians of the separate peaks)`,
        `image memory floor of any reader of fetch's body stream (output buffer allocated, each chunk read and dropped, diagnostic): ${fmtMiB(mf.peakBytes)} (${(mf.peakBytes / ma.peakBytes).toFixed(2)}× the baseline): fetch's own chunk copies, not yet collected`,
        `image memory, both variants interleaved in one process: baseline ${fmtMiB(a.peakBytes)}, Pictor ${fmtMiB(b.peakBytes)} (${(b.peakBytes / a.peakBytes).toFixed(2)}×)`,
        `image memory with V8's young generation held at 1 MiB (--max-semi-space-size=1, diagnostic: garbage collected sooner, live data unchanged): baseline ${fmtMiB(sa.peakBytes)}, Pictor ${fmtMiB(sb.peakBytes)} (${(sb.peakBytes / sa.peakBytes).toFixed(2)}×)`,
      ],
    },
  ];
}

/** Runs a bench script in a child process with this process's flags (and `v8Flags`); resolves with its IPC message. */
function runChild(script: string, args: string[], v8Flags: string[] = []): Promise<Sample> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv: [...process.execArgv, ...v8Flags],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message) =>
      isSample(message) ? resolve(message) : reject(new Error(`${script}: bad message`)),
    );
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
    });
  });
}

function isSample(value: unknown): value is Sample {
  return (
    typeof value === "object" &&
    value !== null &&
    "peakBytes" in value &&
    typeof value.peakBytes === "number"
  );
}

export async function sseCase(
  server: BenchServer,
  options: { quick: boolean; deltas: number },
): Promise<Row> {
  const pictor = new Pictor({ apiKey: API_KEY, baseURL: server.url, maxRetries: 0 });
  const expected = options.deltas + 2;
  const baseline = async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify(CHAT_PARAMS),
    });
    let chunks = 0;
    let images = 0;
    for await (const data of rawSseData(response)) {
      if (data === "[DONE]") break;
      const chunk = JSON.parse(data) as { choices: { delta: { images?: unknown[] } }[] };
      chunks++;
      images += chunk.choices[0]?.delta.images?.length ?? 0;
    }
    if (chunks !== expected || images !== 1) throw new Error(`baseline: ${chunks} chunks`);
    return chunks;
  };
  const sdk = async () => {
    const stream = await pictor.chat.completions.create(CHAT_PARAMS);
    let chunks = 0;
    let images = 0;
    for await (const chunk of stream) {
      chunks++;
      images += chunk.choices[0]?.delta.images?.length ?? 0;
    }
    if (chunks !== expected || images !== 1) throw new Error(`pictor: ${chunks} chunks`);
    return chunks;
  };
  const { baseline: a, pictor: b } = await compare(baseline, sdk, {
    warmup: options.quick ? 2 : 4,
    runs: options.quick ? 5 : 15,
  });
  return {
    case: `SSE: ${options.deltas} text deltas + one 8 MB image (${fmtMiB(server.chatBodyBytes)}, HTTP)`,
    baseline: `${fmtMs(a.ms)} minimal reader`,
    pictor: `${fmtMs(b.ms)} chat.completions.create`,
    ratio: b.ms / a.ms,
    target: 1.1,
    notes: [
      `sse: client CPU per run (median, all threads): baseline ${fmtMs(a.cpuMs)}, Pictor ${fmtMs(b.cpuMs)} (${(b.cpuMs / a.cpuMs).toFixed(2)}×)`,
    ],
  };
}

/**
 * The minimal raw reader the SSE case compares with: TextDecoder in stream mode, events split
 * on "\n\n" in one pass. Decoded text is kept as a list of pieces and searched only where it is
 * new, so an 8 MB line costs one pass, not one per chunk (`buffer += text` then searching the
 * whole buffer is quadratic). Yields the `data:` field of each event.
 */
export async function* rawSseData(response: Response): AsyncGenerator<string> {
  const body = response.body;
  if (!body) return;
  const reader = body.getReader();
  try {
    yield* splitEvents(reader);
  } finally {
    // Stopping at [DONE] closes the connection, as Pictor's stream does.
    reader.cancel().catch(() => undefined);
  }
}

async function* splitEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    let text = decoder.decode(value, { stream: true });
    // A "\n\n" split across two pieces: join the previous piece's last character back in.
    const last = pieces.at(-1);
    if (last?.endsWith("\n") && text.startsWith("\n")) {
      pieces[pieces.length - 1] = last.slice(0, -1);
      text = `\n${text}`;
    }
    let from = 0;
    for (;;) {
      const end = text.indexOf("\n\n", from);
      if (end === -1) break;
      pieces.push(text.slice(from, end));
      const event = pieces.length === 1 ? (pieces[0] ?? "") : pieces.join("");
      pieces.length = 0;
      from = end + 2;
      for (const line of event.split("\n"))
        if (line.startsWith("data:")) yield line.slice(line[5] === " " ? 6 : 5);
    }
    if (from < text.length) pieces.push(text.slice(from));
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Browser bundle size.

export async function bundleCase(): Promise<Row> {
  const result = await measureBundle();
  const experiments = await bundleExperiments();
  const app = await measureViteApp();
  return {
    case: "browser bundle: generate one image (esbuild, min, gzip)",
    baseline: "15.0 kB budget",
    pictor: `${(result.gzipBytes / 1000).toFixed(1)} kB gzip (${(result.minifiedBytes / 1000).toFixed(1)} kB min)`,
    ratio: result.gzipBytes / 15_000,
    target: 1,
    notes: [
      "bundle: largest inputs (bytes in the minified output):",
      ...result.inputs
        .slice(0, 12)
        .map((input) => `  ${String(input.bytes).padStart(7)}  ${input.path}`),
      `bundle: a Vite app's page loads ${(app.initialGzipBytes / 1000).toFixed(1)} kB gzip at start (${(app.initialGzipBytes / 15_000).toFixed(2)}× the target); on first use:`,
      ...app.lazy.map(
        (chunk) => `  ${(chunk.gzipBytes / 1000).toFixed(1).padStart(5)} kB  ${chunk.name}`,
      ),
      "bundle: parts alone (gzip):",
      ...experiments.map(
        (row) => `  ${(row.gzipBytes / 1000).toFixed(1).padStart(5)} kB  ${row.label}`,
      ),
    ],
  };
}
