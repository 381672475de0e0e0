import {
  type CappedBody,
  type ChatCompletion,
  parseDataUrl,
  readCappedBody,
} from "@pictor/contract";
import type { ChatFinalMessage } from "../core/chat-completion-stream";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  ResponseValidationError,
} from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import { IncompleteMessageError } from "../core/incomplete-message-error";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "./api-client";
import { timeoutSignal } from "./attempt-timeout";
import { anySignal, orAbort, responseOrAbort } from "./read-or-abort";

/** What downloads an image: the client's `fetch` and timeout (or a page's own, for a stream it did not request). */
export type ImageDownloader = Pick<ApiClient, "timeout" | "resolveFetch">;

/**
 * A chat turn with its images (`urls`, in order) decoded and downloaded, all of them even when
 * one fails. The images were made and paid for, so a failure loses none of them: it throws
 * `IncompleteMessageError` with every URL, the failed ones and why, and the turn with the images
 * that arrived. The caller's abort is the answer as it is: it asked for nothing more.
 */
export async function withImages(
  turn: Omit<ChatFinalMessage, "images">,
  urls: readonly string[],
  client: ImageDownloader,
  options: RequestOptions | undefined,
  requestId: string | null,
): Promise<ChatFinalMessage> {
  const settled = await Promise.allSettled(
    urls.map((url) => imageFromUrl(url, client, options, requestId)),
  );
  const images: GeneratedImage[] = [];
  const failed: { url: string; error: unknown }[] = [];
  for (const [index, outcome] of settled.entries())
    if (outcome.status === "fulfilled") images.push(outcome.value);
    else failed.push({ url: urls[index] ?? "", error: outcome.reason });
  const message: ChatFinalMessage = { ...turn, images };
  const abort = failed.find(({ error }) => APIUserAbortError.isInstance(error));
  if (abort) throw abort.error;
  if (failed.length > 0) throw new IncompleteMessageError(message, urls, failed, requestId);
  return message;
}

/** A completion's first choice as a turn (what a stream's `finalMessage()` gives), its usage and cost. */
export function turnOf(completion: ChatCompletion): Omit<ChatFinalMessage, "images"> {
  const choice = completion.choices[0];
  return {
    role: "assistant",
    content: choice?.message.content ?? "",
    reasoning: choice?.message.reasoning ?? "",
    finishReason: choice?.finish_reason ?? null,
    usage: completion.usage ?? undefined,
  };
}

/**
 * Turns a chat `image_url` into a `GeneratedImage`: a data URL is decoded; a provider https
 * URL (Z.AI, Alibaba, ByteDance, xAI) is downloaded at once, because those links expire.
 */
export async function imageFromUrl(
  url: string,
  client: ImageDownloader,
  options: RequestOptions | undefined,
  requestId: string | null,
): Promise<GeneratedImage> {
  if (url.startsWith("data:")) {
    const parsed = parseDataUrl(url);
    if (!parsed)
      throw new ResponseValidationError(
        "The gateway returned an image data URL that is not valid base64",
        url.slice(0, 100),
        requestId,
      );
    return imageOf(parsed.bytes, url, requestId);
  }
  const host = httpHostOf(url);
  if (host === undefined)
    throw new ResponseValidationError(
      "The gateway returned an image URL that is neither a data: URL nor an http(s) URL",
      url.slice(0, 100),
      requestId,
    );
  // A download is one plain request through the client's fetch: bounded by the call's timeout,
  // else the client's, as any attempt is; ended by the caller's abort; each ending reported.
  const timeoutMs = options?.timeout ?? client.timeout;
  const timeout = timeoutSignal(timeoutMs);
  const { signal, unlink } = anySignal([options?.signal, timeout]);
  // The image was made (and paid for) by that request: worth quoting when its download fails.
  const madeBy = requestId ? ` (made by request ${requestId})` : "";
  const failed = (what: string, cause: unknown) => {
    if (options?.signal?.aborted) return new APIUserAbortError({ cause });
    if (timeout.aborted) return new APITimeoutError(timeoutMs, { cause });
    return new APIConnectionError(`${what} the generated image from ${host}${madeBy}`, { cause });
  };
  try {
    const bytes = await download(
      url,
      `${host}${madeBy}`,
      client.resolveFetch(options),
      signal,
      failed,
      requestId,
    );
    return imageOf(bytes, url, requestId);
  } finally {
    unlink();
  }
}

/**
 * The bytes at `url`, read up to the cap. Raced against `signal` as well: a `fetch` wrapper may
 * lose it, and the download would never end. `source` names it in messages (its host, and the
 * request that made it).
 */
async function download(
  url: string,
  source: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal,
  failed: (what: string, cause: unknown) => Error,
  requestId: string | null,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await responseOrAbort(fetch(url, { signal }), signal);
  } catch (error) {
    throw failed("Could not download", error);
  }
  if (!response.ok) {
    response.body?.cancel().catch(() => undefined);
    throw new APIConnectionError(
      `Downloading the generated image from ${source} failed with HTTP ${response.status}`,
    );
  }
  let body: CappedBody;
  try {
    // The signal also stops the read itself, so a body given up on is not read on to the cap.
    body = await orAbort(readCappedBody(response, MAX_DOWNLOAD_BYTES, signal), signal);
  } catch (error) {
    throw failed("The connection broke while downloading", error);
  }
  if (!body.ok) {
    if (body.reason === "closed") throw failed("The connection broke while downloading", undefined);
    throw new ResponseValidationError(
      `The generated image at ${source} is larger than the ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MiB an image can be`,
      url.slice(0, 100),
      requestId,
    );
  }
  return body.bytes;
}

/** Larger than any image a provider makes (a 4096² PNG is under 64 MiB): anything bigger is not one. */
const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

function imageOf(bytes: Uint8Array, source: string, requestId: string | null): GeneratedImage {
  try {
    return new GeneratedImage(bytes, { requestId });
  } catch (error) {
    throw new ResponseValidationError(
      "The gateway returned an image that is not a PNG, JPEG, WebP or GIF",
      source.slice(0, 100),
      requestId,
      { cause: error },
    );
  }
}

/** The host of an http(s) URL; undefined for anything else (a relative path, bare base64). */
function httpHostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.host : undefined;
  } catch {
    return undefined;
  }
}
