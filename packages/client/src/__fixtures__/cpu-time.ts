// How long work kept this process's CPU busy, for tests that tell linear from quadratic time.
//
// Wall-clock time measures the machine's load too: on 2 busy cores (CI runs a dozen test workers
// side by side) a read that takes 0.1 s alone took over 2 s, and a bound on it failed at random.
// The CPU time this process spent is what the algorithm costs, whatever else runs. Vitest runs
// each test file in a process of its own (the `forks` pool), so no other test's work counts.

/** Runs `work` and returns its result with the CPU milliseconds (user + system) it took. */
export async function withCpuTime<T>(work: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = process.cpuUsage();
  const value = await work();
  const { user, system } = process.cpuUsage(before);
  return { value, cpuMs: (user + system) / 1000 };
}
