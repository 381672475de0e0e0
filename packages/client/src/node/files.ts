import { readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { GeneratedImage } from "../core/generated-image";

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
 * (`out/cat` → `out/cat.png`). Returns the path written. An image extension that names another
 * format (PNG bytes to `cat.jpg`) is a TypeError: the file would lie about what it holds.
 * @example for (const [i, image] of result.images.entries()) await saveImage(image, `out/cabin-${i + 1}`);
 */
export async function saveImage(image: GeneratedImage, path: string): Promise<string> {
  const extension = extname(path);
  const promised = mediaTypeOfExtension[extension.toLowerCase()];
  if (promised && promised !== image.mediaType)
    throw new TypeError(
      `saveImage: the extension of "${path}" says ${promised}, but the image is ${image.mediaType}; use ${extensions[image.mediaType]} or no extension (it is then added)`,
    );
  const target = extension ? path : `${path}${extensions[image.mediaType]}`;
  await writeFile(target, GeneratedImage.bytesOf(image));
  return target;
}

/**
 * Reads an image file for `images.edit` or chat input (its bytes; the media type is sniffed).
 * @example await pictor.images.edit({ model, prompt, images: [await imageFromFile("photo.jpg")] });
 */
export async function imageFromFile(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}
