import { type ClientOptions, Pictor, PictorError } from "@pictor/client";
import { type ReactNode, useInsertionEffect, useMemo, useRef } from "react";
import { PictorContext } from "./pictor-context";

/** Where the provider's client sends requests when no `baseURL` is given: a `@pictor/server` route. */
const defaultRoute = "/api/pictor";

/**
 * Props of `PictorProvider`: a client, or options to build one (default `{ baseURL: "/api/pictor" }`).
 * Options that set nothing (`{}`) may stand beside a client: they contradict nothing.
 */
export type PictorProviderProps = { children?: ReactNode } & (
  | { client: Pictor; options?: { [K in keyof ClientOptions]?: undefined } | undefined }
  | { client?: undefined; options?: ClientOptions | undefined }
);

/**
 * Gives the hooks below it a Pictor client. Without `client`, it builds one from `options` on
 * first use (a request, or `usePictorClient()`), so a bad option fails a request, not the
 * render. The options are compared by value (`headers` by its entries), so an inline object is
 * fine, but an object that is not plain data (a `dispatcher` in `fetchOptions`) by identity;
 * `fetch` and `onRetry` are read when called, so inline functions are fine too.
 * @example
 * <PictorProvider options={{ baseURL: "/api/pictor" }}><App /></PictorProvider>
 */
export function PictorProvider({
  children,
  client,
  options,
  ...props
}: PictorProviderProps): ReactNode {
  // By value, so that an inline object, new each render, keeps the client: a new one would start
  // the model list's cache over.
  const key = optionsKey(options);
  // Untyped code: a client option written as a prop would be dropped for the default route, and
  // options beside a client would have no effect on it. Options that set nothing (`{}`, or each
  // left undefined, as the client takes them) are no contradiction: `options={props.options ?? {}}`.
  const stray = Object.keys(props)[0];
  const misuse =
    stray !== undefined
      ? `takes no prop "${stray}": use options={{ ${stray} }} or client={pictor}`
      : client && options && key !== "{}"
        ? "takes client or options, not both"
        : undefined;
  const { baseURL = defaultRoute, fetch, onRetry, ...others } = options ?? {};
  // `fetch` and `onRetry` are read when called (a "latest ref", as TanStack Query and SWR do):
  // inline functions are new each render, and a new client would drop what the old one was doing.
  // Updated at commit, not in render: a render React throws away must not leave its callbacks.
  const latest = useRef(options);
  useInsertionEffect(() => {
    latest.current = options;
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options count by `key`
  const getClient = useMemo(() => {
    let built: Pictor | undefined;
    return () => {
      if (misuse) throw new PictorError(`PictorProvider ${misuse}`);
      if (client) return client;
      // An option the client does not take (a `baseUrl` typo) is passed on, so that the client
      // refuses it at first use rather than this provider dropping it.
      built ??= new Pictor({
        ...others,
        baseURL,
        // A function or not counts, which one does not (a non-function reaches the client, which
        // refuses it). `(… ?? …)(…)` calls it unbound: a browser's own `fetch` called as a method
        // of another object throws "Illegal invocation".
        fetch:
          typeof fetch === "function"
            ? (input, init) => (latest.current?.fetch ?? globalThis.fetch)(input, init)
            : fetch,
        onRetry:
          typeof onRetry === "function" ? (event) => latest.current?.onRetry?.(event) : onRetry,
      });
      return built;
    };
  }, [misuse, client, key]);
  // `.Provider` rather than React 19's `<Context>`: the peer range includes React 18.
  return <PictorContext.Provider value={getClient}>{children}</PictorContext.Provider>;
}

/** A number for each object `optionsKey` tells by identity, for as long as the object lives. */
const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * `options` as JSON text, to compare by value; itself when JSON cannot say it (a cycle). Plain
 * objects and arrays count by content (`headers: { "x-csrf": token }`, `fetchOptions: { cache }`),
 * a `Headers` by its entries, a function by its kind (the provider calls the latest one), and any
 * other object by identity: JSON says the same of two undici `ProxyAgent`s whatever their proxies,
 * and a swapped one must not be ignored.
 */
function optionsKey(options: ClientOptions | undefined): unknown {
  try {
    return JSON.stringify(options, (_key, value: unknown) =>
      typeof value === "function"
        ? "function"
        : value instanceof Headers
          ? [...value]
          : value instanceof Object &&
              ![Object.prototype, Array.prototype, null].includes(Object.getPrototypeOf(value))
            ? (identities.get(value) ?? identities.set(value, ++lastIdentity).get(value))
            : value,
    );
  } catch {
    return options;
  }
}
