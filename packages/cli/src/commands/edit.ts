import { imageFromFile } from "@pictor/client/node";
import { Command } from "commander";
import { UsageError } from "../cli-error";
import { expandHome } from "../output/save-images";
import type { CliIO, CommandRun } from "../run-cli";
import {
  type ImageFlags,
  imageOptions,
  requestTerms,
  runImageCommand,
  withImageFlags,
} from "./image-command";
import { readPrompt } from "./read-prompt";

/** `pictor edit <image-or-url>... --prompt "<prompt>"`. */
export function editCommand(io: CliIO, run: CommandRun): Command {
  return withImageFlags(
    new Command("edit")
      .description("edit or combine images (files, https or data: URLs) following a prompt")
      .argument("<images...>", "image files, https URLs or data: URLs (data:image/png;base64,…)")
      .requiredOption(
        "-p, --prompt <prompt>",
        "how to change the images, or - to read it from stdin",
      ),
  ).action(async (inputs: string[], flags: ImageFlags & { prompt: string }) => {
    const terms = requestTerms("edit", inputs, flags);
    run.setTerms(terms);
    const images = await readInputs(inputs, flags.prompt);
    const prompt = await readPrompt(flags.prompt, io, "pictor edit <images...> --prompt -");
    run.setExit(
      await runImageCommand(
        flags,
        io,
        run,
        (pictor, options) =>
          pictor.images.edit({ ...imageOptions(flags), prompt, images }, options),
        prompt,
        terms,
      ),
    );
  });
}

/**
 * Every input, read at once; when some cannot be read, the error is the first one's in command
 * line order (not whichever read failed first), so `pictor edit a b` always names the same file.
 */
async function readInputs(
  inputs: readonly string[],
  prompt: string,
): Promise<Array<string | Uint8Array>> {
  const settled = await Promise.allSettled(inputs.map((input) => readInput(input, inputs, prompt)));
  return settled.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
}

/**
 * An input read as a URL or a file's bytes. `inputs` and `prompt` are the command line's, for the
 * hint when a missing "file" is a word of an unquoted prompt (`-p make it blue`).
 */
async function readInput(
  input: string,
  inputs: readonly string[],
  prompt: string,
): Promise<string | Uint8Array> {
  // Schemes are case-insensitive: `HTTPS://…` pasted from a document is a URL, and `DATA:…` a
  // data URL, not a file name (the client reads both, as it reads their lowercase forms).
  if (/^(?:https?:\/\/|data:)/i.test(input)) return input;
  // `-` is stdin for a prompt only (`cat photo.png | pictor edit -` is a habit of other tools):
  // said as such, not as a missing file that might be a word of the prompt.
  if (input === "-")
    throw new UsageError(
      'An image is not read from stdin ("-"): give it as a file or an https or data: URL (only --prompt - reads stdin)',
    );
  // A quoted "~/photo.png" reached us unexpanded: read as the shell would have it, as `-o` is,
  // rather than relayed with the client's advice for code (`join(homedir(), …)`).
  const path = expandHome(input);
  let bytes: Uint8Array;
  try {
    // Refuses a file over the input limit from its size, before reading it: a video or disk
    // image picked by mistake is not read whole into memory only to be refused by the client.
    bytes = await imageFromFile(path);
  } catch (error) {
    // The client's errors name the file and say what to do (a folder, an empty file, no image,
    // a missing path, too large): said once, in the CLI's words, not after "Cannot read …".
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/^imageFromFile: /, "")
      .replace(" (maxInputImageBytes)", "");
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    throw new UsageError(
      `${message.startsWith(`"${path}"`) ? `The image ${message}` : `Cannot read the image "${path}": ${message}`}${
        // Only a name that does not exist may be a word of the prompt taken for a file.
        code === "ENOENT" && isWord(input)
          ? `; is it a word of the prompt? Quote the prompt: -p "${[prompt, ...inputs.filter(isWord)].join(" ")}"`
          : ""
      }`,
    );
  }
  return bytes;
}

/** A bare word, no file name: no extension, no folder, no scheme. */
function isWord(input: string): boolean {
  return !/[./\\:]/.test(input);
}
