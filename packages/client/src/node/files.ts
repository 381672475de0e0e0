import { type FileHandle, open, stat, writeFile } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { otherImageMediaType, readImageHeader } from "@pictor/contract";
import type { GeneratedImage } from "../core/generated-image";
import { maxInputImageBytes, notAcceptedImage } from "../core/image-input";
import { mebibytes } from "../internal/mebibytes";

const extensions: Record<GeneratedImage["mediaType"], string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
};

/** Image extensions and the media type each promises. */
const mediaTypeOfExtension: Record<string, GeneratedImage["mediaType"]> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

/**
 * Writes an image to `path`, adding the extension of its media type when the path has none
 * (`out/cat` → `out/cat.png`; `out/qwen-image-3.0-1` → `out/qwen-image-3.0-1.png`). Returns the
 * path written. An image extension that names another format (PNG bytes to `cat.jpg`) is a
 * TypeError: the file would lie about what it holds; so is a path that is a folder. A missing
 * folder is an error naming it (code `ENOENT`); an existing file is replaced.
 * @example for (const [i, image] of result.images.entries()) await saveImage(image, `out/cabin-${i + 1}`);
 */
export async function saveImage(image: GeneratedImage, path: string): Promise<string> {
  // `out/` would become the hidden file `out/.png`.
  if (/[\\/]$/.test(path) || /^\.{0,2}$/.test(basename(path)))
    throw new TypeError(
      `saveImage: "${path}" names a folder, not a file; give a file name such as "${path.replace(/[\\/]*$/, "") || "out"}/image" (the extension is added)`,
    );
  const extension = extensionOf(path);
  const promised = mediaTypeOfExtension[extension.toLowerCase()];
  if (promised && promised !== image.mediaType)
    throw new TypeError(
      `saveImage: the extension of "${path}" says ${promised}, but the image is ${image.mediaType}; use ${extensions[image.mediaType]} or no extension (it is then added)`,
    );
  // `out/cat.` has no extension either: the dot is not doubled.
  const target = extension ? path : `${path.replace(/\.$/, "")}${extensions[image.mediaType]}`;
  // A folder `out` would get a file `out.png` beside it, not the image inside it as meant.
  for (const name of new Set([path, target]))
    if (await isFolder(name))
      throw new TypeError(
        `saveImage: "${name}" is a folder; give a file name such as "${name}/image" (the extension is added)`,
      );
  try {
    // Through the public method: in the CommonJS build this entry and the main one each hold a
    // copy of the class, and one copy cannot read the other's private fields.
    await writeFile(target, await image.bytes());
  } catch (error) {
    throw unwritable(path, target, error);
  }
  return target;
}

/** Whether `path` is a folder (or a link to one). */
async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Node's error for a file that could not be written, said with the folder at fault and what to
 * do. Its `code` (`ENOENT`, `ENOTDIR`) stays, for code that tells them apart.
 */
function unwritable(path: string, target: string, error: unknown): unknown {
  const code = codeOf(error);
  const folder = dirname(target);
  const message =
    code === "ENOENT"
      ? `saveImage: the folder "${folder}" does not exist: ${homeAdvice(path) ?? `create it first, await mkdir("${folder}", { recursive: true })`}`
      : code === "ENOTDIR"
        ? `saveImage: "${folder}" is not a folder (a file is in the way): save somewhere else`
        : undefined;
  return message ? Object.assign(new Error(message, { cause: error }), { code }) : error;
}

/**
 * Reads an image file for `images.edit` or chat input (its bytes; the media type is sniffed).
 * A file over `maxInputImageBytes` (20 MiB), which no request could carry, is a RangeError
 * before it is read; a folder, an empty file or one that is no image is a TypeError naming it.
 * @example await pictor.images.edit({ model, prompt, images: [await imageFromFile("photo.jpg")] });
 */
export async function imageFromFile(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readWhole(path);
  // Told here, where the path is known: an edit of several files would say only "images.2".
  if (bytes.byteLength === 0)
    throw new TypeError(`imageFromFile: "${path}" is empty: pick an image file`);
  // In the client's words for the same bytes: an SVG, the one often tried, says to convert it.
  if (!readImageHeader(bytes) && !otherImageMediaType(bytes))
    throw new TypeError(`imageFromFile: "${path}" ${notAcceptedImage(bytes)}`);
  return bytes;
}

/** The bytes of the file at `path`, up to `maxInputImageBytes`. */
async function readWhole(path: string): Promise<Uint8Array<ArrayBuffer>> {
  let file: FileHandle;
  try {
    file = await open(path);
  } catch (error) {
    throw codeOf(error) === "EISDIR" ? folderGiven(path) : unreadable(path, error);
  }
  try {
    // Told from its size first: a video or disk image picked by mistake is not read into
    // memory only to be refused.
    const stats = await file.stat();
    // On Linux and macOS a folder opens fine, and only its read fails, with an EISDIR that
    // names no path.
    if (stats.isDirectory()) throw folderGiven(path);
    const { size } = stats;
    if (size > maxInputImageBytes) throw fileTooLarge(path, `is ${mebibytes(size)} MiB`);
    const bytes = new Uint8Array(size);
    const length = await readInto(file, bytes);
    if (length < size) return bytes.slice(0, length);
    // Read on past the size stat saw, with the limit kept: a file still being written grows
    // meanwhile, and a pipe (/dev/stdin) or a device has no size at all.
    const rest: Uint8Array[] = [];
    let total = size;
    for (;;) {
      const chunk = new Uint8Array(64 * 1024);
      const read = await readInto(file, chunk);
      if (read === 0) break;
      total += read;
      if (total > maxInputImageBytes)
        throw fileTooLarge(
          path,
          `grew past ${maxInputImageBytes / 1024 / 1024} MiB as it was read`,
        );
      rest.push(chunk.subarray(0, read));
    }
    if (rest.length === 0) return bytes;
    const whole = new Uint8Array(total);
    whole.set(bytes);
    let offset = size;
    for (const chunk of rest) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return whole;
  } finally {
    await file.close();
  }
}

/** Reads from the file's current position until `buffer` is full or the file ends; the bytes read. */
async function readInto(file: FileHandle, buffer: Uint8Array): Promise<number> {
  let length = 0;
  while (length < buffer.byteLength) {
    const { bytesRead } = await file.read(buffer, length, buffer.byteLength - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length;
}

/** Why `imageFromFile` refuses a folder. */
function folderGiven(path: string): TypeError {
  return new TypeError(
    `imageFromFile: "${path}" is a folder, not a file: name an image file in it`,
  );
}

/**
 * Node's error for a file that could not be opened, said with the path and what to do where it
 * is a missing one or a file stands where its folder should (as `saveImage` says it). Its `code`
 * (`ENOENT`, `ENOTDIR`, `EACCES`) stays, for code that tells them apart.
 */
function unreadable(path: string, error: unknown): unknown {
  const code = codeOf(error);
  const message =
    code === "ENOENT"
      ? `imageFromFile: "${path}" does not exist: ${homeAdvice(path) ?? `check the path (a relative one starts at ${process.cwd()})`}`
      : code === "ENOTDIR"
        ? `imageFromFile: "${dirname(path)}" is not a folder (a file is in the way): check the path`
        : undefined;
  return message ? Object.assign(new Error(message, { cause: error }), { code }) : error;
}

/** For a `~/…` path, which a shell expands but Node takes as a folder named "~": what to write. */
function homeAdvice(path: string): string | undefined {
  return /^~[\\/]/.test(path)
    ? `Node does not expand "~"; use join(homedir(), "${path.slice(2)}") (node:os, node:path)`
    : undefined;
}

/** The `code` of a Node system error (`ENOENT`), or `undefined`. */
function codeOf(error: unknown): string | undefined {
  const { code }: { code?: unknown } = Object(error);
  return typeof code === "string" ? code : undefined;
}

/** Why `imageFromFile` refuses a file larger than an input image may be. */
function fileTooLarge(path: string, what: string): RangeError {
  return new RangeError(
    `imageFromFile: "${path}" ${what}; input images may be at most ${maxInputImageBytes / 1024 / 1024} MiB (maxInputImageBytes): resize or compress it first`,
  );
}

/**
 * The extension of `path`, or "" when it has none. Only a dot and a short word starting with a
 * letter counts (`.png`, `.bin`): names built from model ids (`qwen-image-3.0-1`,
 * `gemini-3.1-flash-image`) hold dots that are no extension, and would be saved without one.
 */
function extensionOf(path: string): string {
  const extension = extname(path);
  return /^\.[a-z][a-z0-9]{0,7}$/i.test(extension) ? extension : "";
}
