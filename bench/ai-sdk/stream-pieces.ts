/**
 * Where the time of bench-ai-sdk.ts's fullStream case goes: the same stream and server, measured
 * piece by piece. A diagnostic with no target (medians of wall and CPU time per run):
 *
 *   floor      streamText fed from memory with the parts @pictor/ai-sdk emits (the bench's floor)
 *   paced      the same parts, one chunk's parts per pull with an async step between
 *   httpFloor  the least any HTTP provider does: fetch + `text()` of the same body (no parsing),
 *              then the recorded parts from memory
 *   pictor     streamText + @pictor/ai-sdk (the bench's case)
 *   provider   `doStream` alone, every part read
 *   client     `chat.completions.create({ stream: true })` alone, every chunk read
 *   rawBytes   fetch, the body's bytes read and counted
 *   rawText    fetch + `text()`
 *
 *   node --import tsx --conditions=@pictor/source --expose-gc bench/ai-sdk/stream-pieces.ts [--rounds 15] [--only floor,pictor]
 */

import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type * as AiSdkProvider from "../../packages/ai-sdk/node_modules/@ai-sdk/provider";
import type * as Ai from "../../packages/ai-sdk/node_modules/ai";
import { createPictor } from "../../packages/ai-sdk/src/index";
import { Pictor } from "../../packages/client/src/index";

type Part = AiSdkProvider.LanguageModelV4StreamPart;
const AI_SDK = join(dirname(fileURLToPath(import.meta.url)), "../../packages/ai-sdk");

async function loadAi(): Promise<typeof Ai> {
  const dir = join(AI_SDK, "node_modules/ai");
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    exports: { ".": { import: string | { default: string } } };
  };
  const entry = manifest.exports["."].import;
  return (await import(
    pathToFileURL(join(dir, typeof entry === "string" ? entry : entry.default)).href
  )) as typeof Ai;
}

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "15" }, only: { type: "string", default: "" } },
});
const server = fork(fileURLToPath(new URL("./bench-ai-sdk.ts", import.meta.url)), ["--server"], {
  execArgv: process.execArgv.filter((arg) => arg !== "--expose-gc"),
});
const port = await new Promise<number>((resolve) =>
  server.once("message", (message) => resolve((message as { port: number }).port)),
);
const baseURL = `http://127.0.0.1:${port}/v1`;
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const ai = await loadAi();
const pictor = createPictor({ apiKey: "sk-bench", baseURL });
const client = new Pictor({ apiKey: "sk-bench", baseURL, maxRetries: 0 });
const modelId = "gemini-3.1-flash-image";
const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "bench" }] }];

const recorded: Part[] = [];
{
  const { stream } = await pictor.chat(modelId).doStream({ prompt });
  for await (const part of stream) recorded.push(part);
}
/** The parts of each chunk (a text delta, the image, the finish), with the parts before them. */
const groups: Part[][] = [];
for (const part of recorded) {
  if (
    part.type === "text-delta" ||
    part.type === "file" ||
    part.type === "finish" ||
    groups.length === 0
  )
    groups.push([part]);
  else groups.at(-1)?.push(part);
}
const model = (stream: () => ReadableStream<Part>): AiSdkProvider.LanguageModelV4 => ({
  specificationVersion: "v4",
  provider: "memory",
  modelId,
  supportedUrls: {},
  doGenerate: () => Promise.reject(new Error("stream only")),
  doStream: async () => ({ stream: stream() }),
});
const memoryModel = model(
  () =>
    new ReadableStream<Part>({
      start(controller) {
        for (const part of recorded) controller.enqueue(part);
        controller.close();
      },
    }),
);
const pacedModel = model(() => {
  let i = 0;
  return new ReadableStream<Part>({
    async pull(controller) {
      await Promise.resolve();
      const group = groups[i++];
      if (!group) return controller.close();
      for (const part of group) controller.enqueue(part);
    },
  });
});
const httpFloorModel = model(() => {
  let i = 0;
  let body: Promise<string> | undefined;
  return new ReadableStream<Part>({
    async pull(controller) {
      body ??= fetch(`${baseURL}/chat/completions`, { method: "POST", body: "{}" }).then((r) =>
        r.text(),
      );
      await body;
      const group = groups[i++];
      if (!group) return controller.close();
      for (const part of group) controller.enqueue(part);
    },
  });
});
const fullStream = async (m: Ai.LanguageModel) => {
  const result = ai.streamText({ model: m, prompt: "bench", maxRetries: 0 });
  for await (const part of result.fullStream)
    if (part.type === "file" && part.file.base64.length < 10) throw new Error("x");
};

const cases: Record<string, () => Promise<unknown>> = {
  floor: () => fullStream(memoryModel),
  paced: () => fullStream(pacedModel),
  httpFloor: () => fullStream(httpFloorModel),
  pictor: () => fullStream(pictor.chat(modelId)),
  provider: async () => {
    const { stream } = await pictor.chat(modelId).doStream({ prompt });
    for await (const _ of stream);
  },
  client: async () => {
    const s = await client.chat.completions.create({
      model: modelId,
      messages: [{ role: "user", content: "x" }],
      stream: true,
    });
    for await (const _ of s);
  },
  rawBytes: async () => {
    const r = await fetch(`${baseURL}/chat/completions`, { method: "POST", body: "{}" });
    let n = 0;
    for await (const chunk of r.body ?? []) n += chunk.byteLength;
    return n;
  },
  rawText: async () => {
    const r = await fetch(`${baseURL}/chat/completions`, { method: "POST", body: "{}" });
    await r.text();
  },
};
const names = values.only ? values.only.split(",") : Object.keys(cases);
const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
const cpuSamples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
const gc = (globalThis as { gc?: () => void }).gc;
for (let round = 0; round < 3 + Number(values.rounds); round++) {
  for (const name of names) {
    gc?.();
    const t = performance.now();
    const cpu = process.cpuUsage();
    await cases[name]?.();
    const used = process.cpuUsage(cpu);
    if (round >= 3) samples[name]?.push(performance.now() - t);
    if (round >= 3) cpuSamples[name]?.push((used.user + used.system) / 1000);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;
for (const name of names)
  console.log(
    `${name.padEnd(10)} wall ${median(samples[name] ?? []).toFixed(1)} ms, CPU ${median(cpuSamples[name] ?? []).toFixed(1)} ms`,
  );
server.kill();
process.exit(0);
