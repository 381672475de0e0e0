import type { ModelListParams, Pictor, RequestOptions } from "@pictor/client";
import { useEffect, useInsertionEffect, useState, useSyncExternalStore } from "react";
import { ModelListObserver, type ModelListState } from "./model-list-observer";
import { useClientSource } from "./use-client-source";

/** Options of `useModels`. */
export interface UseModelsOptions {
  /** Filters passed to `models.list` (default: image models only); compared by value. */
  params?: ModelListParams | undefined;
  /** `false` defers the fetch. Default true. */
  enabled?: boolean | undefined;
  /**
   * How long (ms) a fetched list counts as fresh: a mount within it shows the list with no
   * request, as TanStack Query's `staleTime`. Default 5 minutes; 0 fetches on every mount.
   */
  staleTime?: number | undefined;
  /** Per-call options (`timeout`, `maxRetries`, `headers`, `fetchOptions`). */
  requestOptions?: Omit<RequestOptions, "signal"> | undefined;
  /** A client to use instead of the provider's. */
  client?: Pictor | undefined;
}

/** The actions of `useModels`. */
export interface ModelListActions {
  /**
   * Fetches the list again; a list on show stays (with `isFetching: true`) until the answer comes.
   * Resolves with the hook's state once the list settles, as TanStack Query's `refetch` does; it
   * never rejects (a failure is `status: "error"` with its `error`).
   */
  refetch: () => Promise<UseModelsResult>;
}

/** What `useModels` returns: the list's state, discriminated by `status`, plus `refetch`. */
export type UseModelsResult = ModelListState & ModelListActions;

const modelListActions = (observer: ModelListActions): ModelListActions => ({
  refetch: observer.refetch,
});

/**
 * The gateway's image models (through your server route), fetched once when the component
 * mounts: `idle` on the server and in the first render, then `pending`, then `success` with `models`.
 * @example
 * const list = useModels();
 * if (list.status === "success") return list.models.map((model) => <option key={model.id}>{model.id}</option>);
 */
export function useModels(options: UseModelsOptions = {}): UseModelsResult {
  const client = useClientSource(options.client);
  const [observer] = useState(
    () => new ModelListObserver({ ...options, client }, modelListActions),
  );
  // Taken at commit, before any effect: a child's effect runs before its parent's, and a
  // `refetch` it calls on the render that changed the options must fetch with them. Only taken:
  // fetching sets state, which an insertion effect must not; the effect below fetches.
  useInsertionEffect(
    () => observer.setOptions({ ...options, client }, true),
    [observer, options, client],
  );
  useEffect(() => observer.setOptions({ ...options, client }), [observer, options, client]);
  const state = useSyncExternalStore(
    observer.subscribe,
    observer.getSnapshot,
    observer.getServerSnapshot,
  );
  // `setOptions` runs after this render: a list for other options must not show meanwhile.
  return observer.getOptimisticState(state, { ...options, client });
}
