import type { Model, ModelListParams, RequestOptions } from "@pictor/client";
import type { ClientSource } from "./image-request-observer";
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
}

type Action =
  | { type: "start"; keep: boolean }
  | { type: "success"; models: readonly Model[] }
  | { type: "error"; error: Error }
  | { type: "reset" };

/**
 * The framework-agnostic state behind `useModels`: fetches `models.list` when first subscribed
 * (never during a render, so a server render stays `idle`), refetches when `params` change, and
 * aborts an unfinished fetch when the last subscriber leaves.
 * @example
 * const observer = new ModelListObserver({ client: pictor }, (o) => ({ refetch: o.refetch }));
 */
export class ModelListObserver<A extends object> extends Subscribable<ModelListState & A> {
  readonly #actions: A;
  readonly #idle: ModelListState & A;
  /** What a render shows for a list that an effect is about to fetch. */
  readonly #pending: ModelListState & A;
  #options: ModelListObserverOptions;
  #paramsKey: string;
  /** The params the list shown (or being fetched) was asked with; undefined before any fetch. */
  #fetchedKey: string | undefined;
  /** The gateway (the client's `baseURL`) that list came from. */
  #fetchedFrom: string | undefined;
  /** The client (or getter) it came from: the same one needs no `baseURL` read. */
  #fetchedWith: ClientSource | undefined;
  #controller: AbortController | undefined;
  /** A fetch was cut short by a teardown while a list stayed on show: subscribing again redoes it. */
  #interrupted = false;
  /** `refetch` promises waiting for the fetch in flight (or the one that replaced it) to settle. */
  #waiting: ((state: ModelListState & A) => void)[] = [];

  constructor(
    options: ModelListObserverOptions,
    actions: (controls: { refetch: () => Promise<ModelListState & A> }) => A,
  ) {
    super();
    this.#options = options;
    this.#paramsKey = keyOf(options.params);
    this.#actions = actions(this);
    this.#idle = { ...this.#actions, status: "idle", isFetching: false };
    this.#pending = { ...this.#actions, status: "pending", isFetching: true };
    this.initialize(this.#idle);
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
    // Idle shows no list (the first render, a server render).
    if (state.status === "idle" || !this.#forOtherRequest(keyOf(options.params), options.client))
      return state;
    return options.enabled === false ? this.#idle : this.#pending;
  }

  /**
   * Replaces the options; while subscribed and enabled, fetches when the list shown is not for
   * these `params` (or there is none yet, or `enabled` just turned on after an error).
   */
  setOptions(options: ModelListObserverOptions): void {
    const turnedOn = this.#options.enabled === false && options.enabled !== false;
    this.#options = options;
    // Compared by value: `useModels({ params: { mapped: true } })` makes a new object each render.
    this.#paramsKey = keyOf(options.params);
    if (this.active && this.#stale(turnedOn)) this.refetch();
    else if (options.enabled === false && this.#leftBehind()) this.#drop();
  }

  /**
   * Fetches the list again (aborting a fetch in flight), even when `enabled` is false. A list on
   * show for the same `params` and gateway stays, with `isFetching: true`; otherwise `pending`.
   * Resolves with the state once no fetch is in flight (a newer fetch that replaced this one has
   * settled, or a teardown cut it short); never rejects, as a failure is in the state.
   */
  readonly refetch = (): Promise<ModelListState & A> => {
    const settled = new Promise<ModelListState & A>((resolve) => this.#waiting.push(resolve));
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#interrupted = false;
    // A list on show for these params and this gateway stays on show while it is fetched again.
    const keep = !this.#forOtherRequest();
    this.#fetchedKey = this.#paramsKey;
    this.#fetchedFrom = baseURLOf(this.#options.client);
    this.#fetchedWith = this.#options.client;
    this.#dispatch({ type: "start", keep });
    const { client, params, requestOptions } = this.#options;
    const settle = (action: Action) => {
      // A newer fetch (or a teardown) replaced this one: its answer is stale.
      if (this.#controller !== controller) return;
      this.#controller = undefined;
      this.#dispatch(action);
      this.#release();
    };
    Promise.resolve()
      .then(() =>
        (typeof client === "function" ? client() : client).models.list(params, {
          ...requestOptions,
          signal: controller.signal,
        }),
      )
      .then(
        (models) => settle({ type: "success", models }),
        (error: unknown) =>
          settle({
            type: "error",
            error: error instanceof Error ? error : new Error(String(error)),
          }),
      );
    return settled;
  };

  protected override onActivate(): void {
    // Shown again (a hidden <Activity>): params changed meanwhile, a failure, or a refetch that
    // the hiding cut short: fetch again.
    if (this.#stale(true) || (this.#interrupted && this.#options.enabled !== false)) this.refetch();
  }

  /**
   * Whether an enabled observer should fetch: nothing fetched yet, or not for today's `params`
   * or from today's gateway (the provider's client now points elsewhere); on a transition
   * (enabled turned on, subscribed again) an error is tried again too.
   */
  #stale(transition: boolean): boolean {
    if (this.#options.enabled === false) return false;
    const { status } = this.getSnapshot();
    return status === "idle" || this.#forOtherRequest() || (transition && status === "error");
  }

  /** Whether the list shown (or being fetched) was asked for other `params` or from another gateway. */
  #forOtherRequest(paramsKey = this.#paramsKey, client = this.#options.client): boolean {
    return (
      this.#fetchedKey !== paramsKey ||
      (client !== this.#fetchedWith && this.#fetchedFrom !== baseURLOf(client))
    );
  }

  /**
   * Whether the list shown (or being fetched) was asked for other `params` or from another
   * gateway than today's: while disabled nothing fetches the new one, and the old one must not
   * pass for it (TanStack Query shows no data for a query key it has not fetched).
   */
  #leftBehind(): boolean {
    return this.#fetchedKey !== undefined && this.#forOtherRequest();
  }

  /** Forgets the list (and aborts its fetch): back to idle, so enabling or `refetch` fetches. */
  #drop(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.#interrupted = false;
    this.#fetchedKey = undefined;
    this.#fetchedFrom = undefined;
    this.#fetchedWith = undefined;
    this.#dispatch({ type: "reset" });
    this.#release();
  }

  protected override onDeactivate(): void {
    if (!this.#controller) return;
    const state = this.getSnapshot();
    // An unfinished first fetch is dropped: back to idle, so subscribing again fetches again.
    if (!hasList(state)) {
      this.#drop();
      return;
    }
    // An unfinished refetch is aborted, the list it would have replaced stays (TanStack Query
    // reverts a cancelled fetch too), and subscribing again runs it again.
    this.#controller.abort();
    this.#controller = undefined;
    this.#interrupted = true;
    this.setState({ ...state, isFetching: false });
    this.#release();
  }

  /** Resolves the waiting `refetch` promises with the state on show: no fetch is in flight now. */
  #release(): void {
    // A listener told of this state started another fetch: they wait for that one.
    if (this.#controller) return;
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

/** `params` as a string equal for equal values, whatever the key order (undefined fields dropped). */
function keyOf(params: ModelListParams | undefined): string {
  const entries = Object.entries(params ?? {}).filter(([, value]) => value !== undefined);
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
