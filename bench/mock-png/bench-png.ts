/**
 * Benchmark for @pictor/mock's PNG path: encodePng and renderPromptImage at 1024² and 4096²,
 * against node:zlib deflateSync over the same Up-filtered scanlines as a baseline.
 *
 *   node --import tsx bench/mock-png/bench-png.ts [--runs 7] [--sizes 1024,4096]
 *
 * Not shipped: unlike the package, it may use Node built-ins.
 */

import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { deflateSync } from "node:zlib";
import { mulberry32 } from "../../packages/mock/src/image/hash-seed";
import {
  encodePng,
  filterScanlinesUp,
  type RawImage,
} from "../../packages/mock/src/image/png-encoder";
import { paintPromptImage, renderPromptImage } from "../../packages/mock/src/image/prompt-image";
import {
  type PromptImageInput,
  planPromptImage,
} from "../../packages/mock/src/image/prompt-image-plan";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "" },
    sizes: { type: "string", default: "1024,4096" },
    warmup: { type: "string", default: "2" },
  },
});

/** Milliseconds each size must stay under (median), per the mock's performance budget. */
const TARGET_MS: Record<number, number> = { 1024: 50, 4096: 1500 };

interface Row {
  case: string;
  ms: number;
  baselineMs: number;
  bytes: number;
  targetMs: number | undefined;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `fn` `warmup` times untimed (JIT, allocator, zlib tables), then `runs` times; returns the median and the last result. */
async function measure<T>(
  runs: number,
  warmup: number,
  fn: () => T | Promise<T>,
): Promise<{ ms: number; result: T }> {
  let result = await fn();
  for (let i = 1; i < warmup; i++) result = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

function noiseImage(width: number, height: number): RawImage {
  const random = mulberry32(1);
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = random() * 256;
  return { width, height, channels: 3, pixels };
}

const warmup = Math.max(1, Number(values.warmup));
const rows: Row[] = [];
for (const size of values.sizes.split(",").map(Number)) {
  const runs = Number(values.runs) || (size <= 1024 ? 21 : 5);
  const input: PromptImageInput = {
    prompt: "a lighthouse on a cliff at dusk, oil painting",
    model: "openai/gpt-image-1",
    seed: 7,
    index: 0,
    width: size,
    height: size,
  };
  const image: RawImage = {
    width: size,
    height: size,
    channels: 3,
    pixels: paintPromptImage(planPromptImage(input)),
  };
  const filtered = filterScanlinesUp(image, 0, size);
  const baseline = await measure(runs, warmup, () => deflateSync(filtered));
  const encoded = await measure(runs, warmup, () => encodePng(image));
  const rendered = await measure(runs, warmup, () => renderPromptImage(input));
  const painted = await measure(runs, warmup, () => paintPromptImage(planPromptImage(input)));
  const target = TARGET_MS[size];
  const label = `${size}x${size}`;
  rows.push(
    {
      case: `${label} deflateSync (baseline)`,
      ms: baseline.ms,
      baselineMs: baseline.ms,
      bytes: baseline.result.length,
      targetMs: undefined,
    },
    {
      case: `${label} encodePng`,
      ms: encoded.ms,
      baselineMs: baseline.ms,
      bytes: encoded.result.length,
      targetMs: target,
    },
    {
      case: `${label} renderPromptImage`,
      ms: rendered.ms,
      baselineMs: baseline.ms,
      bytes: rendered.result.length,
      targetMs: target,
    },
    {
      case: `${label}   of which paint`,
      ms: painted.ms,
      baselineMs: baseline.ms,
      bytes: painted.result.length,
      targetMs: undefined,
    },
  );

  // Worst case for any encoder: incompressible noise.
  const noise = noiseImage(size, size);
  const noiseFiltered = filterScanlinesUp(noise, 0, size);
  const noiseBaseline = await measure(Math.min(runs, 5), 1, () => deflateSync(noiseFiltered));
  const noiseEncoded = await measure(Math.min(runs, 5), 1, () => encodePng(noise));
  rows.push(
    {
      case: `${label} noise deflateSync`,
      ms: noiseBaseline.ms,
      baselineMs: noiseBaseline.ms,
      bytes: noiseBaseline.result.length,
      targetMs: undefined,
    },
    {
      case: `${label} noise encodePng`,
      ms: noiseEncoded.ms,
      baselineMs: noiseBaseline.ms,
      bytes: noiseEncoded.result.length,
      targetMs: undefined,
    },
  );
}

const header = ["case", "ms (median)", "x baseline", "output bytes", "target", "ok"];
const table = rows.map((r) => [
  r.case,
  r.ms.toFixed(1),
  (r.ms / r.baselineMs).toFixed(2),
  r.bytes.toLocaleString("en-US"),
  r.targetMs === undefined ? "" : `<= ${r.targetMs} ms`,
  r.targetMs === undefined ? "" : r.ms <= r.targetMs ? "yes" : "MISSED",
]);
const widths = header.map((h, i) =>
  Math.max(h.length, ...table.map((row) => (row[i] ?? "").length)),
);
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
console.log(`Node ${process.version}, ${process.platform}/${process.arch}`);
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
if (rows.some((r) => r.targetMs !== undefined && r.ms > r.targetMs)) process.exitCode = 1;
