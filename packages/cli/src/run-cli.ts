import type { Writable } from "node:stream";
import {
  APIUserAbortError,
  AuthenticationError,
  PictorError,
  RequestValidationError,
} from "@pictor/client";
import { Command, CommanderError } from "commander";
import { UsageError } from "./cli-error";
import { editCommand } from "./commands/edit";
import { generateCommand } from "./commands/generate";
import { modelsCommand } from "./commands/models";
import { serveCommand } from "./commands/serve";

/** Where the CLI reads and writes; the bin passes the process's, tests their own. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: requests stop and no partial file is left. */
  signal: AbortSignal;
}

/** Exit codes: 0 success, 1 API or network error, 2 usage error, 130 interrupted. */
export const exitCodes = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/**
 * Runs `pictor <command> ...` and resolves to the exit code. Errors print the typed error's
 * message (which says how to fix it); the stack only with `--verbose`.
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal });
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const verbose = argv.includes("--verbose");
  const program = new Command("pictor")
    .description("Generate and edit images with any LLM Gateway model (or offline with --local)")
    .option("--verbose", "print stack traces on errors")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(run with --help for usage)");
  const setExit = (code: number) => {
    exitCode = code;
  };
  for (const command of [
    generateCommand(io, setExit),
    editCommand(io, setExit),
    modelsCommand(io),
    serveCommand(io),
  ]) {
    // addCommand() does not pass these settings down the way command() does.
    program.addCommand(
      command
        .exitOverride()
        .option("--verbose", "print stack traces on errors")
        .configureOutput({
          writeOut: (text) => io.stdout.write(text),
          writeErr: (text) => io.stderr.write(text),
        })
        .showHelpAfterError("(run with --help for usage)"),
    );
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return report(error, io, verbose);
  }
}

function report(error: unknown, io: CliIO, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are not failures.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  if (
    APIUserAbortError.isInstance(error) ||
    (error instanceof Error && error.name === "AbortError")
  ) {
    io.stderr.write("pictor: cancelled; no file was written.\n");
    return exitCodes.interrupted;
  }
  const usage = error instanceof UsageError || RequestValidationError.isInstance(error);
  const message = inCliTerms(error instanceof Error ? error.message : String(error));
  io.stderr.write(`pictor: ${message}\n`);
  if (AuthenticationError.isInstance(error))
    io.stderr.write("Pass --api-key <key> or set LLM_GATEWAY_API_KEY (or use --local).\n");
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (!usage && !PictorError.isInstance(error) && !verbose)
    io.stderr.write("(run with --verbose for details)\n");
  return usage ? exitCodes.usage : exitCodes.failure;
}

/** The client's advice in the command line's terms: its code names methods and options, not flags. */
function inCliTerms(message: string): string {
  return message
    .replaceAll("pictor.models.list() lists them", "`pictor models` lists them")
    .replaceAll("send credentials as apiKey or headers", "pass the key with --api-key");
}
