import type { ImageEditParams, ImageResult, SuggestedEditModelId } from "@pictor/client";
import type { ImageRequestControls, RunImageRequest } from "./image-request-observer";
import type { ImageRequestState } from "./image-request-state";
import { type UseImageRequestOptions, useImageRequest } from "./use-image-request";

/** Starts an edit and never throws: the outcome goes to the hook's state. */
export type EditImage = <M extends SuggestedEditModelId | (string & {}), N extends number = number>(
  params: ImageEditParams<M, N>,
) => void;

/** Starts an edit and returns the client's result; rejects with its error (`APIUserAbortError` once aborted). */
export type EditImageAsync = <
  M extends SuggestedEditModelId | (string & {}),
  N extends number = number,
>(
  params: ImageEditParams<M, N>,
) => Promise<ImageResult>;

/** The actions of `useEditImage`, stable for the component's lifetime. */
export interface EditImageActions {
  /** Fire and forget: errors land in `error`, never in a rejected promise. */
  edit: EditImage;
  /** The same request, awaited. */
  editAsync: EditImageAsync;
  /** Aborts the running request (and queued ones); back to `idle`. */
  abort: () => void;
  /** Aborts everything, revokes the images' object URLs and returns to `idle`. */
  reset: () => void;
}

/** What `useEditImage` returns: the state, discriminated by `status`, plus the actions. */
export type UseEditImageResult = ImageRequestState<ImageEditParams> & EditImageActions;

/** Options of `useEditImage`. */
export type UseEditImageOptions = UseImageRequestOptions<ImageEditParams>;

const sendEdit: RunImageRequest<ImageEditParams> = (client, params, options) =>
  client.images.edit(params, options);

const editActions = (observer: ImageRequestControls<ImageEditParams>): EditImageActions => ({
  edit: observer.run,
  editAsync: observer.runAsync,
  abort: observer.abort,
  reset: observer.reset,
});

/**
 * Edits or combines images from a component: `images` may be `File`s from an `<input>`, URLs,
 * bytes or earlier results' `image`. Same states and actions as `useGenerateImage`.
 * @example
 * const edit = useEditImage();
 * edit.edit({ model: "gemini-3.1-flash-image", prompt: "Make it watercolor", images: [file] });
 */
export function useEditImage(options: UseEditImageOptions = {}): UseEditImageResult {
  return useImageRequest(sendEdit, editActions, options);
}
