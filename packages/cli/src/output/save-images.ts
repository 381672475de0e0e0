import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GeneratedImage } from "@pictor/client";

/** One file written. */
export interface SavedImage {
  path: string;
  width: number;
  height: number;
  mediaType: string;
  bytes: number;
}

const extensions: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
};

/**
 * Writes the images into `dir` as `<prompt-slug>-<n>.<ext>`, never overwriting an existing
 * file. Each file is written under a temporary name and renamed when complete, and an abort
 * removes what was started, so an interrupted run leaves no partial file.
 */
export async function saveImages(
  images: readonly GeneratedImage[],
  dir: string,
  prompt: string,
  signal: AbortSignal,
): Promise<SavedImage[]> {
  await mkdir(dir, { recursive: true });
  const slug = slugify(prompt);
  const saved: SavedImage[] = [];
  let counter = 1;
  for (const image of images) {
    while (await exists(join(dir, `${slug}-${counter}.${extensions[image.mediaType] ?? "img"}`)))
      counter++;
    const path = join(dir, `${slug}-${counter}.${extensions[image.mediaType] ?? "img"}`);
    const temporary = `${path}.partial`;
    const bytes = await image.bytes();
    try {
      signal.throwIfAborted();
      await writeFile(temporary, bytes, { signal });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    saved.push({
      path,
      width: image.width,
      height: image.height,
      mediaType: image.mediaType,
      bytes: bytes.byteLength,
    });
    counter++;
  }
  return saved;
}

/** "A cute cat wearing a tiny top hat" → "a-cute-cat-wearing-a-tiny-top-hat" (at most 48 characters). */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return slug || "image";
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
