#!/usr/bin/env node
// Runs a root script on a machine that has only Node and npm: it gets the pinned pnpm
// (global if it is the right version, else a project-local copy in .tools/), installs the
// workspace from the lockfile, then hands over to `pnpm run <script>`.
// Usage: node scripts/bootstrap.mjs <script> [args...]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/bootstrap.mjs <script> [args...]");
  process.exit(2);
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Pictor needs Node >= 20.19 (this is ${process.version}). Install a newer Node and retry.`,
  );
  process.exit(1);
}

const packageManager = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const pnpmVersion = packageManager.replace(/^pnpm@/, "");
const localBin = join(root, ".tools", "node_modules", ".bin");

function versionOf(command) {
  try {
    return execFileSync(command, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", COREPACK_ENABLE_STRICT: "0" };
if (versionOf("pnpm") !== pnpmVersion) {
  if (versionOf(join(localBin, "pnpm")) !== pnpmVersion) {
    console.log(
      `> installing pnpm ${pnpmVersion} into .tools/ (the pinned version; see docs/decisions/0001-toolchain.md)`,
    );
    run("npm", [
      "install",
      "--prefix",
      join(root, ".tools"),
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `pnpm@${pnpmVersion}`,
    ]);
  }
  env.PATH = `${localBin}${delimiter}${env.PATH ?? ""}`;
}

if (!existsSync(join(root, "node_modules", ".modules.yaml")) || process.env.CI) {
  run("pnpm", ["install", "--frozen-lockfile"]);
} else {
  // Cheap when nothing changed; catches a lockfile that moved since the last install.
  run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--reporter=silent"]);
}
run("pnpm", ["run", script, ...args]);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: "inherit" });
  if (result.error) {
    console.error(`could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}
