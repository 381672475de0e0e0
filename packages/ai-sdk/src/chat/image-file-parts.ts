import {
  type APICallError,
  InvalidResponseDataError,
  type LanguageModelV4File,
} from "@ai-sdk/provider";
import { detectMediaType } from "@ai-sdk/provider-utils";
import { type GeneratedImage, IncompleteMessageError } from "@pictor/client";
import type { ImageObject } from "@pictor/contract";
import { downloadFailure } from "../errors/download-failure";

/** Downloads provider image URLs through the client (its fetch, sniffed media types). */
export type ImageDownloader = (urls: readonly string[]) => Promise<GeneratedImage[]>;

/** The file parts of a message's images, and why the provider URLs among them could not be had. */
export interface ImageFileParts {
  /** In the images' order; without the provider URLs that could not be had when `failure` is set. */
  parts: LanguageModelV4File[];
  /** The download of some provider URLs failed (not retryable: the images are made and paid). */
  failure: APICallError | undefined;
}

/**
 * The AI SDK file parts of a message's images. A data URL stays base64 (what the gateway sent,
 * and what `toUIMessageStream` sends on: no decode and re-encode of a multi-megabyte image); a
 * provider https URL, which expires, is downloaded now and handed over as bytes. A failed
 * download leaves the other images in (data URLs and the downloads that arrived: all paid
 * for), so a caller that can (a stream) still hands them on.
 */
export async function imageFileParts(
  images: readonly ImageObject[],
  download: ImageDownloader,
): Promise<ImageFileParts> {
  const remote = images.map((image) => image.image_url.url).filter((url) => !isDataUrl(url));
  let downloaded: (GeneratedImage | undefined)[] = [];
  let failure: APICallError | undefined;
  if (remote.length > 0) {
    try {
      downloaded = await download(remote);
    } catch (error) {
      // Generating again would pay again for images that exist; only the download failed.
      failure = downloadFailure(error, remote);
      downloaded = arrivedOf(error, remote);
    }
  }
  const parts: LanguageModelV4File[] = [];
  let next = 0;
  for (const image of images) {
    const url = image.image_url.url;
    if (isDataUrl(url)) {
      parts.push(dataUrlPart(url));
      continue;
    }
    const fetched = downloaded[next++];
    if (!fetched) {
      if (failure) continue;
      throw new InvalidResponseDataError({ data: url, message: "An image download is missing" });
    }
    parts.push({
      type: "file",
      mediaType: fetched.mediaType,
      data: { type: "data", data: await fetched.bytes() },
    });
  }
  return { parts, failure };
}

/**
 * The images of a failed download that did arrive, one for one with `urls` (undefined for each
 * that failed): the client's IncompleteMessageError holds them in order, without the failed ones.
 * None for any other error.
 */
function arrivedOf(error: unknown, urls: readonly string[]): (GeneratedImage | undefined)[] {
  if (!IncompleteMessageError.isInstance(error) || error.imageURLs.length !== urls.length)
    return [];
  const arrived = error.partialMessage.images;
  const failed = error.failedURLs;
  let nextFailed = 0;
  let nextArrived = 0;
  return urls.map((url) => {
    if (failed[nextFailed] === url) {
      nextFailed += 1;
      return undefined;
    }
    return arrived[nextArrived++];
  });
}

function isDataUrl(url: string): boolean {
  return url.slice(0, 5).toLowerCase() === "data:";
}

/** `data:image/png;base64,<data>` as a file part: the media type sniffed from the first bytes, else the declared one. */
function dataUrlPart(url: string): LanguageModelV4File {
  const comma = url.indexOf(",");
  const meta = comma < 0 ? "" : url.slice(5, comma);
  if (!/;base64$/i.test(meta)) {
    throw new InvalidResponseDataError({
      data: url.slice(0, 100),
      message: "The gateway sent an image data URL that is not base64",
    });
  }
  const base64 = url.slice(comma + 1);
  const declared = (meta.split(";")[0] ?? "").toLowerCase();
  let sniffed: string | undefined;
  try {
    sniffed = detectMediaType({ data: base64, topLevelType: "image" });
  } catch {
    sniffed = undefined; // not base64 at its start: keep the declared type, the bytes speak later
  }
  return {
    type: "file",
    mediaType: sniffed ?? (declared.startsWith("image/") ? declared : "image/png"),
    data: { type: "data", data: base64 },
  };
}
