import type { Command } from "commander";

/**
 * Commander's unknown-option error with the flag meant when a one-letter flag was given with two
 * dashes (`--n 2`, `--n=2` for `-n 2`): Commander suggests long flags only, and `-n` has none.
 * The short flags looked at are `command`'s and its parents', as Commander looks at long ones.
 */
export function withShortFlagHint(text: string, command: Command): string {
  const letter = /^error: unknown option '--([A-Za-z])(?:=[^']*)?'$/m.exec(text)?.[1];
  if (letter === undefined || text.includes("(Did you mean")) return text;
  for (let current: Command | null = command; current; current = current.parent) {
    if (current.options.some((option) => option.short === `-${letter}`))
      return text.replace(/'$/m, `'\n(Did you mean -${letter}?)`);
  }
  return text;
}
