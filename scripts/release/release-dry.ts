// `pnpm release:dry`: rehearses a release without publishing anything. In a scratch copy of the
// repository it applies the pending changesets (`pnpm version-packages`), builds the public
// packages, `pnpm pack`s each one and prints every tarball with its size and file count.
//
// Nothing touches the network: the install is `--offline` (from pnpm's store), every package
// manager is pointed at a closed local port as its registry (a forgotten network call fails at
// once instead of going online), and telemetry and update checks are off.
//
// Usage: pnpm release:dry [--keep] [--json <file>]
//   --keep         keep the scratch copy (its path is printed) to inspect versions and changelogs
//   --json <file>  also write the result as JSON (used by scripts/release/release-dry.test.ts)
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type PackedPackage, packPackages } from "./tarball.ts";
import { publicPackages, repoRoot } from "./workspace.ts";

export const zReleaseDryPackage = z.object({
  name: z.string(),
  /** The version before `changeset version`. */
  previousVersion: z.string(),
  version: z.string(),
  tarball: z.string(),
  packedBytes: z.number(),
  unpackedBytes: z.number(),
  files: z.array(z.string()),
  /** The packed manifest's dependencies (workspace ranges must have become versions). */
  dependencies: z.record(z.string(), z.string()),
  /** The newest section of the package's CHANGELOG.md in the scratch copy, if it has one. */
  changelogSection: z.string().optional(),
});
export type ReleaseDryPackage = z.infer<typeof zReleaseDryPackage>;

export const zReleaseDryReport = z.object({
  scratch: z.string(),
  /** The changeset files applied, relative to `.changeset/`. */
  changesets: z.array(z.string()),
  packages: z.array(zReleaseDryPackage),
  /** Seconds per step. */
  timings: z.record(z.string(), z.number()),
});
export type ReleaseDryReport = z.infer<typeof zReleaseDryReport>;

/** A registry address nothing listens on: any request a package manager makes fails fast. */
const closedRegistry = "http://127.0.0.1:9/";

/** The environment of every command: offline, no telemetry, no update checks. */
export function offlineEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    npm_config_offline: "true",
    npm_config_registry: closedRegistry,
    NPM_CONFIG_REGISTRY: closedRegistry,
    npm_config_update_notifier: "false",
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
    DO_NOT_TRACK: "1",
    COREPACK_ENABLE_NETWORK: "0",
    // No step publishes; emptying the usual publish tokens makes sure none could.
    NPM_TOKEN: "",
    NODE_AUTH_TOKEN: "",
  };
}

function sh(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const output =
      typeof error === "object" && error !== null && "stdout" in error && "stderr" in error
        ? `${String(error.stdout)}${String(error.stderr)}`
        : String(error);
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${output.trim()}`);
  }
}

/** The files git would commit (tracked and new, not ignored): the repository without build output. */
function copyWorkingTree(from: string, to: string): number {
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: from,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  )
    .split("\0")
    .filter(Boolean);
  let copied = 0;
  for (const file of listed) {
    const source = join(from, file);
    if (!existsSync(source)) continue; // deleted in the working tree but not yet in the index
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(source, join(to, file));
    copied++;
  }
  return copied;
}

/** The first `## ` section of a changelog: what this release adds. */
function newestSection(changelog: string): string | undefined {
  return /^## [\s\S]*?(?=^## |(?![\s\S]))/m.exec(changelog)?.[0].trim();
}

export async function releaseDry(options: { keep?: boolean; log?: (line: string) => void } = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const scratch = mkdtempSync(join(tmpdir(), "pictor-release-"));
  const repo = join(scratch, "repo");
  const tarballs = join(scratch, "tarballs");
  const env = offlineEnv();
  const timings: Record<string, number> = {};
  const step = <T>(name: string, describe: (value: T) => string, work: () => T): T => {
    const started = performance.now();
    const value = work();
    timings[name] = (performance.now() - started) / 1000;
    log(`  ${name.padEnd(8)} ${describe(value).padEnd(62)} ${timings[name].toFixed(1)} s`);
    return value;
  };

  log(`release rehearsal in ${scratch} (nothing is published)`);
  step(
    "copy",
    (count) => `${count} files from the working tree`,
    () => copyWorkingTree(repoRoot, repo),
  );
  step(
    "install",
    () => "pnpm install --frozen-lockfile --offline",
    () => sh("pnpm", ["install", "--frozen-lockfile", "--offline", "--reporter=silent"], repo, env),
  );
  // changesets compares against the base branch (`main` in .changeset/config.json): give the
  // scratch copy a one-commit history on that branch, whatever the source checkout looks like.
  step(
    "git",
    () => "scratch repository with one commit on main",
    () => {
      const git = (...args: string[]) =>
        sh(
          "git",
          [
            "-c",
            "user.name=release-dry",
            "-c",
            "user.email=release-dry@localhost",
            "-c",
            "commit.gpgsign=false",
            ...args,
          ],
          repo,
          env,
        );
      git("init", "-q", "-b", "main");
      git("add", "-A");
      git("commit", "-q", "-m", "release rehearsal");
    },
  );

  const before = publicPackages(repo);
  const previous = new Map(before.map((pkg) => [pkg.manifest.name, pkg.manifest.version ?? ""]));
  const changesets = existsSync(join(repo, ".changeset"))
    ? sh("git", ["ls-files", ".changeset/*.md"], repo, env)
        .split("\n")
        .filter((file) => file && !file.endsWith("/README.md"))
        .map((file) => relative(".changeset", file))
    : [];
  step(
    "version",
    () =>
      changesets.length === 0
        ? "no pending changesets: packing the current versions"
        : `pnpm version-packages (${changesets.length} changeset${changesets.length === 1 ? "" : "s"})`,
    // The release's own script: `changeset version`, then formatting what it wrote.
    () => (changesets.length === 0 ? "" : sh("pnpm", ["run", "version-packages"], repo, env)),
  );

  const packages = publicPackages(repo);
  step(
    "build",
    () => `turbo run build (${packages.length} public packages)`,
    () =>
      sh(
        "pnpm",
        [
          "exec",
          "turbo",
          "run",
          "build",
          ...packages.map((pkg) => `--filter=${pkg.manifest.name}`),
          "--output-logs=errors-only",
        ],
        repo,
        env,
      ),
  );
  const started = performance.now();
  const packed: PackedPackage[] = await packPackages(packages, tarballs, env);
  timings.pack = (performance.now() - started) / 1000;
  log(`  ${"pack".padEnd(8)} ${"pnpm pack".padEnd(62)} ${timings.pack.toFixed(1)} s`);

  const report: ReleaseDryReport = {
    scratch,
    changesets,
    timings,
    packages: packed.map((pkg) => {
      const dir = packages.find((candidate) => candidate.manifest.name === pkg.name)?.dir ?? "";
      const changelog = join(dir, "CHANGELOG.md");
      return {
        name: pkg.name,
        previousVersion: previous.get(pkg.name) ?? "",
        version: pkg.version,
        tarball: pkg.tarball,
        packedBytes: pkg.packedBytes,
        unpackedBytes: pkg.unpackedBytes,
        files: pkg.entries.map((entry) => entry.path),
        dependencies: pkg.manifest.dependencies ?? {},
        changelogSection: existsSync(changelog)
          ? newestSection(readFileSync(changelog, "utf8"))
          : undefined,
      };
    }),
  };

  log("");
  log(formatTable(report.packages));
  log("");
  log(`tarballs: ${tarballs}`);
  if (options.keep) log(`scratch copy kept: ${repo}`);
  else rmSync(repo, { recursive: true, force: true });
  return report;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function formatTable(packages: readonly ReleaseDryPackage[]): string {
  const rows = [
    ["package", "version", "tarball", "size", "unpacked", "files"],
    ...packages.map((pkg) => [
      pkg.name,
      pkg.previousVersion === pkg.version ? pkg.version : `${pkg.previousVersion} → ${pkg.version}`,
      pkg.tarball.split("/").pop() ?? pkg.tarball,
      kB(pkg.packedBytes),
      kB(pkg.unpackedBytes),
      String(pkg.files.length),
    ]),
    [
      "total",
      "",
      "",
      kB(packages.reduce((sum, pkg) => sum + pkg.packedBytes, 0)),
      kB(packages.reduce((sum, pkg) => sum + pkg.unpackedBytes, 0)),
      String(packages.reduce((sum, pkg) => sum + pkg.files.length, 0)),
    ],
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  // Numbers right-aligned, text left-aligned.
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column >= 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { keep: { type: "boolean", default: false }, json: { type: "string" } },
  });
  try {
    const report = await releaseDry({ keep: values.keep });
    if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
