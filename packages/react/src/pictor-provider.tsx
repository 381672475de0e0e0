import { type ClientOptions, Pictor } from "@pictor/client";
import { type ReactNode, useMemo } from "react";
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
 * render. The options are compared field by field (`headers` by its entries), so an inline
 * object is fine; a new `fetch` or `onRetry` function builds a new client.
 * @example
 * <PictorProvider options={{ baseURL: "/api/pictor" }}><App /></PictorProvider>
 */
export function PictorProvider({ children, client, options }: PictorProviderProps): ReactNode {
  const {
    baseURL = defaultRoute,
    apiKey,
    fetch,
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: `headers` counts by value (headersText)
  const getClient = useMemo(() => {
    if (client) return () => client;
    let built: Pictor | undefined;
    return () => {
      built ??= new Pictor({
        ...(unknown === undefined ? {} : { [unknown]: true }),
        baseURL,
        apiKey,
        fetch,
        headers,
        timeout,
        maxRetries,
        maxConcurrency,
        dangerouslyAllowBrowser,
        onRetry,
      });
      return built;
    };
  }, [
    client,
    unknown,
    baseURL,
    apiKey,
    fetch,
    headersText,
    timeout,
    maxRetries,
    maxConcurrency,
    dangerouslyAllowBrowser,
    onRetry,
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
