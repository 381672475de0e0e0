import type { Model, ModelListParams, RequestOptions } from "@pictor/client";
import { asError } from "./as-error";
import type { ClientSource } from "./image-request-observer";
import {
  cachedModelList,
  isFresh,
  type ModelListRequest,
  type SharedModelList,
  sharedModelList,
  startModelListRequest,
} from "./model-list-cache";
import { givesSignal, refuseSignal } from "./refuse-signal";
import { Subscribable } from "./subscribable";

/**
 * The state of the model list, discriminated by `status`; `idle` until the first fetch starts
 * (and on the server). As in TanStack Query, `pending` means no list yet: a refetch of the list
 * on show keeps it (and its status) and sets `isFetching`.
 */
export type ModelListState =
  | { readonly status: "idle"; readonly isFetching: false }
  | { readonly status: "pending"; readonly isFetching: true }
  | {
      readonly status: "success";
      readonly models: readonly Model[];
      /** A refetch is running; `models` stays on show until it settles. */
      readonly isFetching: boolean;
    }
  | {
      readonly status: "error";
      readonly error: Error;
      /** The list fetched before for the same `params`, when a refetch of it failed; else undefined. */
      readonly models: readonly Model[] | undefined;
      /** A refetch is running (only when `models` is kept: without a list, a refetch is `pending`). */
      readonly isFetching: boolean;
    };

/** Options of a `ModelListObserver`; `setOptions` refetches when `params` change. */
export interface ModelListObserverOptions {
  /** The client that lists the models. */
  client: ClientSource;
  /** Filters passed to `models.list` (default: image models only). */
  params?: ModelListParams | undefined;
  /** `false` defers the fetch until it turns `true` (or `refetch` is called). Default true. */
  enabled?: boolean | undefined;
  /** Per-call options (`timeout`, `maxRetries`, `headers`); the signal is the observer's. */
  requestOptions?: Omit<RequestOptions, "signal"> | undefined;
  /**
   * How long (ms) a fetched list counts as fresh for this observer: shown with no request when
   * it subscribes. Default `modelListStaleTimeMs` (5 minutes); 0 fetches on every subscribe.
   */
  staleTime?: number | undefined;
}

type Action =
  | { type: "start"; keep: boolean }
  | { type: "success"; models: readonly Model[] }
  | { type: "error"; error: Error }
  | { type: "reset" };

/**
 * The framework-agnostic state behind `useModels`: fetches `models.list` when first subscribed
 * (never during a render, so a server render stays `idle`), refetches when `params` change, and
 * leaves an unfinished fetch when the last subscriber leaves. Observers of the same client and
 * `params` share one request and one list, as TanStack Query's observers of one query do: a
 * list fetched less than `modelListStaleTimeMs` ago is shown without a request, a `refetch`
 * refreshes it for all, and a request is aborted only once nobody waits for it.
 * @example
 * const observer = new ModelListObserver({ client: pictor }, (o) => ({ refetch: o.refetch }));
 */
export class ModelListObserver<A extends object> extends Subscribable<ModelListState & A> {
  readonly #actions: A;
  readonly #idle: ModelListState & A;
  /** What a render shows for a list that an effect is about to fetch. */
  readonly #pending: ModelListState & A;
  #options: ModelListObserverOptions;
  /** Whether the options `setOptions` last acted on (not just took) were enabled. */
  #enabled: boolean;
  #paramsKey: string;
  /** The shared list shown (or being fetched): its client, params and gateway; undefined before any fetch. */
  #list: SharedModelList | undefined;
  /** The shared request this observer waits for. */
  #request: ModelListRequest | undefined;
  /** A fetch was cut short by a teardown while a list stayed on show: subscribing again redoes it. */
  #interrupted = false;
  /** The state shows the refusal of a `requestOptions.signal`: one given (or taken away) since is acted on. */
  #refused = false;
  /** The last cached list shown for new `params` before `setOptions` ran (kept: one object per list). */
  #optimistic: (ModelListState & A & { status: "success" }) | undefined;
  /** `refetch` promises waiting for the fetch in flight (or the one that replaced it) to settle. */
  #waiting: ((state: ModelListState & A) => void)[] = [];

  constructor(
    options: ModelListObserverOptions,
    actions: (controls: { refetch: () => Promise<ModelListState & A> }) => A,
  ) {
    super();
    this.#options = options;
    this.#enabled = options.enabled !== false;
    this.#paramsKey = keyOf(options.params);
    this.#actions = actions(this);
    this.#idle = { ...this.#actions, status: "idle", isFetching: false };
    this.#pending = { ...this.#actions, status: "pending", isFetching: true };
    this.initialize(this.#idle);
    // A list another component fetched shows from the first render (a server render shows the
    // idle server snapshot whatever is cached); subscribing refetches it if stale.
    const cached = cachedModelList(options.client, this.#paramsKey);
    if (cached?.models) {
      this.#list = cached;
      this.#dispatch({ type: "success", models: cached.models });
    }
  }

  /**
   * What a render with `options` shows before `setOptions` (an effect) runs: a list for other
   * `params` or another gateway shows as `pending` (`idle` if disabled), as TanStack Query's
   * optimistic result does for a new key.
   */
  getOptimisticState(
    state: ModelListState & A,
    options: ModelListObserverOptions,
  ): ModelListState & A {
    const key = keyOf(options.params);
    // Idle shows no list (the first render, a server render).
    if (state.status === "idle" || !this.#forOtherRequest(key, options.client)) return state;
    if (options.enabled === false) return this.#idle;
    // A fresh list cached for the new params shows at once, as the effect will show it: a
    // picker switching back to a filter it showed before does not flash `pending`.
    const cached = cachedModelList(options.client, key);
    if (!isFresh(cached, options.staleTime) || cached.request) return this.#pending;
    if (this.#optimistic?.models !== cached.models)
      this.#optimistic = {
        ...this.#actions,
        status: "success",
        models: cached.models,
        isFetching: false,
      };
    return this.#optimistic;
  }

  /**
   * Replaces the options; while subscribed and enabled, fetches when the list shown is not for
   * these `params` (or there is none yet, or `enabled` just turned on after an error or once
   * the list is stale). With `defer`, only takes them (a `refetch` uses them): a later call
   * without it acts on them.
   */
  setOptions(options: ModelListObserverOptions, defer?: boolean): void {
    this.#options = options;
    // Compared by value: `useModels({ params: { mapped: true } })` makes a new object each render.
    this.#paramsKey = keyOf(options.params);
    if (defer) return;
    // Against the options last acted on: those taken with `defer` have not been.
    const turnedOn = !this.#enabled && options.enabled !== false;
    this.#enabled = options.enabled !== false;
    if (this.active && this.#stale(turnedOn)) this.#fetch(false);
    else if (options.enabled === false && this.#leftBehind()) this.#drop();
  }

  /**
   * Fetches the list again (replacing a fetch in flight), even when `enabled` is false, for
   * every observer showing it. A list on show for the same `params` and gateway stays, with
   * `isFetching: true`; otherwise `pending`. Resolves with the state once no fetch is in flight
   * (a newer fetch that replaced this one has settled, or a teardown cut it short); never
   * rejects, as a failure is in the state.
   */
  readonly refetch = (): Promise<ModelListState & A> => this.#fetch(true);

  /** Another observer started a request for the list shown here: wait for it too. */
  readonly #follow = (): void => {
    if (this.#request !== this.#list?.request) this.#fetch(false, this.#list);
  };

  /**
   * Shows the shared list for today's client and `params`: from the cache when fresh (unless
   * `force`), else by joining its request in flight, else by starting one (`force` replaces
   * the one in flight).
   */
  #fetch(force: boolean, given?: SharedModelList): Promise<ModelListState & A> {
    const settled = new Promise<ModelListState & A>((resolve) => this.#waiting.push(resolve));
    this.#interrupted = false;
    // A list on show for these params and this gateway stays on show while it is fetched again.
    const current = this.#forOtherRequest() ? undefined : this.#list;
    const { client, params, requestOptions } = this.#options;
    const list = given ?? sharedModelList(current?.source ?? client, this.#paramsKey);
    if (this.#list !== list) this.#list?.followers.delete(this.#follow);
    this.#list = list;
    if (this.active) list.followers.add(this.#follow);
    this.#refused = givesSignal(requestOptions);
    try {
      refuseSignal(requestOptions);
    } catch (error) {
      // Refused for this observer alone, before the shared request: the others showing the list
      // gave no signal, and this one's, joining theirs, would be ignored unheard. No list shows,
      // as when nothing is cached: a fresh list must not hide the mistake until it is refetched.
      this.#leave();
      this.#dispatch({ type: "start", keep: false });
      this.#dispatch({ type: "error", error: asError(error) });
      this.#release();
      return settled;
    }
    if (!force && !list.request && isFresh(list, this.#options.staleTime)) {
      this.#leave();
      this.#dispatch({ type: "success", models: list.models });
      this.#release();
      return settled;
    }
    const joined = force ? undefined : list.request;
    const request =
      joined ??
      startModelListRequest(list, (signal) =>
        (typeof client === "function" ? client() : client).models.list(params, {
          ...requestOptions,
          signal,
        }),
      );
    request.waiting++;
    // After joining: leaving the request this observer already waits for must not abort it.
    this.#leave();
    this.#request = request;
    this.#dispatch({ type: "start", keep: current !== undefined });
    const settle = (action: Action) => {
      // A newer fetch (or a teardown) replaced this one: its answer is stale.
      if (this.#request !== request) return;
      this.#request = undefined;
      this.#dispatch(action);
      this.#release();
    };
    request.promise.then(
      (models) => settle({ type: "success", models }),
      (error: unknown) => settle({ type: "error", error: asError(error) }),
    );
    // The other observers showing this list show the new request too.
    if (!joined) for (const follow of list.followers) follow();
    return settled;
  }

  /** Stops waiting for the shared request; the last observer to leave it aborts it (and says so). */
  #leave(): boolean {
    const request = this.#request;
    this.#request = undefined;
    if (!request || --request.waiting > 0) return false;
    request.controller.abort();
    return true;
  }

  protected override onActivate(): void {
    this.#list?.followers.add(this.#follow);
    // Shown again (a hidden <Activity>) after a refetch that the hiding cut short: run it again.
    if (this.#interrupted && this.#options.enabled !== false) this.refetch();
    // Params changed meanwhile, a failure, a stale list, or one another observer refreshed.
    else if (this.#stale(true)) this.#fetch(false);
  }

  /**
   * Whether an enabled observer should fetch: nothing fetched yet, or not for today's `params`
   * or from today's gateway (the provider's client now points elsewhere), a `requestOptions.signal`
   * given or taken away (refused even with a fresh list, which fetches nothing); on a transition
   * (enabled turned on, subscribed again) an error, a stale list, one another observer is
   * fetching or has replaced since it was shown here too.
   */
  #stale(transition: boolean): boolean {
    if (this.#options.enabled === false) return false;
    const state = this.getSnapshot();
    return (
      state.status === "idle" ||
      this.#forOtherRequest() ||
      this.#refused !== givesSignal(this.#options.requestOptions) ||
      (transition &&
        !this.#request &&
        (state.status === "error" ||
          !isFresh(this.#list, this.#options.staleTime) ||
          this.#list?.request !== undefined ||
          (hasList(state) && state.models !== this.#list?.models)))
    );
  }

  /** Whether the list shown (or being fetched) was asked for other `params` or from another gateway. */
  #forOtherRequest(paramsKey = this.#paramsKey, client = this.#options.client): boolean {
    const list = this.#list;
    return (
      !list ||
      list.key !== paramsKey ||
      (client !== list.source && baseURLOf(list.source) !== baseURLOf(client))
    );
  }

  /**
   * Whether the list shown (or being fetched) was asked for other `params` or from another
   * gateway than today's: while disabled nothing fetches the new one, and the old one must not
   * pass for it (TanStack Query shows no data for a query key it has not fetched).
   */
  #leftBehind(): boolean {
    return this.#list !== undefined && this.#forOtherRequest();
  }

  /** Forgets the list (and leaves its fetch): back to idle, so enabling or `refetch` fetches. */
  #drop(): void {
    this.#leave();
    this.#interrupted = false;
    this.#list?.followers.delete(this.#follow);
    this.#list = undefined;
    this.#dispatch({ type: "reset" });
    this.#release();
  }

  protected override onDeactivate(): void {
    const list = this.#list;
    if (list) {
      list.followers.delete(this.#follow);
      list.usedAt = Date.now();
    }
    if (!this.#request) return;
    const state = this.getSnapshot();
    // An unfinished first fetch is dropped: back to idle, so subscribing again fetches again
    // (or shows the list, if the others who waited for it got it).
    if (!hasList(state)) {
      this.#drop();
      return;
    }
    // An unfinished refetch is left, the list it would have replaced stays (TanStack Query
    // reverts a cancelled fetch too). Aborted when nobody else waits for it: subscribing again
    // runs it again; else subscribing again joins it or shows what it brought.
    this.#interrupted = this.#leave();
    this.setState({ ...state, isFetching: false });
    this.#release();
  }

  /** Resolves the waiting `refetch` promises with the state on show: no fetch is in flight now. */
  #release(): void {
    // A listener told of this state started another fetch: they wait for that one.
    if (this.#request) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve(this.getSnapshot());
  }

  #dispatch(action: Action): void {
    this.setState(this.#reduce(this.getSnapshot(), action));
  }

  #reduce(state: ModelListState & A, action: Action): ModelListState & A {
    switch (action.type) {
      case "start":
        return action.keep && hasList(state)
          ? { ...state, isFetching: true }
          : { ...this.#actions, status: "pending", isFetching: true };
      case "success":
        return { ...this.#actions, status: "success", models: action.models, isFetching: false };
      case "error":
        // A list on show at this point is for the same request (any other one started `pending`).
        return {
          ...this.#actions,
          status: "error",
          error: action.error,
          models: hasList(state) ? state.models : undefined,
          isFetching: false,
        };
      case "reset":
        return this.#idle;
    }
  }
}

/** Whether a state shows a list: a success, or an error of a refetch that kept the list. */
function hasList(state: ModelListState): state is ModelListState & { models: readonly Model[] } {
  return (state.status === "success" || state.status === "error") && state.models !== undefined;
}

/**
 * The gateway a client source lists from: its `baseURL`. Compared rather than the client itself,
 * so a new client for the same gateway (an inline `new Pictor()`) does not fetch on every
 * render. Undefined when the client cannot be built: fetching reports why.
 */
function baseURLOf(client: ClientSource): string | undefined {
  try {
    return (typeof client === "function" ? client() : client).baseURL;
  } catch {
    return undefined;
  }
}

/**
 * What `models.list` does without a filter: image models only, and none of the gateway's flags
 * (sent only when true). Every filter is listed, so a new one must be placed here.
 */
const defaultFilters: { readonly [name: string]: boolean | undefined } = {
  imageOnly: true,
  include_deactivated: false,
  exclude_deprecated: false,
  mapped: false,
  include_restricted: false,
  no_training: false,
} satisfies Record<keyof ModelListParams, boolean>;

/**
 * `params` as a string equal for equal requests, whatever the key order: undefined fields and
 * defaults spelt out are dropped, so `useModels()` and `{ params: { imageOnly: true } }` share a
 * list. Any other key stays, so a misspelt one still gets its own error.
 */
function keyOf(params: ModelListParams | undefined): string {
  const entries = Object.entries(params ?? {}).filter(
    ([name, value]) => value !== undefined && value !== defaultFilters[name],
  );
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
