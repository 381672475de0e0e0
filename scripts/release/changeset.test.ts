// `pnpm changeset <command>` must reach that changesets command (status, version, publish...),
// not the interactive `changeset add` with the command handed to Biome as a path.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { changesetCommand, formatTargets } from "./changeset.ts";
import { repoRoot } from "./workspace.ts";

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "pictor-changeset-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it("runs the command given, `add` without one, and formats what the command wrote", () => {
  expect(changesetCommand([])).toBe("add");
  expect(changesetCommand(["--empty"])).toBe("add");
  expect(changesetCommand(["status", "--verbose"])).toBe("status");
  expect(formatTargets([])).toEqual([".changeset"]);
  expect(formatTargets(["version"])).toEqual(["packages", ".changeset"]);
  expect(formatTargets(["pre", "enter", "next"])).toEqual([".changeset"]);
  expect(formatTargets(["status"])).toEqual([]);
  expect(formatTargets(["publish"])).toEqual([]);
});

it("`pnpm changeset status` runs changesets' status, not the interactive add", async () => {
  const output = join(out, "status.json");
  const result = await run(
    "pnpm",
    ["--silent", "changeset", "status", "--since", "HEAD", "--output", output],
    // The old script waited on the interactive prompt: fail instead of hanging.
    { cwd: repoRoot, env: { ...process.env, CI: "1" }, timeout: 30_000 },
  ).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`,
  );
  expect(result).not.toContain("Which packages would you like to include");
  expect(result).not.toMatch(/biome|Cannot read file/i);
  // status writes its report unless it refuses (changed packages and no changeset at all).
  if (existsSync(output))
    expect(JSON.parse(readFileSync(output, "utf8"))).toHaveProperty("releases");
  else expect(result).toContain("no changesets were found");
}, 60_000);
