import type { Command, Option } from "commander";
import { UsageError } from "./cli-error";

/** An argument written as an option (`--api-key=…`, `-o`): a dash and a letter. */
const optionLike = /^--?[A-Za-z]/;

/**
 * Makes every flag of `program` and its commands that takes a value refuse an option as that
 * value. Commander gives such a flag the next argument whatever it is, so with the value
 * forgotten (`pictor generate cat -o --api-key=sk-…`) the key became the output folder, the
 * size or the model, and was printed in the error or the summary. The option is named without
 * its value. A negative number (`--seed -5`) is still a value, and so is one attached to its
 * flag in `argv` (`--out=-drafts`, `-o-drafts`): no forgotten value reads like that.
 *
 * A short flag's value attached with `=` is read as the long flag's is: Commander took
 * `-o=drafts` as the folder `=drafts` (and `-n=2` as no number), where a user means `drafts`.
 * An `=` given apart (`-o =drafts`) is the value's own and is kept.
 */
export function refuseOptionsAsValues(program: Command, argv: readonly string[]): void {
  for (const command of [program, ...program.commands]) {
    for (const option of command.options) {
      if (!option.required) continue;
      const parse = option.parseArg;
      const flag = option.long ?? option.short ?? option.flags;
      // Commander calls the parser with the value alone: whether it came attached is told by
      // `argv`, each attached value taken once (`--out -x --out=-x` still refuses one).
      const attached = attachedValues(argv, option);
      option.argParser((given: string, previous: unknown) => {
        let value = given;
        const index = attached.findIndex((entry) => entry.given === given);
        if (index !== -1) {
          value = attached[index]?.meant ?? given;
          attached.splice(index, 1);
        } else if (optionLike.test(value)) {
          const name = value.startsWith("--") ? value.replace(/=.*/s, "") : value.slice(0, 2);
          const shown = name === value ? name : `${name}…`;
          const attach = option.long
            ? `, or attach one that starts with a dash to it (${option.long}=-<value>)`
            : "";
          throw new UsageError(
            `${flag} has no value: the argument after it, ${shown}, is an option (its value is not shown). Give ${flag} its value first${attach}.`,
          );
        }
        return parse ? parse(value, previous) : value;
      });
    }
  }
}

/** A value attached to its flag: as Commander hands it to the parser, and as the user means it. */
interface AttachedValue {
  given: string;
  meant: string;
}

/**
 * The values given to `option` attached to it in `argv`: `--out=…`, and `-o…` or `-o=…` for its
 * short flag (Commander hands on the `=` of the latter, which is not meant). Nothing after
 * `--`, which ends the options.
 */
function attachedValues(argv: readonly string[], option: Option): AttachedValue[] {
  const values: AttachedValue[] = [];
  for (const arg of argv) {
    if (arg === "--") break;
    if (option.long && arg.startsWith(`${option.long}=`)) {
      const value = arg.slice(option.long.length + 1);
      values.push({ given: value, meant: value });
    } else if (option.short && arg.length > 2 && arg.startsWith(option.short)) {
      const value = arg.slice(option.short.length);
      values.push({ given: value, meant: value.startsWith("=") ? value.slice(1) : value });
    }
  }
  return values;
}
