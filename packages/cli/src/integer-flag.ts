import { UsageError } from "./cli-error";

/** A whole number as a person types one: digits, with a minus sign for a negative number. */
const plainInteger = /^-?\d+$/;

/**
 * A parser for a flag that takes a whole number (`-n`, `--seed`, `--timeout`, `--port`): plain
 * digits only. `Number()` alone took `1e3`, `0x10`, `5.0`, `+5` and ` 5` as numbers (and `""`
 * as 0), so a typo or a script's stray value was sent as some other number; those are refused
 * with a usage error naming the flag, the value and what it takes. The range is checked later,
 * by the client or the command, which name the valid one.
 */
export function integerFlag(flag: string, example: string): (value: string) => number {
  return (value) => {
    const parsed = plainInteger.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed))
      throw new UsageError(
        `${flag} takes a whole number in plain digits (e.g. ${flag} ${example}), got "${value}"`,
      );
    return parsed;
  };
}
