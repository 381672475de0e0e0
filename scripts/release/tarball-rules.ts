// What a published tarball may hold, as pure functions of its file list and manifest, so the
// rules can be tested on made-up tarballs as well as on the real ones.
import type { PackedPackage, TarballEntry } from "./tarball.ts";
import type { PackageManifest } from "./workspace.ts";

/** The export condition that points workspace tooling at `src/`; it has no place in a tarball. */
export const sourceCondition = "@pictor/source";

/** Files users never need, with the reason shown when one is found. */
const forbidden: readonly { pattern: RegExp; reason: string }[] = [
  { pattern: /(^|\/)src\//, reason: "a source folder" },
  { pattern: /\.map$/, reason: "a source map (its sources are not shipped)" },
  { pattern: /\.(test|spec|test-d|bench)\.[cm]?[jt]sx?$/, reason: "a test file" },
  {
    pattern: /(^|\/)(__fixtures__|fixtures|__tests__|tests?|__mocks__)\//,
    reason: "tests or fixtures",
  },
  {
    pattern: /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s)$/,
    reason: "build configuration",
  },
  { pattern: /\.tsbuildinfo$/, reason: "a TypeScript build cache" },
];

/** Everything a tarball may hold: the manifest, docs, and built JavaScript with its types. */
const allowed =
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE(\.md)?|dist\/.+\.(js|cjs|mjs|d\.ts|d\.cts|d\.mts))$/;

/** One line per file that should not be in the tarball. */
export function unwantedFiles(entries: readonly TarballEntry[]): string[] {
  const problems: string[] = [];
  for (const { path } of entries) {
    const rule = forbidden.find(({ pattern }) => pattern.test(path));
    if (rule) problems.push(`${path}: ${rule.reason}`);
    else if (!allowed.test(path))
      problems.push(`${path}: not a built file, the manifest or docs (README, CHANGELOG, LICENSE)`);
  }
  return problems;
}

export interface TarballBudget {
  /** Size of the .tgz, in bytes. */
  packedBytes: number;
  /** Sum of the file sizes, in bytes. */
  unpackedBytes: number;
}

export function budgetProblems(pkg: PackedPackage, budget: TarballBudget | undefined): string[] {
  if (!budget) return [`${pkg.name}: no budget in scripts/release/tarball-budgets.json`];
  const problems: string[] = [];
  if (pkg.packedBytes > budget.packedBytes)
    problems.push(
      `${pkg.name}: tarball is ${pkg.packedBytes} B, over its budget of ${budget.packedBytes} B`,
    );
  if (pkg.unpackedBytes > budget.unpackedBytes)
    problems.push(
      `${pkg.name}: unpacked files are ${pkg.unpackedBytes} B, over the budget of ${budget.unpackedBytes} B`,
    );
  return problems;
}

/** Every string leaf of an exports map (paths and nested conditions alike). */
function exportTargets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (typeof value === "object" && value !== null)
    return Object.values(value).flatMap(exportTargets);
  return [];
}

/** The files a manifest tells Node, bundlers and TypeScript to load. */
export function manifestTargets(manifest: PackageManifest): string[] {
  const bin = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  return [
    ...exportTargets(manifest.exports),
    ...[manifest.main, manifest.module, manifest.types].filter((path) => path !== undefined),
    ...bin,
  ];
}

/** Manifest entries that point at no file of the tarball. */
export function danglingTargets(pkg: Pick<PackedPackage, "manifest" | "entries">): string[] {
  const files = new Set(pkg.entries.map((entry) => entry.path));
  return manifestTargets(pkg.manifest)
    .map((target) => target.replace(/^\.\//, ""))
    .filter((target) => !target.includes("*") && !files.has(target));
}

/** The exports map as it must be published: the workspace's, minus the source condition. */
export function withoutSourceCondition(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSourceCondition);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== sourceCondition)
        .map(([key, inner]) => [key, withoutSourceCondition(inner)]),
    );
  return value;
}

/** Dependencies still on a workspace range (pnpm pack must have turned them into versions). */
export function workspaceRanges(manifest: PackageManifest): string[] {
  const sections = {
    dependencies: manifest.dependencies,
    peerDependencies: manifest.peerDependencies,
    optionalDependencies: manifest.optionalDependencies,
  };
  return Object.entries(sections).flatMap(([section, ranges]) =>
    Object.entries(ranges ?? {})
      .filter(([, range]) => range.startsWith("workspace:"))
      .map(([name, range]) => `${section}.${name}: ${range}`),
  );
}
