/**
 * Preloaded into a CLI child process (with `--expose-gc`) to collect garbage every 20 ms, as a
 * busy or long-running process would at some point. It makes bugs that depend on an object
 * being collected (such as an abort signal linked only through a WeakRef) show up every time
 * instead of now and then.
 */
const collect = globalThis.gc;
if (!collect) throw new Error("gc-pressure.ts needs node --expose-gc");
setInterval(() => collect(), 20).unref();
