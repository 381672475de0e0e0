// `pnpm changeset [command] [...args]`: the changesets CLI with every command it has (`add`, the
// default, and `status`, `version`, `pre`, `publish`...), then Biome over the files it wrote so
// lint stays green. A script `changeset && biome format --write .changeset` cannot do this: pnpm
// appends the arguments to the end of the script, so `pnpm changeset status` ran the interactive
// `changeset add` and then `biome format --write .changeset status`.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./workspace.ts";

/** The changesets command an argument list runs: its first argument, or `add` without one. */
export function changesetCommand(args: readonly string[]): string {
  const [first] = args;
  return first === undefined || first.startsWith("-") ? "add" : first;
}

/** What Biome formats after a command, by the files that command writes (none: nothing). */
export function formatTargets(args: readonly string[]): string[] {
  switch (changesetCommand(args)) {
    case "add":
    case "pre":
      return [".changeset"];
    case "version":
      return ["packages", ".changeset"];
    default:
      return [];
  }
}

function run(command: string, args: readonly string[]): number {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  let code = run("changeset", args);
  const targets = formatTargets(args);
  if (code === 0 && targets.length > 0) code = run("biome", ["format", "--write", ...targets]);
  process.exit(code);
}
