import { UsageError } from "./cli-error";

/** A whole number as a person types one: digits, with a minus sign for a negative number. */
const plainInteger = /^-?\d+$/;

/**
 * A parser for a flag that takes a whole number (`-n`, `--seed`, `--timeout`, `--port`): plain
 * digits only. `Number()` alone took `1e3`, `0x10`, `5.0`, `+5` and ` 5` as numbers (and `""`
 * as 0), so a typo or a script's stray value was sent as some other number; those are refused
 * with a usage error naming the flag, the value and what it takes. The range is checked later,
 * by the client or the command, which name the valid one; only digits beyond what a number holds
 * exactly (`Number.MAX_SAFE_INTEGER`) are refused here, as too large, since they would be sent
 * rounded.
 */
export function integerFlag(flag: string, example: string): (value: string) => number {
  return (value) => {
    if (!plainInteger.test(value))
      throw new UsageError(
        `${flag} takes a whole number in plain digits (e.g. ${flag} ${example}), got "${value}"`,
      );
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed))
      throw new UsageError(
        parsed < 0
          ? `${flag} "${value}" is too small: whole numbers from -${Number.MAX_SAFE_INTEGER} are taken exactly (e.g. ${flag} ${example})`
          : `${flag} "${value}" is too large: whole numbers up to ${Number.MAX_SAFE_INTEGER} are taken exactly (e.g. ${flag} ${example})`,
      );
    return parsed;
  };
}

/**
 * `integerFlag` that also takes `Infinity`, for `--timeout`: the client's `timeout` does (no
 * timeout at all), and its message for a bad one offers it.
 */
export function integerOrInfinityFlag(flag: string, example: string): (value: string) => number {
  const integer = integerFlag(flag, example);
  return (value) => (value === "Infinity" ? Number.POSITIVE_INFINITY : integer(value));
}
