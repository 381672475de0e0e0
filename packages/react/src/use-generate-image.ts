import type { ImageGenerateParams, ImageResult, SuggestedGenerateModelId } from "@pictor/client";
import type { ImageRequestControls, RunImageRequest } from "./image-request-observer";
import type { ImageRequestState } from "./image-request-state";
import { type UseImageRequestOptions, useImageRequest } from "./use-image-request";

/** Starts a generation and never throws: the outcome goes to the hook's state. */
export type GenerateImage = <
  M extends SuggestedGenerateModelId | (string & {}),
  N extends number = number,
>(
  params: ImageGenerateParams<M, N>,
) => void;

/** Starts a generation and returns the client's result; rejects with its error (`APIUserAbortError` once aborted). */
export type GenerateImageAsync = <
  M extends SuggestedGenerateModelId | (string & {}),
  N extends number = number,
>(
  params: ImageGenerateParams<M, N>,
) => Promise<ImageResult>;

/** The actions of `useGenerateImage`, stable for the component's lifetime. */
export interface GenerateImageActions {
  /** Fire and forget: errors land in `error`, never in a rejected promise. */
  generate: GenerateImage;
  /** The same request, awaited: for code that wants the result or the error itself. */
  generateAsync: GenerateImageAsync;
  /** Aborts the running request (and queued ones); back to `idle`. */
  abort: () => void;
  /** Aborts everything, revokes the images' object URLs and returns to `idle`. */
  reset: () => void;
}

/** What `useGenerateImage` returns: the state, discriminated by `status`, plus the actions. */
export type UseGenerateImageResult = ImageRequestState<ImageGenerateParams> & GenerateImageActions;

/** Options of `useGenerateImage`. */
export type UseGenerateImageOptions = UseImageRequestOptions<ImageGenerateParams>;

const sendGenerate: RunImageRequest<ImageGenerateParams> = (client, params, options) =>
  client.images.generate(params, options);

const generateActions = (
  observer: ImageRequestControls<ImageGenerateParams>,
): GenerateImageActions => ({
  generate: observer.run,
  generateAsync: observer.runAsync,
  abort: observer.abort,
  reset: observer.reset,
});

/**
 * Generates images from a component: `generate(params)` takes the client's per-model typed
 * parameters; the result is `idle | pending | success | error`, with `images[i].url` ready for
 * `<img src>` on success.
 * @example
 * const image = useGenerateImage();
 * image.generate({ model: "gemini-3.1-flash-image", prompt: "A lighthouse at dusk" });
 * if (image.status === "success") return <img src={image.images[0]?.url} alt="" />;
 */
export function useGenerateImage(options: UseGenerateImageOptions = {}): UseGenerateImageResult {
  return useImageRequest(sendGenerate, generateActions, options);
}
