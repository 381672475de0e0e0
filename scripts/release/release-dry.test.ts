// Runs `pnpm release:dry` for real (copy, offline install, changeset version, build, pack) and
// checks what a release would publish. As root with `unshare` (CI, the dev machines), it runs in a
// new network namespace that has no network at all, which proves the rehearsal needs none.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { type ReleaseDryReport, zReleaseDryReport } from "./release-dry.ts";
import { readPackedPackage } from "./tarball.ts";
import { budgetProblems, unwantedFiles } from "./tarball-rules.ts";
import { publicPackages, repoRoot } from "./workspace.ts";

const run = promisify(execFile);

function canIsolateNetwork(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("unshare", ["-n", "--", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const isolated = canIsolateNetwork();

type Bump = "major" | "minor" | "patch";
const order: readonly Bump[] = ["patch", "minor", "major"];

/** The highest bump the pending changesets ask for (the group is `fixed`, so it applies to all). */
function pendingBump(): { files: string[]; bump: Bump | undefined } {
  const dir = join(repoRoot, ".changeset");
  const files = readdirSync(dir).filter((file) => file.endsWith(".md") && file !== "README.md");
  let bump: Bump | undefined;
  for (const file of files) {
    const frontmatter = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), "utf8"))?.[1];
    const bumps = z
      .record(z.string(), z.enum(["major", "minor", "patch"]))
      .parse(parse(frontmatter ?? ""));
    for (const value of Object.values(bumps))
      if (!bump || order.indexOf(value) > order.indexOf(bump)) bump = value;
  }
  return { files, bump };
}

function bumped(version: string, bump: Bump | undefined): string {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  if (bump === "patch") return `${major}.${minor}.${patch + 1}`;
  return version;
}

const budgets = z
  .object({
    packages: z.record(
      z.string(),
      z.object({ packedBytes: z.number(), unpackedBytes: z.number() }),
    ),
  })
  .parse(
    JSON.parse(readFileSync(join(repoRoot, "scripts/release/tarball-budgets.json"), "utf8")),
  ).packages;

const out = mkdtempSync(join(tmpdir(), "pictor-release-dry-test-"));
const versionsBefore = publicPackages().map((pkg) => [pkg.manifest.name, pkg.manifest.version]);
const pending = pendingBump();
let report: ReleaseDryReport;
let printed = "";

beforeAll(async () => {
  const tsx = join(repoRoot, "node_modules/.bin/tsx");
  const command = [tsx, "scripts/release/release-dry.ts", "--json", join(out, "report.json")];
  const { stdout } = isolated
    ? await run("unshare", ["-n", "--", ...command], { cwd: repoRoot })
    : await run(command[0] ?? tsx, command.slice(1), { cwd: repoRoot });
  printed = stdout;
  report = zReleaseDryReport.parse(JSON.parse(readFileSync(join(out, "report.json"), "utf8")));
}, 240_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  if (report) rmSync(report.scratch, { recursive: true, force: true });
});

it(`applies the pending changesets, builds and packs every public package${isolated ? " with no network at all" : ""}`, () => {
  expect(report.changesets.sort()).toEqual(pending.files.sort());
  expect(report.packages.map((pkg) => pkg.name)).toEqual(
    publicPackages().map((pkg) => pkg.manifest.name),
  );
  for (const pkg of report.packages) {
    // Lockstep: every package gets the group's bump, whichever packages the changesets named.
    expect(pkg.version, pkg.name).toBe(bumped(pkg.previousVersion, pending.bump));
    expect(existsSync(pkg.tarball), pkg.tarball).toBe(true);
    expect(basename(pkg.tarball)).toBe(
      `${pkg.name.replace("@", "").replace("/", "-")}-${pkg.version}.tgz`,
    );
  }
});

it("writes a changelog section for the new version from the changesets", () => {
  // With nothing pending (right after a release) there is no new section to check.
  expect(report.changesets.length).toBe(pending.files.length);
  const summaries = pending.files.map(
    (file) =>
      readFileSync(join(repoRoot, ".changeset", file), "utf8")
        .replace(/^---\n[\s\S]*?\n---\n/, "")
        .trim()
        .split("\n")[0] ?? "",
  );
  for (const pkg of report.packages) {
    expect(pkg.changelogSection, pkg.name).toMatch(
      new RegExp(`^## ${pkg.version.replaceAll(".", "\\.")}\\n`),
    );
    for (const summary of summaries) expect(pkg.changelogSection).toContain(summary);
    expect(pkg.files, pkg.name).toContain("CHANGELOG.md");
  }
});

it("packs tarballs within budget, with released sibling versions and nothing unwanted", () => {
  // Every package's size problems at once: one run shows all that a change pushed over budget.
  expect(
    report.packages.flatMap((pkg) =>
      budgetProblems(readPackedPackage(pkg.tarball), budgets[pkg.name]),
    ),
  ).toEqual([]);
  for (const pkg of report.packages) {
    const tarball = readPackedPackage(pkg.tarball);
    expect(unwantedFiles(tarball.entries)).toEqual([]);
    for (const [dependency, range] of Object.entries(pkg.dependencies))
      if (dependency.startsWith("@pictor/"))
        expect(range, `${pkg.name} → ${dependency}`).toBe(pkg.version);
  }
});

it("prints each tarball with its size and file count", () => {
  for (const pkg of report.packages) {
    const line = printed.split("\n").find((row) => row.startsWith(`${pkg.name} `));
    expect(line, pkg.name).toContain(basename(pkg.tarball));
    expect(line).toContain(`${(pkg.packedBytes / 1000).toFixed(1)} kB`);
    expect(line?.trim().endsWith(` ${pkg.files.length}`)).toBe(true);
  }
  expect(printed).toMatch(/^total\s/m);
});

it("leaves the repository alone: versions and changesets unchanged", () => {
  expect(publicPackages().map((pkg) => [pkg.manifest.name, pkg.manifest.version])).toEqual(
    versionsBefore,
  );
  expect(pendingBump().files).toEqual(pending.files);
});
