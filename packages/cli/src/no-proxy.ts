import { isIPv6 } from "node:net";

/** The port a URL of each scheme means when it names none, as undici takes it. */
const defaultPorts: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/**
 * NO_PROXY as undici matches it: an IPv6 address written bare (`::1`, as curl takes it and as
 * many a default NO_PROXY lists it) put in brackets, as undici compares hosts; bare, it reads
 * `::1` as the host ":" on port 1, and requests to `[::1]` went through the proxy.
 */
export function noProxyForUndici(noProxy: string): string {
  return noProxy
    .split(/[,\s]+/)
    .filter((entry) => entry !== "")
    .map((entry) => (isIPv6(entry) ? `[${entry}]` : entry))
    .join(",");
}

/**
 * Whether NO_PROXY sends a request to `url` straight to its host, by undici's rule (its
 * EnvHttpProxyAgent decides where the request goes; this says beforehand what it will decide):
 * `*` for every host, else an entry equal to the host or a parent domain of it (`.corp`,
 * `*.corp` and `corp` alike), on the entry's port if it names one.
 */
export function bypassesProxy(noProxy: string, url: URL): boolean {
  const value = noProxyForUndici(noProxy);
  if (value === "") return false;
  if (value === "*") return true;
  // `host` keeps an IPv6 address's brackets, as the entries have them.
  const hostname = url.host.replace(/:\d*$/, "").toLowerCase();
  const port = Number.parseInt(url.port, 10) || defaultPorts[url.protocol] || 0;
  return value.split(",").some((entry) => {
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed?.[1] ?? entry).replace(/^\*?\./, "").toLowerCase();
    const entryPort = parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0;
    if (entryPort && entryPort !== port) return false;
    return hostname === host || hostname.endsWith(`.${host}`);
  });
}

/** NO_PROXY's value in `env` (the lowercase name first), "" when not set. */
export function noProxyFromEnv(env: NodeJS.ProcessEnv): string {
  return env.no_proxy || env.NO_PROXY || "";
}
