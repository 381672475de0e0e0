/**
 * @pictor/react: hooks for image generation in React, talking to your `@pictor/server` route
 * so the gateway key never reaches the browser.
 * @example
 * import { PictorProvider, useGenerateImage } from "@pictor/react";
 */

export { DisplayImage } from "./display-image";
export {
  type ClientSource,
  type ImageRequestControls,
  ImageRequestObserver,
  type ImageRequestObserverOptions,
  type RunImageRequest,
} from "./image-request-observer";
export type {
  ConcurrentRequests,
  ImageRequestError,
  ImageRequestIdle,
  ImageRequestPending,
  ImageRequestState,
  ImageRequestSuccess,
} from "./image-request-state";
export {
  ModelListObserver,
  type ModelListObserverOptions,
  type ModelListState,
} from "./model-list-observer";
export { PictorProvider, type PictorProviderProps } from "./pictor-provider";
export type {
  EditImage,
  EditImageActions,
  EditImageAsync,
  UseEditImageOptions,
  UseEditImageResult,
} from "./use-edit-image";
export { useEditImage } from "./use-edit-image";
export { useElapsedMs } from "./use-elapsed-ms";
export type {
  GenerateImage,
  GenerateImageActions,
  GenerateImageAsync,
  UseGenerateImageOptions,
  UseGenerateImageResult,
} from "./use-generate-image";
export { useGenerateImage } from "./use-generate-image";
export type { UseImageRequestOptions } from "./use-image-request";
export type { ModelListActions, UseModelsOptions, UseModelsResult } from "./use-models";
export { useModels } from "./use-models";
export { usePictorClient } from "./use-pictor-client";
