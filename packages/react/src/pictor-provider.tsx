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
 * first use (not during render: a path such as `/api/pictor` needs `location`, which a server
 * render lacks). The options are compared field by field, so an inline object is fine; a new
 * `headers`, `fetch` or `onRetry` object builds a new client.
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
  } = options ?? {};
  const getClient = useMemo(() => {
    if (client) return () => client;
    let built: Pictor | undefined;
    return () => {
      built ??= new Pictor({
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
    baseURL,
    apiKey,
    fetch,
    headers,
    timeout,
    maxRetries,
    maxConcurrency,
    dangerouslyAllowBrowser,
    onRetry,
  ]);
  // `.Provider` rather than React 19's `<Context>`: the peer range includes React 18.
  return <PictorContext.Provider value={getClient}>{children}</PictorContext.Provider>;
}
