import { type ClientOptions, Pictor, PictorError } from "@pictor/client";
import { type ReactNode, useInsertionEffect, useMemo, useRef } from "react";
import { PictorContext } from "./pictor-context";

/** Where the provider's client sends requests when no `baseURL` is given: a `@pictor/server` route. */
const defaultRoute = "/api/pictor";

/** Props of `PictorProvider`: a client, or options to build one (default `{ baseURL: "/api/pictor" }`). */
export type PictorProviderProps = { children?: ReactNode } & (
  | { client: Pictor; options?: undefined }
  | { client?: undefined; options?: ClientOptions | undefined }
);

/**
 * Gives the hooks below it a Pictor client. Without `client`, it builds one from `options` on
 * first use (a request, or `usePictorClient()`), so a bad option fails a request, not the
 * render. The options are compared field by field (`headers` by its entries, `fetchOptions` as JSON), so an inline
 * object is fine; `fetch` and `onRetry` are read when called, so inline functions are too.
 * @example
 * <PictorProvider options={{ baseURL: "/api/pictor" }}><App /></PictorProvider>
 */
export function PictorProvider({
  children,
  client,
  options,
  ...props
}: PictorProviderProps): ReactNode {
  // Untyped code: a client option written as a prop would be dropped for the default route, and
  // options beside a client would have no effect on it.
  const stray = Object.keys(props)[0];
  const misuse =
    stray !== undefined
      ? `takes no prop "${stray}": use options={{ ${stray} }} or client={pictor}`
      : client && options
        ? "takes client or options, not both"
        : undefined;
  const {
    baseURL = defaultRoute,
    apiKey,
    fetch,
    fetchOptions,
    headers,
    timeout,
    maxRetries,
    maxConcurrency,
    dangerouslyAllowBrowser,
    onRetry,
    ...others
  } = options ?? {};
  // An option the client does not take (a `baseUrl` typo) is passed on, so that the client
  // refuses it at first use rather than this provider dropping it. By name: a new object each
  // render must not build a new client.
  const unknown = Object.keys(others).find((key) => Reflect.get(others, key) !== undefined);
  // By value: `headers: { "x-csrf": token }` inline is a new object each render, and a new client
  // would start the model list's cache over.
  const headersText = headersKey(headers);
  // By value too, as far as JSON tells (`{ cache: "no-store" }`); by identity when it cannot.
  const fetchOptionsText = jsonKey(fetchOptions);
  // `fetch` and `onRetry` are read when called (a "latest ref", as TanStack Query and SWR do):
  // inline functions are new each render, and a new client would drop what the old one was doing.
  // Updated at commit, not in render: a render React throws away must not leave its callbacks.
  const latest = useRef(options);
  useInsertionEffect(() => {
    latest.current = options;
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `headers` and `fetchOptions` count by value (headersText, fetchOptionsText), `fetch` and `onRetry` by kind
  const getClient = useMemo(() => {
    let built: Pictor | undefined;
    return () => {
      if (misuse) throw new PictorError(`PictorProvider ${misuse}`);
      if (client) return client;
      built ??= new Pictor({
        ...(unknown === undefined ? {} : { [unknown]: true }),
        baseURL,
        apiKey,
        // A function or not counts, which one does not (a non-function reaches the client, which
        // refuses it). `(… ?? …)(…)` calls it unbound: a browser's own `fetch` called as a method
        // of another object throws "Illegal invocation".
        fetch:
          typeof fetch === "function"
            ? (input, init) => (latest.current?.fetch ?? globalThis.fetch)(input, init)
            : fetch,
        fetchOptions,
        headers,
        timeout,
        maxRetries,
        maxConcurrency,
        dangerouslyAllowBrowser,
        onRetry:
          typeof onRetry === "function" ? (event) => latest.current?.onRetry?.(event) : onRetry,
      });
      return built;
    };
  }, [
    misuse,
    client,
    unknown,
    baseURL,
    apiKey,
    typeof fetch,
    fetchOptionsText,
    headersText,
    timeout,
    maxRetries,
    maxConcurrency,
    dangerouslyAllowBrowser,
    typeof onRetry,
  ]);
  // `.Provider` rather than React 19's `<Context>`: the peer range includes React 18.
  return <PictorContext.Provider value={getClient}>{children}</PictorContext.Provider>;
}

/**
 * `headers` as text, to compare by value; itself when `Headers` refuses it (the client then
 * refuses it at first use, not this render).
 */
function headersKey(headers: ClientOptions["headers"]): unknown {
  try {
    return headers && JSON.stringify([...new Headers(headers as HeadersInit)]);
  } catch {
    return headers;
  }
}

/** `value` as JSON text, to compare by value; itself when JSON cannot say it (a cycle). */
function jsonKey(value: unknown): unknown {
  try {
    return JSON.stringify(value);
  } catch {
    return value;
  }
}
