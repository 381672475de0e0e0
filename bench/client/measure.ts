/** Timing and memory helpers of the client benchmarks (Node only). */

import { performance } from "node:perf_hooks";

/** One measured run of a case. */
export interface Sample {
  ms: number;
  /** CPU time of this process (user + system, all its threads) during the run. */
  cpuMs: number;
  /** Peak growth of `heapUsed + external` (bytes) over the level right after `gc()`. */
  peakBytes: number;
  /** Peak growth of `heapUsed` alone and of `external` alone (they need not peak together). */
  peakHeapBytes: number;
  peakExternalBytes: number;
}

/** A variant to measure: resolves once its work is done, keeping the result alive until then. */
export type Job = () => Promise<unknown>;

/** `global.gc` (run.ts starts Node with `--expose-gc`). */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc (run.ts re-executes itself with it)");
  gc();
  gc();
}

/** Memory in use now: V8's heap, and `external`, which includes `arrayBuffers` (Buffers, Uint8Arrays, fetch chunks). */
function used(): { heap: number; external: number } {
  const memory = process.memoryUsage();
  return { heap: memory.heapUsed, external: memory.external };
}

/**
 * Runs `job` once after a full GC: wall time, and the peak of heap + external memory above the
 * post-GC level, sampled every millisecond while the job runs and once more when it ends (while
 * its result is still referenced; objects already dead but not yet collected count too, as they
 * occupy memory until the next GC).
 */
export async function measureOnce(job: Job): Promise<Sample> {
  collect();
  const base = used();
  let peak = 0;
  let peakHeap = 0;
  let peakExternal = 0;
  const sample = () => {
    const now = used();
    const heap = now.heap - base.heap;
    const external = now.external - base.external;
    peak = Math.max(peak, heap + external);
    peakHeap = Math.max(peakHeap, heap);
    peakExternal = Math.max(peakExternal, external);
  };
  const timer = setInterval(sample, 1);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await job();
  const ms = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpu);
  clearInterval(timer);
  sample();
  // Keep the result alive up to the last sample.
  if (result === Symbol.for("never")) console.log(result);
  return {
    ms,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    peakBytes: peak,
    peakHeapBytes: peakHeap,
    peakExternalBytes: peakExternal,
  };
}

/** Medians of `runs` measured runs of each variant, after `warmup` unmeasured ones, interleaved A, B, A, B. */
export async function compare(
  baseline: Job,
  pictor: Job,
  options: { warmup: number; runs: number; measure?: (job: Job) => Promise<Sample> },
): Promise<{ baseline: Sample; pictor: Sample }> {
  const measure = options.measure ?? measureOnce;
  for (let i = 0; i < options.warmup; i++) {
    await baseline();
    await pictor();
  }
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    // Alternate which goes first, so drift (GC state, other load) hits both alike.
    if (i % 2 === 0) {
      a.push(await measure(baseline));
      b.push(await measure(pictor));
    } else {
      b.push(await measure(pictor));
      a.push(await measure(baseline));
    }
  }
  return { baseline: medianSample(a), pictor: medianSample(b) };
}

function medianSample(samples: readonly Sample[]): Sample {
  return {
    ms: median(samples.map((s) => s.ms)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    peakBytes: median(samples.map((s) => s.peakBytes)),
    peakHeapBytes: median(samples.map((s) => s.peakHeapBytes)),
    peakExternalBytes: median(samples.map((s) => s.peakExternalBytes)),
  };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Per-call time of a fast async operation: batches of `batch` calls, the median batch over
 * `rounds`, divided by `batch`; A and B interleaved batch by batch.
 */
export async function comparePerCall(
  baseline: Job,
  pictor: Job,
  options: { warmupCalls: number; batch: number; rounds: number },
): Promise<{ baselineUs: number; pictorUs: number; ratios: number[] }> {
  for (let i = 0; i < options.warmupCalls; i++) {
    await baseline();
    await pictor();
  }
  const batchOf = async (job: Job) => {
    const start = performance.now();
    for (let i = 0; i < options.batch; i++) await job();
    return ((performance.now() - start) * 1000) / options.batch;
  };
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const first = round % 2 === 0;
    const x = first ? await batchOf(baseline) : 0;
    const y = await batchOf(pictor);
    const z = first ? x : await batchOf(baseline);
    a.push(z);
    b.push(y);
    ratios.push(y / z);
  }
  return { baselineUs: median(a), pictorUs: median(b), ratios };
}
