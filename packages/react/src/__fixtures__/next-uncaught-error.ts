/**
 * The next error thrown where nothing catches it, taken from the test runner, which would
 * otherwise fail the run with it: for code that must report an error (not swallow it) without
 * stopping its own work. The runner's listeners come back once it has arrived.
 */
export function nextUncaughtError(): Promise<unknown> {
  const runners = process.listeners("uncaughtException");
  process.removeAllListeners("uncaughtException");
  return new Promise((resolve) => {
    process.once("uncaughtException", (error) => {
      for (const listener of runners) process.on("uncaughtException", listener);
      resolve(error);
    });
  });
}
