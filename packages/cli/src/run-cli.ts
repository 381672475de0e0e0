import { readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  ContentFilterError,
  PictorError,
  RequestValidationError,
} from "@pictor/client";
import { Command, CommanderError } from "commander";
import { UsageError } from "./cli-error";
import { editCommand } from "./commands/edit";
import { generateCommand } from "./commands/generate";
import { modelsCommand } from "./commands/models";
import { serveCommand } from "./commands/serve";
import type { Proxied } from "./connect";
import { environmentHelp } from "./environment-help";
import { formatFilteredCost, type JsonErrorFields, jsonError } from "./output/format";
import { inCliTerms, type RequestTerms } from "./output/in-cli-terms";
import { withoutKeys } from "./output/without-keys";
import { proxyPasswords } from "./proxy-from-env";
import { refuseOptionsAsValues } from "./refuse-options-as-values";
import { withShortFlagHint } from "./short-flag-hint";

/** Where the CLI reads and writes; the bin passes the process's, tests their own. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where a prompt given as `-` is read from; without it, `-` is a usage error. */
  stdin?: Readable & { isTTY?: boolean };
  /** Aborted on Ctrl-C: requests stop and no partial file is left. */
  signal: AbortSignal;
}

/** How a command that makes images hands its outcome back to `runCli`. */
export interface CommandRun {
  /** The exit code of a run that did not throw. */
  setExit(code: number): void;
  /** What the run was given, for errors to name the flags and inputs rather than wire fields. */
  setTerms(terms: RequestTerms): void;
  /** What goes through a proxy, for a connection error or an unreachable input to name it. */
  setProxied(proxied: Proxied): void;
}

/** Exit codes: 0 success, 1 API or network error, 2 usage error, 130 interrupted. */
export const exitCodes = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/**
 * The installed package's version for `pictor --version`: read from its package.json (one folder
 * up from both src/ and dist/) when the CLI runs, so it is the version `changeset version` wrote.
 */
export function cliVersion(): string | undefined {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    );
    if (typeof manifest === "object" && manifest !== null && "version" in manifest)
      return typeof manifest.version === "string" ? manifest.version : undefined;
  } catch {
    // Bundled into another program without its package.json: no --version then.
  }
  return undefined;
}

/**
 * Runs `pictor <command> ...` and resolves to the exit code. Errors print the typed error's
 * message (which says how to fix it); the stack only with `--verbose`.
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal });
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const verbose = argv.includes("--verbose");
  // Read from the command line, not the parse: a usage error may stop the parse before --json.
  const end = argv.indexOf("--");
  const json = (end === -1 ? argv : argv.slice(0, end)).includes("--json");
  /** The parse error as printed, for `--json` to say the same. */
  let parseError: string | undefined;
  /** Where `command` writes; its parse errors without a flag's value, with the short flag meant. */
  const outputOf = (command: Command) => ({
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
    outputError: (text: string, write: (text: string) => void) => {
      parseError = withShortFlagHint(withoutOptionValue(text), command);
      write(parseError);
    },
  });
  const program = new Command("pictor")
    .description("Generate and edit images with any LLM Gateway model (or offline with --local)")
    .option("--verbose", "print stack traces on errors")
    .addHelpText("after", environmentHelp())
    .exitOverride();
  program.configureOutput(outputOf(program)).showHelpAfterError("(run with --help for usage)");
  const version = cliVersion();
  if (version) program.version(version, "-v, --version", "print the version of pictor");
  let terms: RequestTerms | undefined;
  let proxied: Proxied | undefined;
  const run: CommandRun = {
    setExit(code) {
      exitCode = code;
    },
    setTerms(request) {
      terms = request;
    },
    setProxied(routes) {
      proxied = routes;
    },
  };
  for (const command of [
    generateCommand(io, run),
    editCommand(io, run),
    modelsCommand(io),
    serveCommand(io),
  ]) {
    // addCommand() does not pass these settings down the way command() does.
    program.addCommand(
      command
        .exitOverride()
        .option("--verbose", "print stack traces on errors")
        .configureOutput(outputOf(command))
        .showHelpAfterError("(run with --help for usage)"),
    );
  }
  // A command reads --verbose from its own flags, given before it (`pictor --verbose generate`) too.
  program.hook("preAction", (_program, action) => {
    if (action.optsWithGlobals().verbose) action.setOptionValue("verbose", true);
  });
  refuseOptionsAsValues(program, argv);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return report(error, io, {
      verbose,
      json,
      terms,
      proxied,
      keys: keysOf(program, io.env),
      parseError,
    });
  }
}

/**
 * The keys this run was given, `--api-key` (on whichever command took it) and
 * LLM_GATEWAY_API_KEY, and the passwords of its proxy variables, for what it prints to leave
 * out. Empty ones count as none.
 */
function keysOf(program: Command, env: NodeJS.ProcessEnv): string[] {
  const given: unknown[] = [
    env.LLM_GATEWAY_API_KEY,
    ...program.commands.map((command) => command.getOptionValue("apiKey")),
    ...proxyPasswords(env),
  ];
  return given.filter((key): key is string => typeof key === "string" && key !== "");
}

/**
 * Commander's parse error with the value of an unknown `--flag=value` left out: the value may be
 * a key (`pictor models --api-key=…`, `pictor --api-key=… generate`, a misspelt `--apikey=…`),
 * which would end up in a terminal's scrollback or a CI log.
 */
function withoutOptionValue(text: string): string {
  return text.replace(/^(error: unknown option '--[^'=]+=).*'$/m, "$1…'");
}

/** How `runCli` reports a failure: what the command line asked for and what it was given. */
interface ReportOptions {
  verbose: boolean;
  /** `--json` was given: the error is also printed on stdout, as one JSON object. */
  json: boolean;
  terms: RequestTerms | undefined;
  /** What went through a proxy, if anything did. */
  proxied: Proxied | undefined;
  /** The keys the run was given, never printed. */
  keys: readonly string[];
  /** Commander's parse error as it was printed (value left out, flag meant added). */
  parseError: string | undefined;
}

function report(
  error: unknown,
  io: CliIO,
  { verbose, json, terms, proxied, keys, parseError }: ReportOptions,
): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are not failures.
    if (error.exitCode === 0) return exitCodes.ok;
    if (json) {
      const message = (parseError?.trimEnd() ?? withoutOptionValue(error.message)).replace(
        /^error: /,
        "",
      );
      io.stdout.write(jsonError({ type: "UsageError", message }, keys));
    }
    return exitCodes.usage;
  }
  if (
    APIUserAbortError.isInstance(error) ||
    (error instanceof Error && error.name === "AbortError") ||
    // The caller's own reason, rethrown as it is where a wait gives up (the prompt on stdin):
    // `AbortSignal.timeout`'s TimeoutError, or whatever `abort(reason)` was given.
    (io.signal.aborted && error === io.signal.reason)
  ) {
    const message = "cancelled; no file was written.";
    io.stderr.write(`pictor: ${message}\n`);
    if (json) io.stdout.write(jsonError({ type: "APIUserAbortError", message }, keys));
    return exitCodes.interrupted;
  }
  const usage = error instanceof UsageError || RequestValidationError.isInstance(error);
  // No error of Node's or undici's is known to quote a proxy's URL; its password is taken out
  // all the same, as the client takes out the key.
  const passwords = proxyPasswords(io.env);
  const message = withoutKeys(
    inCliTerms(error instanceof Error ? error.message : String(error), terms),
    passwords,
  );
  io.stderr.write(`pictor: ${message}\n`);
  // A provider may bill the prompt of a request its filter refused: the user sees what it cost.
  if (ContentFilterError.isInstance(error) && error.cost && error.cost.usd > 0)
    io.stderr.write(formatFilteredCost(error.cost));
  if (json) io.stdout.write(jsonError(errorFields(error, message), keys));
  if (APIConnectionError.isInstance(error) && !APITimeoutError.isInstance(error)) {
    const cause = causeOf(error, keys);
    // The client's message names the cause of Node's "fetch failed" already: not said twice.
    const why = cause && !message.includes(cause) ? `(${cause}) ` : "";
    // Only a proxy the failing call went through: not one NO_PROXY or its scheme left out.
    const proxy = proxied?.gateway ? `, and the proxy in ${proxied.gateway}` : "";
    if (cause) io.stderr.write(`  ${why}Check --base-url or LLM_GATEWAY_BASE_URL${proxy}.\n`);
  }
  // A proxy refusing or failing the check of an input fails it as a dead host would: the
  // client says "could not be reached; check the URL", and the proxy is to be checked too.
  if (
    RequestValidationError.isInstance(error) &&
    proxied?.inputs &&
    error.issues.some((issue) => issue.message.includes(" could not be reached"))
  )
    io.stderr.write(
      `  The input image URLs were fetched through the proxy in ${proxied.inputs}: check it too.\n`,
    );
  if (AuthenticationError.isInstance(error))
    io.stderr.write("Pass --api-key <key> or set LLM_GATEWAY_API_KEY (or use --local).\n");
  if (verbose && error instanceof Error && error.stack)
    io.stderr.write(`${withoutKeys(error.stack, passwords)}\n`);
  if (!usage && !PictorError.isInstance(error) && !verbose)
    io.stderr.write("(run with --verbose for details)\n");
  return usage ? exitCodes.usage : exitCodes.failure;
}

/**
 * What `--json` says of `error`: its class, the message as printed, the gateway's fields (and
 * whether the client would retry it), and the cost of a content filter's refusal.
 */
function errorFields(error: unknown, message: string): JsonErrorFields {
  // Something thrown that is not an Error (a string) has no class to name.
  const type = error instanceof Error ? error.name : "Error";
  if (APIError.isInstance(error))
    return {
      type,
      message,
      status: error.status,
      code: error.code,
      requestId: error.requestId,
      retryable: error.retryable,
    };
  if (ContentFilterError.isInstance(error))
    return { type, message, requestId: error.requestId, cost: error.cost };
  return { type, message };
}

/**
 * What a connection error's deepest cause says (`connect ECONNREFUSED 127.0.0.1:4010`,
 * `getaddrinfo ENOTFOUND …`), which the client's message names after "fetch failed" when it is
 * the fetch error's own cause, and not when it lies deeper (a wrapper's). The keys are cleaned
 * out: the client leaves in a cause what it does not take for a credential (a key under 8
 * characters), and a key from --api-key is as secret as one from the environment.
 */
function causeOf(error: unknown, keys: readonly string[]): string | undefined {
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  let deepest: string | undefined;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth++) {
    if (cause.message) deepest = cause.message;
    cause = cause.cause;
  }
  if (!deepest) return undefined;
  return withoutKeys(deepest, keys);
}
