import { randomUUID } from "node:crypto";
import { constants, rmSync, statSync } from "node:fs";
import { access, link, lstat, mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { GeneratedImage } from "@pictor/client";
import { UsageError } from "../cli-error";
import { SaveImagesError } from "./save-images-error";
import { slugify } from "./slugify";

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
 * file, even one another `pictor` writes at the same moment. Each file is written under a
 * temporary name of its own and then linked to the first free name (a link fails where the
 * name exists; a rename would replace it; see `placeAt` for a filesystem without links), so no
 * run sees a partial file and an interrupted run leaves none. Saving takes no signal: the
 * images are paid for once they are here, so a Ctrl-C that lands now lets it finish; a second
 * Ctrl-C exits at once (process.exit, past every `finally`), and the temporary file being written
 * is then removed on the way out. A failure (a full disk) is a `SaveImagesError` with the files
 * saved before it.
 */
export async function saveImages(
  images: readonly GeneratedImage[],
  dir: string,
  prompt: string,
): Promise<SavedImage[]> {
  const saved: SavedImage[] = [];
  process.on("exit", removeTemporaries);
  try {
    await saveEach(images, dir, prompt, saved);
  } catch (error) {
    // The images are paid for: the ones saved before the failure are reported with it.
    throw new SaveImagesError(saved, images.length, dir, error);
  } finally {
    process.off("exit", removeTemporaries);
  }
  return saved;
}

/** The temporary files being written now, for `removeTemporaries` to delete on a forced exit. */
const temporaries = new Set<string>();

/** The names `placeAt` has claimed and is renaming an image onto, while it waits for the rename. */
const claims = new Set<string>();

/**
 * Deletes the temporary files (and names claimed but still empty) when the process exits part
 * way through saving (a second Ctrl-C): synchronously, as an "exit" listener must, and quietly,
 * as nothing can be reported any more. A file still open (Windows) may stay; it is hidden and
 * named `.partial`.
 */
function removeTemporaries(): void {
  for (const temporary of temporaries) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Exiting anyway: a file that cannot be removed is left as it is.
    }
  }
  // A claim is removed only while still empty: a rename that was carried out but not yet
  // reported (a hung share) has put a paid image there.
  for (const claim of claims) {
    try {
      if (statSync(claim).size === 0) rmSync(claim, { force: true });
    } catch {
      // Exiting anyway, as above.
    }
  }
}

/** Saves the images one by one, pushing each file onto `saved` once it is in place. */
async function saveEach(
  images: readonly GeneratedImage[],
  dir: string,
  prompt: string,
  saved: SavedImage[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const slug = slugify(prompt);
  let counter = 1;
  for (const image of images) {
    const extension = extensions[image.mediaType] ?? "img";
    const temporary = join(dir, `.${slug}.${process.pid}.${randomUUID()}.partial`);
    const bytes = await image.bytes();
    let path: string;
    temporaries.add(temporary);
    try {
      await writeFile(temporary, bytes);
      for (;;) {
        path = join(dir, `${slug}-${counter}.${extension}`);
        try {
          await placeAt(temporary, path);
          break;
        } catch (error) {
          if (!isCode(error, "EEXIST")) throw error;
          counter++;
        }
      }
    } finally {
      await rm(temporary, { force: true });
      temporaries.delete(temporary);
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
}

/**
 * Puts the written file at `path`, or fails with EEXIST where a file is there. A link does it in
 * one step. A filesystem without hard links (FAT32 and exFAT on USB sticks and SD cards, many
 * network shares) refuses it, with EPERM or ENOTSUP by system: there the name is claimed with an
 * exclusive create, and the file renamed onto its own claim, so nothing is overwritten there
 * either. Any other failure of the link takes that way too: where it fails as well, its error is
 * the one reported.
 */
async function placeAt(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
    return;
  } catch (error) {
    if (isCode(error, "EEXIST")) throw error;
  }
  await (await open(path, "wx")).close();
  // Empty until the rename: removed on a forced exit while it still is (see removeTemporaries).
  claims.add(path);
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  } finally {
    claims.delete(path);
  }
}

/**
 * Refuses an `-o` that cannot be a folder (empty, naming a file or a dangling link, itself or
 * above, or in a folder that is not writable), before any image is paid for. A folder that does
 * not exist yet is fine: it is made when saving.
 */
export async function checkOutputDir(dir: string): Promise<void> {
  if (dir.trim() === "") throw new UsageError("-o needs a folder, e.g. -o out/");
  let current = resolve(dir);
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      if (!info.isDirectory())
        throw new UsageError(
          `-o ${dir}: ${current} is a file, not a folder; give a folder for the images`,
        );
      // The folder (or the one it will be made in) must take new files: else the images would
      // be paid for and then fail to save.
      const writable = await access(current, constants.W_OK | constants.X_OK).then(
        () => true,
        () => false,
      );
      if (!writable)
        throw new UsageError(
          `-o ${dir}: ${current} is not writable; give a folder you can write to`,
        );
      return;
    }
    // A link to a folder that is gone (an unmounted drive): it cannot be made either.
    if (await lstat(current).catch(() => undefined))
      throw new UsageError(
        `-o ${dir}: ${current} is a link to a folder that does not exist; give a folder for the images`,
      );
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * `-o ~/pics` as the shell would have it. A shell expands `-o ~/pics` itself but not
 * `--out=~/pics` or a quoted "~/pics": taken as is, those made a folder named "~" in the
 * current one. Only "~" alone or followed by a slash; `~user` stays as it is.
 */
export function expandHome(dir: string): string {
  return /^~(?=$|[/\\])/.test(dir) ? join(homedir(), dir.slice(1)) : dir;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}
