import type { Model } from "@pictor/client";
import type { ClientSource } from "./image-request-observer";

/**
 * How long a fetched list counts as fresh: a component that mounts meanwhile shows it without a
 * request. A gateway's models change in days, not seconds, so TanStack Query's default (stale at
 * once, refetched on every mount) would send a request per picker and per page for nothing.
 */
export const modelListStaleTimeMs = 5 * 60_000;

/** How long a list nobody shows stays cached (as TanStack Query's default `gcTime`). */
const unusedListTimeMs = 5 * 60_000;

/** A `models.list` request shared by the observers waiting for it. */
export interface ModelListRequest {
  readonly promise: Promise<readonly Model[]>;
  readonly controller: AbortController;
  /** The observers waiting for it: the last one to leave aborts it. */
  waiting: number;
}

/** The list of one client for one `params` key, shared by every observer showing it. */
export interface SharedModelList {
  readonly source: ClientSource;
  readonly key: string;
  models?: readonly Model[];
  /** When `models` arrived; 0 once a fetch of it failed, so the next mount tries again. */
  fetchedAt: number;
  request?: ModelListRequest | undefined;
  /** The subscribed observers showing it: a request started for it reaches them all. */
  readonly followers: Set<() => void>;
  /** When it was last asked for or left by its last follower: an unused list is swept after a while. */
  usedAt: number;
}

// Keyed by the client object (or the provider's getter): two providers, or a server's clients
// for two users, never share a list. A server render neither fills nor shows it (it is idle).
const lists = new WeakMap<ClientSource, Map<string, SharedModelList>>();

/** The list cached for `source` and `key`, if any (read during a render: creates nothing). */
export function cachedModelList(source: ClientSource, key: string): SharedModelList | undefined {
  return lists.get(source)?.get(key);
}

/**
 * The list for `source` and `key`, created when missing; lists of `source` that nobody has
 * shown for a while are dropped first, so memory does not grow with every `params` ever used.
 */
export function sharedModelList(source: ClientSource, key: string): SharedModelList {
  const now = Date.now();
  const byKey = lists.get(source) ?? new Map<string, SharedModelList>();
  lists.set(source, byKey);
  for (const [other, list] of byKey)
    if (!list.followers.size && !list.request && now - list.usedAt > unusedListTimeMs)
      byKey.delete(other);
  let list = byKey.get(key);
  if (!list) {
    list = { source, key, fetchedAt: 0, followers: new Set(), usedAt: now };
    byKey.set(key, list);
  }
  list.usedAt = now;
  return list;
}

/** Whether `list` holds models fetched less than `staleTimeMs` ago (default `modelListStaleTimeMs`). */
export function isFresh(
  list: SharedModelList | undefined,
  staleTimeMs = modelListStaleTimeMs,
): list is SharedModelList & { models: readonly Model[] } {
  return list?.models !== undefined && Date.now() - list.fetchedAt < staleTimeMs;
}

/**
 * Starts a request for `list` with `run`, replacing (aborting) one in flight; its answer becomes
 * the list's (a replaced one's is ignored).
 */
export function startModelListRequest(
  list: SharedModelList,
  run: (signal: AbortSignal) => Promise<readonly Model[]>,
): ModelListRequest {
  list.request?.controller.abort();
  const controller = new AbortController();
  const request: ModelListRequest = {
    controller,
    waiting: 0,
    promise: Promise.resolve().then(() => run(controller.signal)),
  };
  list.request = request;
  // Registered before any observer's handlers, so the cache holds the answer when they run. A
  // failure keeps the list from before, stale, so that the next mount tries again.
  const settle = (models?: readonly Model[]) => {
    if (list.request !== request) return;
    list.request = undefined;
    list.models = models ?? list.models;
    list.fetchedAt = models ? Date.now() : 0;
  };
  request.promise.then(settle, () => settle());
  // Aborted once nobody waits for it: a picker mounted before the abort lands starts a new
  // request rather than join this one and show its abort as the list's error. The controller is
  // this request's own, so its `onabort` slot is free (and smaller than addEventListener).
  controller.signal.onabort = () => settle();
  return request;
}
