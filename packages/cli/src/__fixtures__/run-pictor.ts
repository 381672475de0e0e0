import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createRequire } from "node:module";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { onTestFinished } from "vitest";

// The `pictor` bin as users run it: a real child process running the TypeScript sources through
// tsx (a dev dependency of the cli package), with workspace packages resolved to their sources.

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
/** The monorepo root: the bin runs from there, as `pnpm pictor` would. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const binPath = fileURLToPath(new URL("../bin.ts", import.meta.url));

/** The node arguments that load a fixture of this folder before the bin runs. */
function preload(file: string): readonly string[] {
  return ["--import", new URL(`./${file}`, import.meta.url).href];
}

/** A preload that collects garbage every few milliseconds: `nodeArgs: gcPressure`. */
export const gcPressure: readonly string[] = ["--expose-gc", ...preload("gc-pressure.ts")];

/** Preloads that make stderr pass for a terminal: `nodeArgs: terminalStderr` (see terminal-stderr.ts). */
export const terminalStderr: readonly string[] = preload("terminal-stderr.ts");

/** A preload under which saving an image never finishes: `nodeArgs: stuckSaving`. */
export const stuckSaving: readonly string[] = preload("stuck-saving.ts");

/** A preload under which the disk is full after the first file written: `nodeArgs: diskFull`. */
export const diskFull: readonly string[] = preload("disk-full.ts");

/** A preload under which the filesystem has no hard links (FAT, exFAT): `nodeArgs: noHardLinks`. */
export const noHardLinks: readonly string[] = preload("no-hard-links.ts");

/** A preload under which a rename is done but never reported (a hung share): `nodeArgs: renameUnreported`. */
export const renameUnreported: readonly string[] = preload("rename-unreported.ts");

/** A preload that writes 1 MiB to stdout first, more than a pipe holds: `nodeArgs: longOutput`. */
export const longOutput: readonly string[] = preload("long-output.ts");

/** A preload under which no server can listen (EACCES): `nodeArgs: listenDenied`. */
export const listenDenied: readonly string[] = preload("listen-denied.ts");

/** A preload under which every timer fires 100 times sooner (undici's too): `nodeArgs: fastClock`. */
export const fastClock: readonly string[] = preload("fast-clock.ts");

/**
 * A preload that lists the CommonJS modules the run loaded in the file named by the
 * PICTOR_TEST_LOADED_MODULES variable: `nodeArgs: loadedModules`.
 */
export const loadedModules: readonly string[] = preload("loaded-modules.ts");

/** Upper bound for one run of the CLI; a run that takes longer is killed and fails the test. */
export const defaultTimeoutMs = 20_000;

/** How a run of the CLI ended. */
export interface PictorResult {
  /** The exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to a minimal environment (PATH, HOME, TMPDIR): no LLM_GATEWAY_* unless given here. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string | Uint8Array;
  timeoutMs?: number;
  /** Extra Node.js flags, given before the bin (e.g. `--expose-gc`). */
  nodeArgs?: readonly string[];
  /** The folder the bin runs in, for relative paths (default: the monorepo root). */
  cwd?: string;
}

/** A CLI process still running, for tests that talk to it (signals, `serve`). */
export interface RunningPictor {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process exits (never rejects). */
  exited: Promise<PictorResult>;
  /**
   * Resolves with the first match of `pattern` in stdout (or stderr); rejects if the process
   * exits first or after `timeoutMs`.
   */
  waitForOutput(
    pattern: RegExp,
    options?: { stream?: "stdout" | "stderr"; timeoutMs?: number },
  ): Promise<RegExpExecArray>;
  /** Resolves when the process exits; kills it and rejects (with its output so far) after `timeoutMs`. */
  finished(timeoutMs?: number): Promise<PictorResult>;
}

/** The environment of a run: only what Node needs, plus `extra`. */
export function minimalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "SystemRoot", "TEMP", "TMP"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Starts `pictor <args>`; the process is killed when the current test finishes if still running. */
export function startPictor(args: readonly string[], options: RunOptions = {}): RunningPictor {
  const running = spawnPictor(args, options);
  onTestFinished(() => {
    const { child } = running;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return running;
}

/**
 * Runs `pictor <args>` to completion; kills it and rejects if it runs longer than the timeout.
 * Usable in `beforeAll` too (it needs no test to clean up after).
 */
export function runPictor(
  args: readonly string[],
  options: RunOptions = {},
): Promise<PictorResult> {
  return spawnPictor(args, options).finished();
}

function spawnPictor(args: readonly string[], options: RunOptions): RunningPictor {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@pictor/source",
      "--import",
      tsxLoader,
      ...(options.nodeArgs ?? []),
      binPath,
      ...args,
    ],
    {
      cwd: options.cwd ?? repoRoot,
      env: minimalEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  // Writing to a process that already exited must not crash the test runner.
  child.stdin.on("error", () => {});
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();

  const exited = new Promise<PictorResult>((resolve) => {
    // "close" rather than "exit": every byte of stdout and stderr has been read by then.
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const describe = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForOutput(pattern, { stream = "stdout", timeoutMs = defaultTimeoutMs } = {}) {
      const source = stream === "stdout" ? child.stdout : child.stderr;
      const text = () => (stream === "stdout" ? stdout : stderr);
      return new Promise((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          source.off("data", check);
        };
        const check = () => {
          const match = pattern.exec(text());
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `pictor did not print ${pattern} on ${stream} within ${timeoutMs} ms\n${describe()}`,
            ),
          );
        }, timeoutMs);
        source.on("data", check);
        void exited.then(() => {
          check();
          cleanup();
          reject(new Error(`pictor exited before printing ${pattern} on ${stream}\n${describe()}`));
        });
        check();
      });
    },
    finished(timeoutMs = options.timeoutMs ?? defaultTimeoutMs) {
      if (hasExited) return exited;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(
            new Error(
              `pictor ${args.join(" ")} did not exit within ${timeoutMs} ms\n${describe()}`,
            ),
          );
        }, timeoutMs);
        void exited.then((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
  };
}

/** Polls `condition` until it holds; rejects with `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = defaultTimeoutMs,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Matches a stack frame line such as "    at runCli (/…/run-cli.ts:42:7)". */
export const stackFrame = /^\s+at .+/m;
/** Any ANSI escape sequence (colours, cursor moves, line clears): ESC followed by "[". */
export const ansiEscape = new RegExp(`${String.fromCharCode(0x1b)}\\[`);
/** Spinner frames: braille dots (yocto-spinner's default), or a carriage return redrawing a line. */
export const spinnerFrame = /[\u2800-\u28ff]|\r/;
