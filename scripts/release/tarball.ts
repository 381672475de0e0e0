// Packs workspace packages with `pnpm pack` (what `pnpm publish` uploads) and reads the tarballs
// back, so checks look at exactly what users download rather than at the workspace.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { type PackageManifest, parseManifest, type WorkspacePackage } from "./workspace.ts";

const run = promisify(execFile);

export interface TarballEntry {
  /** Path inside the package, without tar's leading `package/`. */
  path: string;
  /** Bytes, uncompressed. */
  size: number;
}

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Size of the .tgz: what users download. */
  packedBytes: number;
  /** Sum of the files' sizes: what lands in node_modules. */
  unpackedBytes: number;
  entries: TarballEntry[];
  /** The package.json inside the tarball (workspace ranges rewritten, publishConfig applied). */
  manifest: PackageManifest;
}

const zPackOutput = z.looseObject({ filename: z.string() });

/** `pnpm pack`s one package into `destination` and reads the tarball back. */
export async function packPackage(
  pkg: WorkspacePackage,
  destination: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PackedPackage> {
  mkdirSync(destination, { recursive: true });
  const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", destination], {
    cwd: pkg.dir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const { filename } = zPackOutput.parse(JSON.parse(stdout));
  return readPackedPackage(filename);
}

/** Packs packages one after another: pnpm is fast here (well under a second each), and
 * sequential output keeps a failure's message attached to its package. */
export async function packPackages(
  packages: readonly WorkspacePackage[],
  destination: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const pkg of packages) {
    try {
      packed.push(await packPackage(pkg, destination, env));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`pnpm pack failed in ${pkg.relativeDir}: ${detail}`);
    }
  }
  return packed;
}

export function readPackedPackage(tarball: string): PackedPackage {
  const files = readTarball(readFileSync(tarball));
  const manifestBytes = files.get("package.json");
  if (!manifestBytes) throw new Error(`${tarball} has no package.json`);
  const manifest = parseManifest(
    new TextDecoder().decode(manifestBytes),
    `${tarball}!package.json`,
  );
  const entries = [...files].map(([path, bytes]) => ({ path, size: bytes.byteLength }));
  return {
    name: manifest.name,
    version: manifest.version ?? "",
    tarball,
    packedBytes: statSync(tarball).size,
    unpackedBytes: entries.reduce((sum, entry) => sum + entry.size, 0),
    entries: entries.sort((a, b) => a.path.localeCompare(b.path)),
    manifest,
  };
}

/**
 * The regular files of a gzipped tar, by path with the first segment (npm's `package/`)
 * removed. Handles ustar prefixes and pax/GNU long names, which packers use for long paths.
 */
export function readTarball(gzipped: Uint8Array): Map<string, Uint8Array> {
  const tar = gunzipSync(gzipped);
  const decoder = new TextDecoder();
  const field = (offset: number, length: number) =>
    decoder.decode(tar.subarray(offset, offset + length)).replace(/\0.*$/s, "");
  const files = new Map<string, Uint8Array>();
  let longName: string | undefined;
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const name = field(offset, 100);
    if (name === "") break; // two zero blocks end the archive
    const size = Number.parseInt(field(offset + 124, 12).trim() || "0", 8);
    const type = field(offset + 156, 1);
    const prefix = field(offset + 345, 155);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(decoder.decode(body))?.[1] ?? longName;
      continue;
    }
    if (type === "L") {
      longName = decoder.decode(body).replace(/\0.*$/s, "");
      continue;
    }
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    if (type !== "0" && type !== "") continue; // directories, links: npm installs regular files only
    files.set(path.replace(/^[^/]+\//, ""), body);
  }
  return files;
}
