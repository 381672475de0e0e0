import type { Locator } from "playwright-core";

/** The decoded pixel size of an `<img>`: waits for the element, then for its image to load. */
export async function naturalSize(image: Locator): Promise<{ width: number; height: number }> {
  return image.evaluate(async (element) => {
    if (!(element instanceof HTMLImageElement))
      throw new Error(`<${element.tagName}> is not an <img>`);
    // decode() settles once the image is loaded and decodable: no polling on `complete`.
    await element.decode();
    return { width: element.naturalWidth, height: element.naturalHeight };
  });
}
