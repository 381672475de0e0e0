import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DecodedPng, decode, encode } from "fast-png";
import { onTestFinished } from "vitest";

/** A new empty folder, removed when the current test finishes. */
export async function useTempDir(): Promise<string> {
  const dir = await makeTempDir();
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A new empty folder; the caller removes it (for `beforeAll`, which has no test to finish). */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "pictor-cli-test-"));
}

/** The names in `dir`, sorted; none when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return [];
    throw error;
  }
}

/** Reads and decodes a PNG file (throws if it is not a valid PNG). */
export async function readPng(path: string): Promise<DecodedPng> {
  return decode(await readFile(path));
}

/** An opaque RGBA PNG of the given size, as an image to edit. */
export function encodeTestPng(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let index = 0; index < width * height; index++) {
    data[index * 4] = (index * 7) % 256;
    data[index * 4 + 1] = 120;
    data[index * 4 + 2] = 200;
    data[index * 4 + 3] = 255;
  }
  return encode({ width, height, data, channels: 4, depth: 8 });
}
