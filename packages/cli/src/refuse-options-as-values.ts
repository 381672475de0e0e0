import type { Command } from "commander";
import { UsageError } from "./cli-error";

/** An argument written as an option (`--api-key=…`, `-o`): a dash and a letter. */
const optionLike = /^--?[A-Za-z]/;

/**
 * Makes every flag of `program` and its commands that takes a value refuse an option as that
 * value. Commander gives such a flag the next argument whatever it is, so with the value
 * forgotten (`pictor generate cat -o --api-key=sk-…`) the key became the output folder, the
 * size or the model, and was printed in the error or the summary. The option is named without
 * its value. A negative number (`--seed -5`) is still a value.
 */
export function refuseOptionsAsValues(program: Command): void {
  for (const command of [program, ...program.commands]) {
    for (const option of command.options) {
      if (!option.required) continue;
      const parse = option.parseArg;
      const flag = option.long ?? option.short ?? option.flags;
      option.argParser((value: string, previous: unknown) => {
        if (optionLike.test(value)) {
          const name = value.startsWith("--") ? value.replace(/=.*/s, "") : value.slice(0, 2);
          const shown = name === value ? name : `${name}…`;
          throw new UsageError(
            `${flag} has no value: the argument after it, ${shown}, is an option (its value is not shown). Give ${flag} its value first.`,
          );
        }
        return parse ? parse(value, previous) : value;
      });
    }
  }
}
