import { Command } from "commander";
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
      .argument("<prompt>", "what to draw, or - to read it from stdin"),
  ).action(async (argument: string, flags: ImageFlags) => {
    const terms = requestTerms("generate", [], flags);
    run.setTerms(terms);
    const prompt = await readPrompt(argument, io, "pictor generate -");
    run.setExit(
      await runImageCommand(
        flags,
        io,
        (pictor, options) => pictor.images.generate({ ...imageOptions(flags), prompt }, options),
        prompt,
        terms,
      ),
    );
  });
}
