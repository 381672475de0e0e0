import type { Writable } from "node:stream";
import yoctoSpinner from "yocto-spinner";

/** Tells the user what is happening while a request runs. */
export interface Progress {
  /** A new phase: "sending", "waiting for the model", "retrying in 2 s after a 429", "saving". */
  phase(text: string): void;
  /** Stops the spinner (or prints nothing more) before the summary or an error is written. */
  stop(): void;
}

/**
 * On a terminal, a spinner with the phase and elapsed seconds; otherwise one plain line per
 * phase (logs stay readable). Always on stderr: stdout carries only the result.
 * A terminal in CI (`CI` set) or with `TERM=dumb` gets the plain lines too: yocto-spinner does
 * not animate there (it reads the process's environment) and would print every redraw, four a
 * second, as a line of its own.
 */
export function createProgress(
  stream: Writable & { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  quiet: boolean,
): Progress {
  if (quiet) return { phase() {}, stop() {} };
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (!stream.isTTY || !animates(env) || !animates(process.env)) {
    return {
      phase(text) {
        stream.write(`pictor: ${text} (${elapsed()})\n`);
      },
      stop() {},
    };
  }
  let current = "";
  const spinner = yoctoSpinner({ stream, handleSignals: false }).start();
  // The spinner hides the cursor. A second Ctrl-C exits at once (process.exit), past every
  // `finally`: stopping it on the way out shows the cursor again, whatever ends the process.
  const stopOnExit = () => spinner.stop();
  process.once("exit", stopOnExit);
  // Refresh the elapsed time between phases so a minutes-long generation visibly lives.
  const timer = setInterval(() => {
    spinner.text = `${current} ${elapsed()}`;
  }, 250);
  timer.unref();
  return {
    phase(text) {
      current = text;
      spinner.text = `${current} ${elapsed()}`;
    },
    stop() {
      clearInterval(timer);
      process.off("exit", stopOnExit);
      spinner.stop();
    },
  };
}

/** Whether yocto-spinner redraws in place under this environment (its own test, on a TTY). */
function animates(env: NodeJS.ProcessEnv): boolean {
  return env.TERM !== "dumb" && !("CI" in env);
}
