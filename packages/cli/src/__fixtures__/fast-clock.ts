/**
 * Preloaded into a CLI child process (`nodeArgs: fastClock`): every timer fires 100 times sooner
 * (undici's included, which tick on `setTimeout`), so that a wait of minutes takes seconds: the
 * 300 s that undici gives an answer's headers by default runs out after some 3 s, and a --timeout
 * of an hour after 36 s. Real time (a gateway's latency) is untouched.
 */
const speedUp = 100;
const { setTimeout: realSetTimeout, setInterval: realSetInterval } = globalThis;

globalThis.setTimeout = Object.assign(
  (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
    realSetTimeout(callback, (delay ?? 0) / speedUp, ...args),
  realSetTimeout,
);
globalThis.setInterval = Object.assign(
  (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
    realSetInterval(callback, (delay ?? 0) / speedUp, ...args),
  realSetInterval,
);
