import type { Model, ModelListParams, RequestOptions } from "@pictor/client";
import type { ClientSource } from "./image-request-observer";
import { Subscribable } from "./subscribable";

/** The state of the model list, discriminated by `status`; `idle` until the first fetch starts (and on the server). */
export type ModelListState =
  | { readonly status: "idle" }
  | { readonly status: "pending" }
  | { readonly status: "success"; readonly models: readonly Model[] }
  | { readonly status: "error"; readonly error: Error };

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
  | { type: "start" }
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
  #options: ModelListObserverOptions;
  #paramsKey: string;
  #controller: AbortController | undefined;

  constructor(
    options: ModelListObserverOptions,
    actions: (controls: { refetch: () => void }) => A,
  ) {
    super();
    this.#options = options;
    this.#paramsKey = JSON.stringify(options.params ?? {});
    this.#actions = actions(this);
    this.#idle = { ...this.#actions, status: "idle" };
    this.initialize(this.#idle);
  }

  /** Replaces the options; refetches while subscribed if `params` changed or `enabled` turned on. */
  setOptions(options: ModelListObserverOptions): void {
    // Compared by value: `useModels({ params: { mapped: true } })` makes a new object each render.
    const paramsKey = JSON.stringify(options.params ?? {});
    const changed =
      paramsKey !== this.#paramsKey ||
      (this.#options.enabled === false && options.enabled !== false);
    this.#options = options;
    this.#paramsKey = paramsKey;
    if (changed && this.active && options.enabled !== false) this.refetch();
  }

  /** Fetches the list again (aborting a fetch in flight), even when `enabled` is false. */
  readonly refetch = (): void => {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#dispatch({ type: "start" });
    const { client, params, requestOptions } = this.#options;
    const settle = (action: Action) => {
      // A newer fetch (or a teardown) replaced this one: its answer is stale.
      if (this.#controller !== controller) return;
      this.#controller = undefined;
      this.#dispatch(action);
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
  };

  protected override onActivate(): void {
    if (this.getSnapshot().status === "idle" && this.#options.enabled !== false) this.refetch();
  }

  protected override onDeactivate(): void {
    if (!this.#controller) return;
    this.#controller.abort();
    this.#controller = undefined;
    // Back to idle, so subscribing again fetches again.
    this.#dispatch({ type: "reset" });
  }

  #dispatch(action: Action): void {
    this.setState(this.#reduce(action));
  }

  #reduce(action: Action): ModelListState & A {
    switch (action.type) {
      case "start":
        return { ...this.#actions, status: "pending" };
      case "success":
        return { ...this.#actions, status: "success", models: action.models };
      case "error":
        return { ...this.#actions, status: "error", error: action.error };
      case "reset":
        return this.#idle;
    }
  }
}
