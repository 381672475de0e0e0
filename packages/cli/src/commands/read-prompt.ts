import { text } from "node:stream/consumers";
import { UsageError } from "../cli-error";
import type { CliIO } from "../run-cli";

/**
 * The prompt a command was given: `-` means "read it from stdin", as for any Unix tool
 * (`pictor generate - < prompt.txt`), so a long or generated prompt needs no shell quoting.
 * Surrounding whitespace (the newline `echo` adds) is dropped; nothing left is a usage error.
 * `usage` shows the command with its `-`, for the messages.
 */
export async function readPrompt(value: string, io: CliIO, usage: string): Promise<string> {
  if (value !== "-") return value;
  const { stdin } = io;
  if (!stdin)
    throw new UsageError(
      `${usage} reads the prompt from stdin, and this run has no stdin: give the prompt itself`,
    );
  // A terminal waits for the user: say what it waits for rather than seem to hang.
  if (stdin.isTTY) io.stderr.write("pictor: type the prompt, then Ctrl-D on a new line\n");
  const prompt = (await untilAborted(text(stdin), io.signal)).trim();
  if (prompt === "")
    throw new UsageError(
      `The prompt read from stdin is empty: pipe one in (echo "A red fox" | ${usage}) or give it in place of the -`,
    );
  return prompt;
}

/** `promise`, or the signal's reason (an AbortError: exit 130) once Ctrl-C aborts it. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
