import { type FetchOptions, Pictor, type RetryEvent } from "@pictor/client";
import { publicGatewayBaseURL } from "@pictor/contract";
import { createMockGateway } from "@pictor/mock";
import { UsageError } from "./cli-error";
import { bypassesProxy, noProxyFromEnv } from "./no-proxy";
import {
  describeProxy,
  type EnvProxy,
  proxyDispatcher,
  proxyFor,
  proxyFromEnv,
  proxyVariableNames,
} from "./proxy-from-env";

/** How a command reaches a gateway. */
export interface ConnectionFlags {
  local?: boolean;
  apiKey?: string;
  baseUrl?: string;
  timeout?: number;
  maxRetries?: number;
  /** --verbose, before or after the command. */
  verbose?: boolean;
}

/** What a command hears of its client's requests, for its progress. */
export interface ConnectionHooks {
  /** Called before each retry, with its delay and cause. */
  onRetry(event: RetryEvent): void;
  /**
   * Called as each request goes out. `call`: a call to the gateway (a POST), made once the
   * client's checks of the request have passed; a request it refuses is never sent, and nothing
   * should say it is waited for. `get`: a request of the client's own, its check of an edit's
   * https input (one of those checks) or a download of a provider's image.
   */
  onFetch(kind: "call" | "get"): void;
  /**
   * Called once, before any request, when the environment names a proxy (HTTPS_PROXY, …), with
   * what --verbose says of it: what goes through it, or why it is not used.
   */
  onProxy(said: string): void;
  /** Called once, before any request, with what goes through a proxy, when something does. */
  onProxied(proxied: Proxied): void;
}

/** The variables of the proxies a run's requests go through, for its errors to name. */
export interface Proxied {
  /** The gateway calls' (never with --local: its gateway is in the process). */
  gateway: string | undefined;
  /** An edit's https inputs' (the client checks them before the edit is sent). */
  inputs: string | undefined;
}

/** Where the local gateway pretends to live; requests to it never leave the process. */
const localBaseURL = "http://pictor.local/v1";

/**
 * A client for the real gateway (key from --api-key or LLM_GATEWAY_API_KEY, endpoint from
 * --base-url or LLM_GATEWAY_BASE_URL), or with --local for the mock gateway in this process;
 * through the proxy HTTPS_PROXY, HTTP_PROXY or ALL_PROXY names, if any.
 */
export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  hooks: ConnectionHooks,
  /** An edit's input images as typed: with --local, its https ones are all that leave the process. */
  inputs: readonly string[] = [],
): Promise<Pictor> {
  const proxy = flags.local ? localProxy(env, inputs, hooks) : gatewayProxy(flags, env);
  let fetchOptions: FetchOptions | undefined;
  if (proxy) {
    hooks.onProxy(describeProxy(proxy, flags.local));
    fetchOptions = { dispatcher: await proxyDispatcher(proxy) };
  }
  try {
    const pictor = client(flags, env, hooks, fetchOptions);
    if (proxy) {
      const inputURLs = inputs.flatMap((input) => httpsURL(input) ?? []);
      hooks.onProxied({
        gateway: flags.local ? undefined : proxyFor(proxy, new URL(pictor.baseURL))?.name,
        inputs: inputURLs.map((url) => proxyFor(proxy, url)?.name).find((name) => name),
      });
    }
    return pictor;
  } catch (error) {
    // The client's option checks (a key with a space, --timeout 0): a usage error, exit 2.
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The proxy of a run against a real gateway. An HTTP_PROXY or ALL_PROXY Pictor cannot send
 * through beside HTTPS_PROXY (see `EnvProxy.unusableForHttp`) is refused for a gateway at an
 * http:// URL, whose calls would go through it; an https:// one goes through HTTPS_PROXY.
 */
function gatewayProxy(flags: ConnectionFlags, env: NodeJS.ProcessEnv): EnvProxy | undefined {
  const proxy = proxyFromEnv(env);
  if (!proxy?.unusableForHttp) return proxy;
  let gateway: URL;
  try {
    gateway = new URL(flags.baseUrl || env.LLM_GATEWAY_BASE_URL || publicGatewayBaseURL);
  } catch {
    return proxy; // The client refuses it, naming where it came from.
  }
  if (gateway.protocol === "http:" && !bypassesProxy(proxy.noProxy, gateway))
    throw proxy.unusableForHttp;
  return proxy;
}

/**
 * The proxy of a --local run. Its gateway is in the process, so only an edit's https inputs
 * (and the client's check of them) can go through a proxy: the variables are read, and a bad
 * one refused, only when one of those does. Otherwise --verbose says why they are not used (a
 * bad one included: a broken HTTPS_PROXY must not stop a run that needs no proxy).
 */
function localProxy(
  env: NodeJS.ProcessEnv,
  inputs: readonly string[],
  hooks: ConnectionHooks,
): EnvProxy | undefined {
  const noProxy = noProxyFromEnv(env);
  const remote = inputs.flatMap((input) => httpsURL(input) ?? []);
  if (remote.some((url) => !bypassesProxy(noProxy, url))) return proxyFromEnv(env);
  const names = proxyVariableNames(env);
  if (names.length === 0) return undefined;
  const why = `--local's gateway is in this process, and ${remote.length > 0 ? "its https inputs are in NO_PROXY" : "no input is an https URL"}`;
  try {
    proxyFromEnv(env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    hooks.onProxy(`pictor: warning: ${error.message}; not used: ${why}\n`);
    return undefined;
  }
  hooks.onProxy(`pictor: not using the proxy in ${names.join(" or ")}: ${why}\n`);
  return undefined;
}

/** `input` as a URL if it is an https one, which the client fetches; else undefined. */
function httpsURL(input: string): URL | undefined {
  if (!/^https:\/\//i.test(input)) return undefined;
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}

function client(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  hooks: ConnectionHooks,
  fetchOptions: FetchOptions | undefined,
): Pictor {
  const common = {
    // With --local too: an edit's https input image is fetched from its real server.
    fetchOptions,
    onRetry: hooks.onRetry,
    timeout: flags.timeout,
    maxRetries: flags.maxRetries,
  };
  if (flags.local) {
    const gateway = createMockGateway();
    return new Pictor({
      ...common,
      apiKey: "local",
      baseURL: localBaseURL,
      // Only the gateway's routes stay in the process: an https input image (and the client's
      // check of it) goes to its real server.
      fetch: announcingFetch(hooks, (input, init) => {
        const url = typeof input === "string" ? input : "url" in input ? input.url : input.href;
        return url.startsWith(`${localBaseURL}/`)
          ? gateway.fetch(new Request(input, init))
          : globalThis.fetch(input, init);
      }),
    });
  }
  // An empty value (`LLM_GATEWAY_BASE_URL=` in a .env file) is no value.
  const apiKey = flags.apiKey || env.LLM_GATEWAY_API_KEY;
  if (!apiKey) {
    throw new UsageError(
      "No API key. Pass --api-key <key>, or set LLM_GATEWAY_API_KEY, or add --local to use the built-in local gateway (no key, no network).",
    );
  }
  const baseURL = flags.baseUrl || env.LLM_GATEWAY_BASE_URL || undefined;
  try {
    return new Pictor({
      ...common,
      apiKey,
      baseURL,
      // Looked up at each call, as the client's default is: msw in tests is installed later.
      fetch: announcingFetch(hooks, (input, init) => globalThis.fetch(input, init)),
    });
  } catch (error) {
    // Say where a bad endpoint or key came from: the flag, or the environment.
    if (error instanceof TypeError && baseURL !== undefined && /baseURL/.test(error.message))
      throw new UsageError(
        `${flags.baseUrl ? "--base-url" : "LLM_GATEWAY_BASE_URL"}: ${error.message}`,
      );
    if (error instanceof TypeError && /apiKey/.test(error.message))
      throw new UsageError(
        `${flags.apiKey ? "--api-key" : "LLM_GATEWAY_API_KEY"}: ${error.message}`,
      );
    throw error;
  }
}

/** `fetch` telling `onFetch` of each request: the gateway is only ever POSTed to. */
function announcingFetch(hooks: ConnectionHooks, fetch: typeof globalThis.fetch) {
  return (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    hooks.onFetch(method.toUpperCase() === "POST" ? "call" : "get");
    return fetch(input, init);
  };
}
