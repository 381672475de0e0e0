import { Command } from "commander";
import type { CliIO } from "../run-cli";
import { type ImageFlags, imageOptions, runImageCommand, withImageFlags } from "./image-command";

/** `pictor generate "<prompt>"`. */
export function generateCommand(io: CliIO, setExit: (code: number) => void): Command {
  return withImageFlags(
    new Command("generate")
      .description("generate images from a prompt")
      .argument("<prompt>", "what to draw"),
  ).action(async (prompt: string, flags: ImageFlags) => {
    setExit(
      await runImageCommand(
        flags,
        io,
        (pictor, options) => pictor.images.generate({ ...imageOptions(flags), prompt }, options),
        prompt,
      ),
    );
  });
}
