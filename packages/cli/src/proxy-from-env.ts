import type { buildConnector, Pool } from "undici";
import { UsageError } from "./cli-error";
import { bypassesProxy, noProxyForUndici, noProxyFromEnv } from "./no-proxy";

/** A proxy variable of the environment that is set: its name and its URL, parsed. */
export interface ProxyVariable {
  name: string;
  url: URL;
}

/**
 * The proxies the environment asks for, as curl and npm read them: HTTPS_PROXY for https://
 * URLs, HTTP_PROXY for http:// ones, ALL_PROXY for either when its own is not set (and
 * HTTP_PROXY for https:// ones when neither is, as undici does), except for the hosts in
 * NO_PROXY. Each lowercase name wins over its uppercase one.
 */
export interface EnvProxy {
  https: ProxyVariable | undefined;
  http: ProxyVariable | undefined;
  /** NO_PROXY's value, "" when not set. */
  noProxy: string;
  /**
   * Why http:// URLs go straight to their host though HTTP_PROXY or ALL_PROXY is set: it is no
   * proxy Pictor can send through (socks5://, a typo), and HTTPS_PROXY covers https://. The
   * refusal it would have been, for a gateway at an http:// URL, which would go through it (see
   * `connect`).
   */
  unusableForHttp: UsageError | undefined;
}

/** A proxy URL as it should be written, shown in errors (never the one given: it may hold a password). */
const example = "http://proxy.example:3128";

/**
 * The proxies set in `env`, or undefined when none is (an empty variable is none, as in a .env
 * file; one without a scheme is http://). Throws a `UsageError` naming the variable when one is
 * no http:// or https:// URL.
 */
export function proxyFromEnv(env: NodeJS.ProcessEnv): EnvProxy | undefined {
  // curl's order: the scheme's own variable, then ALL_PROXY.
  const https = proxyVariable(env, "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
  let http: ProxyVariable | undefined;
  let unusableForHttp: UsageError | undefined;
  try {
    http = proxyVariable(env, "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY");
  } catch (error) {
    // A variable for http:// that Pictor cannot send through (an ALL_PROXY set for other tools,
    // socks5://, or a broken HTTP_PROXY) beside a valid HTTPS_PROXY must not stop a run whose
    // requests are https://, which do not use it: refused only where it would be used.
    if (!(error instanceof UsageError) || !https) throw error;
    unusableForHttp = error;
  }
  if (!https && !http) return undefined;
  return { https, http, noProxy: noProxyFromEnv(env), unusableForHttp };
}

function proxyVariable(
  env: NodeJS.ProcessEnv,
  ...names: readonly string[]
): ProxyVariable | undefined {
  for (const name of names) {
    const value = env[name];
    if (!value) continue;
    // The value is never quoted back: `user:password@proxy:3128` (no scheme) would show it.
    let url: URL;
    try {
      url = proxyURL(value);
    } catch {
      throw new UsageError(`${name} is not a valid URL: write it as ${example}`);
    }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname)
      throw new UsageError(
        `${name} must start with http:// or https:// and name a host, as in ${example}`,
      );
    // undici decodes them for Proxy-Authorization: a literal `%` (a password `100%`) would fail
    // every run with its bare "URI malformed", naming nothing.
    if (!decodes(url.username) || !decodes(url.password))
      throw new UsageError(
        `${name} has a % that is no %XX escape in its user or password: write each % there as %25, as in http://user:100%25@proxy.example:3128`,
      );
    return { name, url };
  }
  return undefined;
}

/** `value` as a URL; without a scheme (`proxy.corp:3128`) http:// is meant, as curl reads it. */
function proxyURL(value: string): URL {
  return new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`);
}

/** Whether `text` is percent-encoded as `decodeURIComponent` takes it (no stray `%`). */
function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * An undici dispatcher sending each request through `proxy`. undici is imported here, only
 * when a proxy is set: loading it costs a few hundred milliseconds of a run's start.
 */
export async function proxyDispatcher(proxy: EnvProxy): Promise<object> {
  const { Client, EnvHttpProxyAgent, Pool } = await import("undici");
  // All three given, "" for none: undici would otherwise read process.env, not the CLI's env.
  return new EnvHttpProxyAgent({
    httpProxy: proxy.http?.url.href ?? "",
    httpsProxy: proxy.https?.url.href ?? "",
    noProxy: noProxyForUndici(proxy.noProxy),
    // None of undici's own waits (300 s for an answer's headers, 300 s between body chunks): a
    // generation may take longer, and Pictor's per-attempt timeout (--timeout) governs each call.
    headersTimeout: 0,
    bodyTimeout: 0,
    // undici's own choice between a Client and a Pool, with the tunnel's connect made to fail.
    factory: (origin, options: Pool.Options) => {
      const { connect } = options;
      const settings =
        typeof connect === "function" ? { ...options, connect: failingOnHangUp(connect) } : options;
      return settings.connections === 1 ? new Client(origin, settings) : new Pool(origin, settings);
    },
  });
}

/**
 * The connect of a proxy's tunnel, failing when the proxy hangs up on the CONNECT (it cannot
 * reach the host, or takes no CONNECT). undici 7 reads that error as a socket's that may be
 * tried again, and sends the CONNECT again in a tight loop, thousands a second, until the
 * call's timeout (nodejs/undici#3897; fixed in undici 8, which needs Node 22).
 */
function failingOnHangUp(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    connect(options, (...result) => {
      const [error] = result;
      if (error && "code" in error && error.code === "UND_ERR_SOCKET")
        callback(
          new Error(
            // `host` has the port when it is not the scheme's (`port` is "" then).
            `the proxy closed the connection instead of opening a tunnel to ${options.host || options.hostname}`,
            { cause: error },
          ),
          null,
        );
      else callback(...result);
    });
}

/**
 * The proxy a request to `url` goes through, as undici's EnvHttpProxyAgent routes it (see
 * `proxyDispatcher`); undefined when it goes straight to its host.
 */
export function proxyFor(proxy: EnvProxy, url: URL): ProxyVariable | undefined {
  if (bypassesProxy(proxy.noProxy, url)) return undefined;
  if (url.protocol === "https:") return proxy.https ?? proxy.http;
  return url.protocol === "http:" ? proxy.http : undefined;
}

/**
 * What `--verbose` says of `proxy`: each proxy's scheme and host, the variable it came from and
 * what it is for, and NO_PROXY. Never its credentials. With `local` (--local, whose gateway is
 * in the process), only the proxy an edit's https inputs go through.
 */
export function describeProxy(proxy: EnvProxy, local = false): string {
  const shown = ({ name, url }: ProxyVariable) => `${url.protocol}//${url.host} from ${name}`;
  const except = proxy.noProxy ? ` (not for NO_PROXY: ${proxy.noProxy})` : "";
  // HTTP_PROXY (or ALL_PROXY) stands in for a missing HTTPS_PROXY.
  const forHttps = proxy.https ?? proxy.http;
  if (local && forHttps)
    return `pictor: the local gateway is in this process, not proxied; https input images go through the proxy ${shown(forHttps)}${except}\n`;
  const uses: string[] = [];
  // ALL_PROXY for both schemes is one proxy, said once.
  const https = proxy.https?.name === proxy.http?.name ? undefined : proxy.https;
  if (https) uses.push(`${shown(https)} for https://`);
  if (proxy.http) uses.push(`${shown(proxy.http)} for http://${https ? "" : " and https://"}`);
  const straight = proxy.unusableForHttp
    ? `; http:// URLs go straight to their host, as ${proxy.unusableForHttp.message}`
    : "";
  return `pictor: using the proxy ${uses.join(", and ")}${except}${straight}\n`;
}

/** The names of the proxy variables set in `env`, for messages to point at. */
export function proxyVariableNames(env: NodeJS.ProcessEnv): string[] {
  return [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
  ].filter((name) => env[name]);
}

/**
 * The passwords in the proxy variables of `env`, as written and decoded, for what the CLI
 * prints to leave out. Values that are no URL have none to take out (and are refused unread).
 */
export function proxyPasswords(env: NodeJS.ProcessEnv): string[] {
  const passwords: string[] = [];
  for (const name of proxyVariableNames(env)) {
    let password: string;
    try {
      password = proxyURL(env[name] ?? "").password;
    } catch {
      continue; // Not a URL: the CLI refuses it without quoting it.
    }
    if (!password) continue;
    passwords.push(password);
    try {
      passwords.push(decodeURIComponent(password));
    } catch {
      // A stray `%`: the variable is refused wherever a request would use it (see proxyVariable);
      // its raw password is hidden all the same.
    }
  }
  return passwords;
}
