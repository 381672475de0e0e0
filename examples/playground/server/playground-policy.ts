import type { PictorPolicy } from "@pictor/server";
import { activeModels, maxImagesPerRequest, maxPixelsPerImage } from "../src/model-catalog";

/** Images the whole server makes per minute before it answers 429: a budget, not a security boundary. */
const imagesPerMinute = 120;

/**
 * What the page may ask of the gateway through `/api/pictor`: the operations it uses, the
 * models it offers, at most `maxImagesPerRequest` images of up to 4K × 4K each, and a small
 * image budget. The same rules a public deployment would start from (plus `authorize`).
 */
export function playgroundPolicy(now: () => number = Date.now): PictorPolicy {
  let windowStart = now();
  let used = 0;
  return {
    allowedOperations: ["generate", "edit"],
    allowedModels: activeModels.map((model) => model.id),
    maxN: maxImagesPerRequest,
    maxPixels: maxPixelsPerImage,
    // Edits carry their input image as base64: room for a 20 MB image, the client's own limit.
    maxBodyBytes: 28 * 1024 * 1024,
    rateLimit: (_request, call) => {
      const time = now();
      if (time - windowStart >= 60_000) {
        windowStart = time;
        used = 0;
      }
      const images = call.n ?? 1;
      if (used + images > imagesPerMinute)
        return { retryAfterSeconds: Math.ceil((windowStart + 60_000 - time) / 1000) };
      used += images;
      return undefined;
    },
  };
}
