import { onTestFinished } from "vitest";

/**
 * The next error thrown where nothing catches it, taken from the test runner, which would
 * otherwise fail the run with it: for code that must report an error (not swallow it) without
 * stopping its own work. The runner's listeners come back once it has arrived, or when the test
 * ends without it (a failing test must not leave later uncaught errors swallowed here).
 */
export function nextUncaughtError(): Promise<unknown> {
  const runners = process.listeners("uncaughtException");
  process.removeAllListeners("uncaughtException");
  let restored = false;
  const restore = (taken: (error: Error) => void) => {
    if (restored) return;
    restored = true;
    process.removeListener("uncaughtException", taken);
    for (const listener of runners) process.on("uncaughtException", listener);
  };
  return new Promise((resolve) => {
    const taken = (error: Error) => {
      restore(taken);
      resolve(error);
    };
    process.once("uncaughtException", taken);
    onTestFinished(() => restore(taken));
  });
}
