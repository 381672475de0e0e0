/**
 * Benchmark of @pictor/ai-sdk against baselines in the same run, on the same local server:
 *
 *   1. generateImage returning one 12 MiB image vs raw `fetch` + `Buffer.from(b64, "base64")`
 *      (and @llmgateway/ai-sdk-provider, for reference);
 *   2. streamText over 2,000 text deltas and one 8 MiB image, read through
 *      `toUIMessageStreamResponse()` as a Next.js route would send it, vs the same streamText fed
 *      by an in-memory model that emits the same parts (the AI SDK's own floor), and vs
 *      @llmgateway/ai-sdk-provider;
 *   3. the gzip size the provider adds to a browser bundle that already contains `ai` (esbuild).
 *
 *   pnpm exec tsx bench/ai-sdk/bench-ai-sdk.ts [--rounds 15] [--warmup 3] [--timeout-s 300]
 *
 * The server runs in a forked child (this file with `--server`), so it does not share the event
 * loop with what is measured. Not shipped: it may use Node built-ins. Exits 1 when a target is
 * missed, a result is wrong, or after the hard timeout.
 */

import { type ChildProcess, fork, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
// Type-only: pnpm installs these for packages/ai-sdk, not for bench/ (not a workspace package),
// so the runtime modules are loaded with `loadAiSdkDependency` below.
import type * as AiSdkProvider from "../../packages/ai-sdk/node_modules/@ai-sdk/provider";
import type * as LLMGatewayProvider from "../../packages/ai-sdk/node_modules/@llmgateway/ai-sdk-provider";
import type * as Ai from "../../packages/ai-sdk/node_modules/ai";

const IMAGE_BYTES = 12 * 1024 * 1024;
const STREAM_IMAGE_BYTES = 8 * 1024 * 1024;
const TEXT_DELTAS = 2_000;
const API_KEY = "sk-bench";

const AI_SDK_PACKAGE = fileURLToPath(
  new URL("../../packages/ai-sdk/package.json", import.meta.url),
);

// ---------------------------------------------------------------------------------------------
// Server process: canned gateway answers, built once.

/** A PNG signature and IHDR (so every decoder sees a PNG of the stated size), then random bytes. */
function pngLike(totalBytes: number, width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write("IHDR", 12, "latin1");
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([8, 6, 0, 0, 0], 24); // 8-bit RGBA, no interlace; the CRC is not checked by anyone here
  return Buffer.concat([header, randomBytes(totalBytes - header.length)]);
}

function imagesResponse(): Buffer {
  const b64 = pngLike(IMAGE_BYTES, 2048, 1536).toString("base64");
  return Buffer.from(
    JSON.stringify({
      created: 1_790_000_000,
      data: [{ b64_json: b64, revised_prompt: "bench" }],
      usage: {
        input_tokens: 3,
        input_tokens_details: { image_tokens: 0, text_tokens: 3 },
        output_tokens: 0,
        output_tokens_details: { image_tokens: 0, text_tokens: 0 },
        total_tokens: 3,
        cost: 0.04,
      },
    }),
  );
}

function chatStream(): Buffer {
  const id = "chatcmpl-bench";
  const base = {
    id,
    object: "chat.completion.chunk",
    created: 1_790_000_000,
    model: "google-ai-studio/gemini-3.1-flash-image",
  };
  const event = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  const parts: string[] = [event({ role: "assistant", content: "" })];
  for (let i = 0; i < TEXT_DELTAS; i++) parts.push(event({ content: `word${i} ` }));
  const image = pngLike(STREAM_IMAGE_BYTES, 2048, 2048).toString("base64");
  parts.push(
    event({
      images: [{ type: "image_url", image_url: { url: `data:image/png;base64,${image}` } }],
    }),
  );
  parts.push(
    event({}, "stop", {
      prompt_tokens: 4,
      completion_tokens: 1120,
      total_tokens: 1124,
      completion_tokens_details: { reasoning_tokens: 0, image_tokens: 1120 },
      cost: 0.0672,
    }),
  );
  parts.push("data: [DONE]\n\n");
  return Buffer.from(parts.join(""));
}

async function serverMain(): Promise<void> {
  const images = imagesResponse();
  const stream = chatStream();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = { "x-request-id": "req_bench" };
      if (request.url === "/v1/images/generations") {
        response.writeHead(200, { ...headers, "content-type": "application/json" });
        response.end(images);
      } else if (request.url === "/v1/chat/completions") {
        response.writeHead(200, { ...headers, "content-type": "text/event-stream" });
        response.end(stream);
      } else {
        response.writeHead(404).end();
      }
    });
  });
  // Node's default 5 s keep-alive timeout races undici's connection reuse between rounds.
  server.keepAliveTimeout = 120_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (typeof address === "object" && address) process.send?.({ port: address.port });
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring process.

interface Modules {
  ai: typeof Ai;
  provider: typeof AiSdkProvider;
  llmgateway: typeof LLMGatewayProvider;
  /**
   * As npm users run it: the built package (see the bottom of this file), typed from its source
   * (the root package.json "imports"), so the type check of bench/ waits for no build.
   */
  pictor: typeof import("#bench/ai-sdk");
}

/** Loads a dependency of packages/ai-sdk by its package name, through its `exports` import entry. */
async function loadAiSdkDependency<T>(name: string): Promise<T> {
  const directory = join(dirname(AI_SDK_PACKAGE), "node_modules", name);
  const manifest: unknown = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
  const entry = importEntry(manifest);
  if (!entry) throw new Error(`${name} has no import entry`);
  return (await import(pathToFileURL(join(directory, entry)).href)) as T;
}

function importEntry(manifest: unknown): string | undefined {
  if (typeof manifest !== "object" || manifest === null || !("exports" in manifest))
    return undefined;
  const root = (manifest.exports as Record<string, unknown>)["."];
  if (typeof root === "string") return root;
  if (typeof root !== "object" || root === null) return undefined;
  const condition =
    (root as Record<string, unknown>).import ?? (root as Record<string, unknown>).default;
  if (typeof condition === "string") return condition;
  if (typeof condition === "object" && condition !== null && "default" in condition)
    return String(condition.default);
  return undefined;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

interface Case {
  name: string;
  run: () => Promise<void>;
  samples: Sample[];
}

const gc = (globalThis as { gc?: () => void }).gc;

async function measure(one: Case): Promise<void> {
  gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await one.run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  one.samples.push({ wallMs, cpuMs: (used.user + used.system) / 1000 });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs every case `warmup + rounds` times, rotating the order each round so drift hits all alike. */
async function runRounds(cases: Case[], rounds: number, warmup: number): Promise<void> {
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const one = cases[(round + i) % cases.length];
      if (!one) continue;
      if (round < warmup) await one.run();
      else await measure(one);
    }
  }
}

function table(title: string, cases: Case[]): { wall: number[]; cpu: number[] } {
  const wall = cases.map((one) => median(one.samples.map((sample) => sample.wallMs)));
  const cpu = cases.map((one) => median(one.samples.map((sample) => sample.cpuMs)));
  const baseWall = wall[0] ?? 1;
  const baseCpu = cpu[0] ?? 1;
  console.log(`\n${title}\n`);
  console.log("| case | wall ms (median) | × | CPU ms (median) | × |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  cases.forEach((one, i) => {
    console.log(
      `| ${one.name} | ${(wall[i] ?? 0).toFixed(1)} | ${((wall[i] ?? 0) / baseWall).toFixed(2)} | ${(cpu[i] ?? 0).toFixed(1)} | ${((cpu[i] ?? 0) / baseCpu).toFixed(2)} |`,
    );
  });
  return { wall, cpu };
}

async function imageCases(modules: Modules, baseURL: string): Promise<Case[]> {
  const { ai } = modules;
  const pictor = modules.pictor.createPictor({ apiKey: API_KEY, baseURL });
  const llmgateway = modules.llmgateway.createLLMGateway({ apiKey: API_KEY, baseURL });
  const check = (bytes: Uint8Array) => {
    if (bytes.byteLength !== IMAGE_BYTES)
      throw new Error(`got ${bytes.byteLength} bytes, expected ${IMAGE_BYTES}`);
  };
  const request = { prompt: "bench", maxRetries: 0 } as const;
  return [
    {
      name: "raw fetch + Buffer.from(b64_json)",
      samples: [],
      run: async () => {
        const response = await fetch(`${baseURL}/images/generations`, {
          method: "POST",
          headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "openai/gpt-image-2", prompt: "bench" }),
        });
        const body = (await response.json()) as { data: { b64_json: string }[] };
        check(Buffer.from(body.data[0]?.b64_json ?? "", "base64"));
      },
    },
    {
      name: "generateImage + @pictor/ai-sdk",
      samples: [],
      run: async () => {
        const { image } = await ai.generateImage({
          model: pictor.image("openai/gpt-image-2"),
          ...request,
        });
        check(image.uint8Array);
      },
    },
    {
      name: "generateImage + @llmgateway/ai-sdk-provider (reference)",
      samples: [],
      run: async () => {
        const { image } = await ai.generateImage({
          model: llmgateway.image("openai/gpt-image-2"),
          ...request,
        });
        check(image.uint8Array);
      },
    },
  ];
}

/** How a stream is read: every part of `fullStream`, or the body of `toUIMessageStreamResponse()`. */
type Consumer = "fullStream" | "ui";

async function streamCases(modules: Modules, baseURL: string, consumer: Consumer): Promise<Case[]> {
  const { ai } = modules;
  const pictor = modules.pictor.createPictor({ apiKey: API_KEY, baseURL });
  const llmgateway = modules.llmgateway.createLLMGateway({
    apiKey: API_KEY,
    baseURL,
    compatibility: "strict",
  });
  const modelId = "gemini-3.1-flash-image";

  // The floor replays exactly the parts @pictor/ai-sdk emits for this stream, from memory.
  const recorded: AiSdkProvider.LanguageModelV4StreamPart[] = [];
  const { stream } = await pictor.chat(modelId).doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: "bench" }] }],
  });
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read())
    recorded.push(next.value);
  const replay = () =>
    new ReadableStream<AiSdkProvider.LanguageModelV4StreamPart>({
      start(controller) {
        for (const part of recorded) controller.enqueue(part);
        controller.close();
      },
    });
  const memoryModel: AiSdkProvider.LanguageModelV4 = {
    specificationVersion: "v4",
    provider: "memory",
    modelId,
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error("stream only")),
    doStream: async () => ({ stream: replay() }),
  };
  // A diagnostic beside the floor: the least any provider over HTTP does, receiving the same
  // body as text (no parsing at all), then the same parts from memory.
  const httpFloorModel: AiSdkProvider.LanguageModelV4 = {
    ...memoryModel,
    provider: "http-floor",
    doStream: async () => {
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ model: modelId, stream: true, messages: [] }),
      });
      if ((await response.text()).length < expectedBase64)
        throw new Error("the HTTP floor's body lacks the image");
      return { stream: replay() };
    },
  };

  const expectedBase64 = Math.ceil(STREAM_IMAGE_BYTES / 3) * 4;
  const consume = async (model: Ai.LanguageModel) => {
    const result = ai.streamText({ model, prompt: "bench", maxRetries: 0 });
    if (consumer === "ui") {
      const body = await result.toUIMessageStreamResponse().text();
      if (body.length < expectedBase64) throw new Error("the UI stream lacks the image");
    } else {
      for await (const part of result.fullStream) {
        if (part.type === "file" && part.file.base64.length !== expectedBase64)
          throw new Error("the image is not whole");
      }
    }
    const files = await result.files;
    const text = await result.text;
    if (files.length !== 1 || files[0]?.base64.length !== expectedBase64)
      throw new Error(
        `expected one image of ${expectedBase64} base64 chars, got ${files.map((file) => file.base64.length)}`,
      );
    if (text.split(" ").length !== TEXT_DELTAS + 1)
      throw new Error(`expected ${TEXT_DELTAS} words`);
  };
  return [
    { name: "streamText + in-memory model (floor)", samples: [], run: () => consume(memoryModel) },
    { name: "streamText + @pictor/ai-sdk", samples: [], run: () => consume(pictor.chat(modelId)) },
    {
      name: "streamText + @llmgateway/ai-sdk-provider",
      samples: [],
      run: () => consume(llmgateway.chat(modelId)),
    },
    {
      name: "streamText + HTTP floor (diagnostic: fetch + text() of the body, parts from memory)",
      samples: [],
      run: () => consume(httpFloorModel),
    },
  ];
}

/** Gzip bytes of an esbuild browser bundle of `source`, resolved from packages/ai-sdk. */
async function bundleSize(
  source: string,
): Promise<{ gzip: number; minified: number; inputs: Record<string, number> }> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: dirname(AI_SDK_PACKAGE), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Workspace packages from their sources, as in tests (their dist/ may be stale).
    conditions: ["@pictor/source"],
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  const inputs: Record<string, number> = {};
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const key = path.includes("node_modules/")
      ? (path.split("node_modules/").at(-1) ?? path)
          .split("/")
          .slice(0, path.includes("node_modules/@") ? 2 : 1)
          .join("/")
      : path
          .replace(/^.*?packages\//, "packages/")
          .split("/")
          .slice(0, 2)
          .join("/");
    inputs[key] = (inputs[key] ?? 0) + info.bytesInOutput;
  }
  return { gzip: gzipSync(code, { level: 9 }).byteLength, minified: code.byteLength, inputs };
}

async function bundleCase(): Promise<number> {
  const app = `import { generateImage, streamText } from "ai"; console.log(generateImage, streamText);`;
  const withProvider = `import { generateImage, streamText } from "ai"; import { createPictor } from "@pictor/ai-sdk"; console.log(generateImage, streamText, createPictor);`;
  // The provider is built on the client, so what the client alone adds is its floor.
  const withClient = `import { generateImage, streamText } from "ai"; import { Pictor } from "@pictor/client"; console.log(generateImage, streamText, Pictor);`;
  const base = await bundleSize(app);
  const withPictor = await bundleSize(withProvider);
  const clientOnly = await bundleSize(withClient);
  const added = withPictor.gzip - base.gzip;
  // What a Vite app's page loads at start: the client's chat code comes on the first chat call.
  // Imported here, as esbuild above, so the bench's child processes do not load Vite.
  const { measureViteApp } = await import("../client/bundle");
  const root = dirname(AI_SDK_PACKAGE);
  const appBase = await measureViteApp({ program: app, root });
  const appWithPictor = await measureViteApp({ program: withProvider, root });
  console.log("\nBrowser bundle (esbuild --minify, gzip -9)\n");
  console.log("| bundle | minified bytes | gzip bytes |");
  console.log("| --- | ---: | ---: |");
  console.log(`| ai (generateImage, streamText) | ${base.minified} | ${base.gzip} |`);
  console.log(
    `| ai + @pictor/ai-sdk (createPictor) | ${withPictor.minified} | ${withPictor.gzip} |`,
  );
  console.log(`| added by @pictor/ai-sdk | ${withPictor.minified - base.minified} | ${added} |`);
  console.log(
    `| added by @pictor/client alone (diagnostic: the provider's floor) | ${clientOnly.minified - base.minified} | ${clientOnly.gzip - base.gzip} |`,
  );
  console.log(
    `| added at the start of a Vite app's page (code splitting; chunks each gzipped) | | ${appWithPictor.initialGzipBytes - appBase.initialGzipBytes} |`,
  );
  console.log("\nAdded minified bytes by origin:\n");
  const rows = Object.entries(withPictor.inputs)
    .map(([key, bytes]) => [key, bytes - (base.inputs[key] ?? 0)] as const)
    .filter(([, bytes]) => bytes > 200)
    .sort((a, b) => b[1] - a[1]);
  for (const [key, bytes] of rows) console.log(`  ${key.padEnd(40)} ${bytes}`);
  return added;
}

async function parentMain(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "15" },
      warmup: { type: "string", default: "3" },
      "timeout-s": { type: "string", default: "300" },
    },
  });
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  setTimeout(() => {
    console.error(`Hard timeout after ${values["timeout-s"]} s`);
    process.exit(1);
  }, Number(values["timeout-s"]) * 1000).unref();
  // The AI SDK would log the warnings of every call.
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

  const server: ChildProcess = fork(fileURLToPath(import.meta.url), ["--server"], {
    execArgv: process.execArgv.filter((arg) => arg !== "--expose-gc"),
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("message", (message) => resolve((message as { port: number }).port));
    server.once("error", reject);
  });
  const baseURL = `http://127.0.0.1:${port}/v1`;
  const modules: Modules = {
    ai: await loadAiSdkDependency<typeof Ai>("ai"),
    provider: await loadAiSdkDependency<typeof AiSdkProvider>("@ai-sdk/provider"),
    llmgateway: await loadAiSdkDependency<typeof LLMGatewayProvider>("@llmgateway/ai-sdk-provider"),
    pictor: await import("#bench/ai-sdk"),
  };
  console.log(
    `@pictor/ai-sdk benchmark: Node ${process.version}, ${rounds} rounds after ${warmup} warm-up, server in a child process on ${baseURL}`,
  );

  const misses: string[] = [];
  try {
    const images = await imageCases(modules, baseURL);
    await runRounds(images, rounds, warmup);
    const imageFigures = table(
      `generateImage, one ${IMAGE_BYTES / 1024 / 1024} MiB image (b64_json ${((Math.ceil(IMAGE_BYTES / 3) * 4) / 1024 / 1024).toFixed(1)} MiB)`,
      images,
    );
    const imageRatio = (imageFigures.wall[1] ?? 0) / (imageFigures.wall[0] ?? 1);
    if (imageRatio > 1.2)
      misses.push(`generateImage ${imageRatio.toFixed(2)}× raw fetch (target ≤ 1.20×)`);

    const streamTargets: string[] = [];
    for (const consumer of ["fullStream", "ui"] as const) {
      const streams = await streamCases(modules, baseURL, consumer);
      await runRounds(streams, rounds, warmup);
      const figures = table(
        `streamText, ${TEXT_DELTAS} text deltas + one ${STREAM_IMAGE_BYTES / 1024 / 1024} MiB image, ${consumer === "ui" ? "read through toUIMessageStreamResponse()" : "every part of fullStream read"}`,
        streams,
      );
      const floorRatio = (figures.wall[1] ?? 0) / (figures.wall[0] ?? 1);
      const versusLLMGateway = (figures.wall[1] ?? 0) / (figures.wall[2] ?? 1);
      const httpFloorRatio = (figures.wall[3] ?? 0) / (figures.wall[0] ?? 1);
      streamTargets.push(
        `  streamText (${consumer}) ≤ 1.20× in-memory floor: ${floorRatio.toFixed(2)}× (the HTTP floor, no parsing: ${httpFloorRatio.toFixed(2)}×)`,
        `  streamText (${consumer}) faster than @llmgateway/ai-sdk-provider: ${versusLLMGateway.toFixed(2)}× its time`,
      );
      if (floorRatio > 1.2)
        misses.push(
          `streamText (${consumer}) ${floorRatio.toFixed(2)}× the in-memory floor (target ≤ 1.20×)`,
        );
      if (versusLLMGateway >= 1)
        misses.push(`streamText (${consumer}) is not faster than @llmgateway/ai-sdk-provider`);
    }

    const added = await bundleCase();
    if (added > 10_000)
      misses.push(`the provider adds ${(added / 1000).toFixed(1)} kB gzip (target ≤ 10 kB)`);

    console.log("\nTargets:");
    console.log(`  generateImage ≤ 1.20× raw fetch: ${imageRatio.toFixed(2)}×`);
    for (const line of streamTargets) console.log(line);
    console.log(
      `  ≤ 10 kB gzip added to a browser bundle with ai: ${(added / 1000).toFixed(1)} kB`,
    );
    console.log(
      misses.length === 0
        ? "\nAll targets met."
        : `\nMissed:\n${misses.map((miss) => `  - ${miss}`).join("\n")}`,
    );
  } finally {
    server.kill();
  }
  process.exit(misses.length === 0 ? 0 : 1);
}

if (process.argv.includes("--server")) await serverMain();
else if (typeof gc === "function") await parentMain();
else {
  // Pictor as npm users run it: @pictor/ai-sdk and the client it is built on, from their `dist/`
  // (built first, through turbo's cache). Their TypeScript sources through tsx cost more per
  // call (esbuild's `keepNames` wraps every closure in `__name`). Then run again with gc(), so
  // `pnpm exec tsx bench/ai-sdk/bench-ai-sdk.ts` just works.
  const built = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@pictor/ai-sdk...", "--output-logs=errors-only"],
    { stdio: "inherit" },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(
    process.execPath,
    [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  child.on("exit", (code) => process.exit(code ?? 1));
}
