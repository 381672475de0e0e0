import { readFile, writeFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { GeneratedImage } from "../core/generated-image";

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
 * TypeError: the file would lie about what it holds.
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
  // Through the public method: in the CommonJS build this entry and the main one each hold a
  // copy of the class, and one copy cannot read the other's private fields.
  await writeFile(target, await image.bytes());
  return target;
}

/**
 * Reads an image file for `images.edit` or chat input (its bytes; the media type is sniffed).
 * @example await pictor.images.edit({ model, prompt, images: [await imageFromFile("photo.jpg")] });
 */
export async function imageFromFile(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
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
