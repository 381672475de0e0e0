import type { Pictor } from "@pictor/client";
import { useInsertionEffect, useState, useSyncExternalStore } from "react";
import {
  type ImageRequestControls,
  ImageRequestObserver,
  type ImageRequestObserverOptions,
  type RunImageRequest,
} from "./image-request-observer";
import type { ImageRequestState } from "./image-request-state";
import { useClientSource } from "./use-client-source";

/** Options shared by `useGenerateImage` and `useEditImage` (`P`: the parameters their callbacks receive). */
export interface UseImageRequestOptions<P = unknown>
  extends Omit<ImageRequestObserverOptions<P>, "client"> {
  /** A client to use instead of the provider's. */
  client?: Pictor | undefined;
}

/**
 * One observer per component, subscribed with `useSyncExternalStore`. The snapshot already
 * carries the actions, so it is returned as is: a new object exactly once per state transition.
 */
export function useImageRequest<P, A extends object>(
  send: RunImageRequest<P>,
  actions: (controls: ImageRequestControls<P>) => A,
  options: UseImageRequestOptions<P>,
): ImageRequestState<P> & A {
  const client = useClientSource(options.client);
  // A StrictMode double call of this initializer is harmless: a fresh observer holds nothing.
  const [observer] = useState(
    () => new ImageRequestObserver(send, { ...options, client }, actions),
  );
  // At commit, before any effect: a child's effect runs before its parent's, and a request it
  // starts on the render that changed the options must be sent with them. (Setting options
  // schedules no update, as an insertion effect must not.)
  useInsertionEffect(
    () => observer.setOptions({ ...options, client }),
    [observer, options, client],
  );
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
