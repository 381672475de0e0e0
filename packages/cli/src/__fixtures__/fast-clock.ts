/**
 * Preloaded into a CLI child process (`nodeArgs: fastClock`): every timer fires 100 times sooner
 * (undici's included, which tick on `setTimeout`), so that a wait of minutes takes seconds: the
 * 300 s that undici gives an answer's headers by default runs out after some 3 s, and a --timeout
 * of an hour after 36 s. Real time (a gateway's latency) is untouched.
 *
 * undici's 10 s connect timeout shrinks too, yet cannot fire on a loaded machine: undici counts
 * its long waits in ticks of its clock (one per turn of the event loop, however late), and the
 * connect timeout fires through a setImmediate, after the turn's I/O. A connect to 127.0.0.1 is
 * done by the kernel at once and seen in the first turn; 1,200 fresh connections under this
 * preload on 2 busy cores, through undici 7 and Node's fetch, timed out none.
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
