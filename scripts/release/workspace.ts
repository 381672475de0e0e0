// The workspace's packages as the release sees them: which ones are published, where they live.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";

/** The repository root (this file is scripts/release/workspace.ts). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const stringMap = z.record(z.string(), z.string());

/** The fields of a package.json the release scripts read (others are kept, unchecked). */
export const zPackageManifest = z.looseObject({
  name: z.string(),
  version: z.string().optional(),
  private: z.boolean().optional(),
  files: z.array(z.string()).optional(),
  main: z.string().optional(),
  module: z.string().optional(),
  types: z.string().optional(),
  bin: z.union([z.string(), stringMap]).optional(),
  exports: z.unknown().optional(),
  publishConfig: z
    .looseObject({ access: z.string().optional(), exports: z.unknown().optional() })
    .optional(),
  dependencies: stringMap.optional(),
  peerDependencies: stringMap.optional(),
  peerDependenciesMeta: z
    .record(z.string(), z.looseObject({ optional: z.boolean().optional() }))
    .optional(),
  optionalDependencies: stringMap.optional(),
  devDependencies: stringMap.optional(),
});
export type PackageManifest = z.infer<typeof zPackageManifest>;

export interface WorkspacePackage {
  /** Absolute folder. */
  dir: string;
  /** Folder relative to the repository root, e.g. `packages/client`. */
  relativeDir: string;
  manifest: PackageManifest;
}

export function readManifest(dir: string): PackageManifest {
  return parseManifest(readFileSync(join(dir, "package.json"), "utf8"), `${dir}/package.json`);
}

export function parseManifest(json: string, where: string): PackageManifest {
  const parsed = zPackageManifest.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`${where}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Every package matched by pnpm-workspace.yaml (`dir/*` patterns, as this repo uses). */
export function workspacePackages(root: string = repoRoot): WorkspacePackage[] {
  const config: unknown = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8"));
  const patterns =
    typeof config === "object" && config !== null && "packages" in config
      ? config.packages
      : undefined;
  if (!Array.isArray(patterns)) throw new Error("pnpm-workspace.yaml lists no packages");
  const found: WorkspacePackage[] = [];
  for (const pattern of patterns) {
    if (typeof pattern !== "string" || !/^[\w.-]+\/\*$/.test(pattern))
      throw new Error(`pnpm-workspace.yaml: only "dir/*" patterns are supported, got ${pattern}`);
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) continue;
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const dir = join(root, parent, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, "package.json"))) continue;
      found.push({ dir, relativeDir: `${parent}/${entry.name}`, manifest: readManifest(dir) });
    }
  }
  return found;
}

/** The packages users install: every `@pictor/*` package that is not private. */
export function publicPackages(root: string = repoRoot): WorkspacePackage[] {
  return workspacePackages(root).filter(
    (pkg) => pkg.manifest.name.startsWith("@pictor/") && pkg.manifest.private !== true,
  );
}
