/** The outcome of one task. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs tasks with at most `limit` in flight and returns their outcomes in order. Once one fails
 * and `stopOnError` is set, tasks not yet started are skipped (so a failure does not go on
 * spending money); tasks in flight finish.
 */
export async function runBounded<T>(
  tasks: readonly (() => Promise<T>)[],
  limit: number,
  stopOnError: boolean,
): Promise<(Settled<T> | undefined)[]> {
  const results: (Settled<T> | undefined)[] = new Array(tasks.length).fill(undefined);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (next < tasks.length && !(stopOnError && failed)) {
      const index = next++;
      const task = tasks[index];
      if (!task) continue;
      const outcome = await settle(task);
      if (!outcome.ok) failed = true;
      results[index] = outcome;
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

/** The outcome of one task, which never rejects. */
async function settle<T>(task: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await task() };
  } catch (error) {
    return { ok: false, error };
  }
}
