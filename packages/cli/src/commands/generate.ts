import { Command } from "commander";
import { UsageError } from "../cli-error";
import type { CliIO, CommandRun } from "../run-cli";
import {
  type ImageFlags,
  imageOptions,
  requestTerms,
  runImageCommand,
  withImageFlags,
} from "./image-command";
import { readPrompt } from "./read-prompt";

/** `pictor generate "<prompt>"`, or `pictor generate -` with the prompt on stdin. */
export function generateCommand(io: CliIO, run: CommandRun): Command {
  return withImageFlags(
    new Command("generate")
      .description("generate images from a prompt")
      .argument("<prompt>", "what to draw, or - to read it from stdin")
      // Refused below with a message that says why: an unquoted prompt is the usual cause.
      .allowExcessArguments(),
  ).action(async (argument: string, flags: ImageFlags, command: Command) => {
    if (command.args.length > 1)
      throw new UsageError(
        `pictor generate takes the prompt as one argument, got ${command.args.length}: put a prompt of several words in quotes, e.g. pictor generate "a red fox"`,
      );
    const terms = requestTerms("generate", [], flags);
    run.setTerms(terms);
    const prompt = await readPrompt(argument, io, "pictor generate -");
    run.setExit(
      await runImageCommand(
        flags,
        io,
        run,
        (pictor, options) => pictor.images.generate({ ...imageOptions(flags), prompt }, options),
        prompt,
        terms,
      ),
    );
  });
}
