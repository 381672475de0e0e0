/**
 * One variant of the large-image case, alone in its own process (forked by cases.ts), so its
 * memory is measured without the other variant's garbage-collector state: the baseline's huge
 * strings grow V8's young generation, and a process that ran them collects later (so shows
 * more uncollected garbage) than one that did not.
 *
 *   memory-child.ts <pictor|baseline|floor> <server url> <image bytes> <warmup> <runs>
 *
 * Sends the median `Sample` of the runs to the parent over IPC.
 */

import { imageJobs } from "./jobs";
import { measureOnce, median, type Sample } from "./measure";

const [variant, url = "", imageBytesArg = "0", warmupArg = "2", runsArg = "5"] =
  process.argv.slice(2);
const imageBytes = Number(imageBytesArg);

if (variant === "pictor" || variant === "baseline" || variant === "floor") {
  const job = imageJobs(url, imageBytes)[variant];
  for (let i = 0; i < Number(warmupArg); i++) await job();
  const samples: Sample[] = [];
  for (let i = 0; i < Number(runsArg); i++) samples.push(await measureOnce(job));
  const result: Sample = {
    ms: median(samples.map((s) => s.ms)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    peakBytes: median(samples.map((s) => s.peakBytes)),
    peakHeapBytes: median(samples.map((s) => s.peakHeapBytes)),
    peakExternalBytes: median(samples.map((s) => s.peakExternalBytes)),
  };
  process.send?.(result, () => process.exit(0));
}
