// Packs every public package as `pnpm publish` would and checks what users would download: size
// budgets, no tests/fixtures/source maps/sources, a manifest that points only at shipped files and
// at released versions of its siblings. Needs built packages (`pnpm build`; the `ci` script builds
// before it runs the tests).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type PackedPackage, packPackages, readTarball } from "./tarball.ts";
import {
  budgetProblems,
  danglingTargets,
  sourceCondition,
  unwantedFiles,
  withoutSourceCondition,
  workspaceRanges,
} from "./tarball-rules.ts";
import { publicPackages, repoRoot } from "./workspace.ts";

const zBudgets = z.object({
  packages: z.record(
    z.string(),
    z.object({
      packedBytes: z.number().int().positive(),
      unpackedBytes: z.number().int().positive(),
    }),
  ),
});
const budgets = zBudgets.parse(
  JSON.parse(readFileSync(join(repoRoot, "scripts/release/tarball-budgets.json"), "utf8")),
).packages;

const packages = publicPackages();
const destination = mkdtempSync(join(tmpdir(), "pictor-tarballs-"));
const packed = new Map<string, PackedPackage>();

beforeAll(async () => {
  const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.dir, "dist")));
  if (unbuilt.length > 0)
    throw new Error(
      `not built: ${unbuilt.map((pkg) => pkg.relativeDir).join(", ")}. Run \`pnpm build\` first.`,
    );
  for (const pkg of await packPackages(packages, destination)) packed.set(pkg.name, pkg);
}, 120_000);

afterAll(() => rmSync(destination, { recursive: true, force: true }));

function packedOf(name: string): PackedPackage {
  const pkg = packed.get(name);
  if (!pkg) throw new Error(`${name} was not packed`);
  return pkg;
}

it("finds the seven public packages, and a budget for each of them and no other", () => {
  const names = packages.map((pkg) => pkg.manifest.name).sort();
  expect(names).toEqual([
    "@pictor/ai-sdk",
    "@pictor/cli",
    "@pictor/client",
    "@pictor/contract",
    "@pictor/mock",
    "@pictor/react",
    "@pictor/server",
  ]);
  expect(Object.keys(budgets).sort()).toEqual(names);
});

describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))("%s", (name, pkg) => {
  it("stays within its tarball budget", () => {
    const tarball = packedOf(name);
    expect(tarball.packedBytes).toBeGreaterThan(1000);
    expect(budgetProblems(tarball, budgets[name])).toEqual([]);
  });

  it("holds only built files, the manifest and docs: no tests, fixtures, source maps or src/", () => {
    const tarball = packedOf(name);
    expect(tarball.entries.map((entry) => entry.path)).toContain("README.md");
    expect(tarball.entries.some((entry) => entry.path.startsWith("dist/"))).toBe(true);
    expect(unwantedFiles(tarball.entries)).toEqual([]);
  });

  it("points every manifest entry (exports, main, types, bin) at a file in the tarball", () => {
    expect(danglingTargets(packedOf(name))).toEqual([]);
  });

  it(`publishes the workspace's exports map without the ${sourceCondition} condition`, () => {
    const published = packedOf(name).manifest.exports;
    // publishConfig.exports is a copy kept by hand: it must follow every change of `exports`.
    expect(
      published,
      `publishConfig.exports of ${pkg.relativeDir}/package.json must be its "exports" without "${sourceCondition}"`,
    ).toEqual(withoutSourceCondition(pkg.manifest.exports));
    expect(JSON.stringify(published)).not.toContain(sourceCondition);
  });

  it("depends on its siblings' released version, not on workspace ranges", () => {
    const { manifest, version } = packedOf(name);
    expect(workspaceRanges(manifest)).toEqual([]);
    const siblings = Object.entries(manifest.dependencies ?? {}).filter(([dependency]) =>
      dependency.startsWith("@pictor/"),
    );
    for (const [, range] of siblings) expect(range).toBe(version);
    // Lockstep: every public package has one version (changesets' `fixed` group).
    expect(version).toBe(packedOf("@pictor/client").version);
  });
});

/** The first statement of every built JavaScript file of a tarball, by path. */
function firstStatements(name: string): Record<string, string> {
  const files = readTarball(readFileSync(packedOf(name).tarball));
  const decoder = new TextDecoder();
  return Object.fromEntries(
    [...files]
      .filter(([path]) => /^dist\/.+\.[cm]?js$/.test(path))
      .map(([path, bytes]) => [path, decoder.decode(bytes).split("\n", 1)[0] ?? ""]),
  );
}

describe('"use client"', () => {
  // Next.js's App Router (and other React Server Components bundlers) treats a module as client
  // code only when the directive is its first statement: without it, a Server Component file that
  // imports the package runs the hooks' module on the server, whose React has no useState.
  it("begins each of @pictor/react's built files, ESM and CommonJS", () => {
    expect(firstStatements("@pictor/react")).toEqual({
      "dist/index.cjs": '"use client";',
      "dist/index.js": '"use client";',
    });
  });

  // A Server Component or a route handler must get the real client, not a client reference.
  it.each(packages.map((pkg) => pkg.manifest.name).filter((name) => name !== "@pictor/react"))(
    "begins no built file of %s",
    (name) => {
      const marked = Object.entries(firstStatements(name)).filter(([, first]) =>
        first.includes("use client"),
      );
      expect(marked).toEqual([]);
    },
  );
});

describe("the rules catch what they are meant to", () => {
  it("flags tests, fixtures, source maps, sources and stray files", () => {
    const entries = [
      "package.json",
      "README.md",
      "dist/index.js",
      "dist/index.d.cts",
      "dist/index.js.map",
      "dist/index.test.js",
      "src/index.ts",
      "dist/__fixtures__/cat.png",
      "tsconfig.json",
      "notes.txt",
    ].map((path) => ({ path, size: 1 }));
    expect(unwantedFiles(entries)).toEqual([
      "dist/index.js.map: a source map (its sources are not shipped)",
      "dist/index.test.js: a test file",
      "src/index.ts: a source folder",
      "dist/__fixtures__/cat.png: tests or fixtures",
      "tsconfig.json: build configuration",
      "notes.txt: not a built file, the manifest or docs (README, CHANGELOG, LICENSE)",
    ]);
  });

  it("flags a tarball over budget, a dangling export and a workspace range", () => {
    const tarball: PackedPackage = {
      name: "@pictor/example",
      version: "1.0.0",
      tarball: "example.tgz",
      packedBytes: 2001,
      unpackedBytes: 500,
      entries: [{ path: "dist/index.js", size: 500 }],
      manifest: {
        name: "@pictor/example",
        exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
        dependencies: { "@pictor/contract": "workspace:*" },
      },
    };
    expect(budgetProblems(tarball, { packedBytes: 2000, unpackedBytes: 500 })).toEqual([
      "@pictor/example: tarball is 2001 B, over its budget of 2000 B",
    ]);
    expect(danglingTargets(tarball)).toEqual(["dist/index.d.ts"]);
    expect(workspaceRanges(tarball.manifest)).toEqual([
      "dependencies.@pictor/contract: workspace:*",
    ]);
    expect(
      withoutSourceCondition({
        ".": { [sourceCondition]: "./src/index.ts", default: "./dist/index.js" },
      }),
    ).toEqual({ ".": { default: "./dist/index.js" } });
  });
});
