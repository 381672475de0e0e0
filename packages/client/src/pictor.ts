import { isQuotableBaseURL, readEnv, trimHttpWhitespace } from "@pictor/contract";
import {
  type ClientOptions,
  defaultBaseURL,
  defaultMaxConcurrency,
  defaultMaxRetries,
  defaultTimeout,
} from "./client-options";
import { PictorError } from "./core/errors";
import { ApiClient } from "./internal/api-client";
import { isBrowser } from "./internal/environment";
import {
  checkApiKey,
  checkFetchOptions,
  checkFunction,
  checkHeaders,
  checkOptionKeys,
  nonNegativeInteger,
  positiveInteger,
  positiveMilliseconds,
} from "./internal/option-checks";
import { Chat } from "./resources/chat";
import { Images } from "./resources/images";
import { Models } from "./resources/models";

/**
 * Each client's way to the wire, for `transportOf`, so `rawClient` needs no public way to it.
 * A WeakMap, not a `static {}` block reading `#api`: Safari before 16.4 cannot parse those, and
 * the published ESM is not lowered below ES2022.
 */
const apis = new WeakMap<object, ApiClient>();

/**
 * The Pictor client: one typed API for every image model of LLM Gateway (or any
 * OpenAI-compatible gateway at `baseURL`).
 * @example
 * const pictor = new Pictor(); // LLM_GATEWAY_API_KEY
 * const { images } = await pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin" });
 */
export class Pictor {
  /** Generate and edit images. */
  readonly images: Images;
  /** Chat completions (image models answer with images). */
  readonly chat: Chat;
  /** The gateway's model list. */
  readonly models: Models;
  /** The base URL requests go to. */
  readonly baseURL: string;
  readonly #api: ApiClient;

  constructor(options: ClientOptions = {}) {
    checkOptionKeys("new Pictor(options)", options, clientOptionKeys);
    // A page never picks a key up from the environment (a bundler may inline process.env).
    const apiKey = checkApiKey(
      options.apiKey ?? (isBrowser() ? undefined : readEnv("LLM_GATEWAY_API_KEY")),
    );
    const baseURL = validateBaseURL(
      options.baseURL ?? readEnv("LLM_GATEWAY_BASE_URL") ?? defaultBaseURL,
    );
    const headers = checkHeaders("headers", options.headers) ?? {};
    // For the public gateway, a key sent in the headers instead (`x-api-key`, which it takes, or
    // `Authorization`) is a key too: enough to call it, and as exposed in a page. (To a route of
    // your own, an `Authorization` is the page's session, not a key.) A blank one is none.
    const keyed =
      apiKey ||
      (baseURL === defaultBaseURL &&
        Object.entries(headers).some(
          ([name, value]) => /^(authorization|x-api-key)$/i.test(name) && value.trim(),
        ));
    if (keyed && isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new PictorError(
        'An API key in browser code is readable by anyone who opens the page. Serve the gateway through @pictor/server (createPictorHandler) and point the browser at it: new Pictor({ baseURL: "/api/pictor" }) with no key. If you really mean to ship the key, pass dangerouslyAllowBrowser: true.',
      );
    }
    if (!keyed && baseURL === defaultBaseURL) {
      throw new PictorError(
        "No API key: set LLM_GATEWAY_API_KEY or pass new Pictor({ apiKey }). (A `baseURL` pointing at your own @pictor/server route needs none.)",
      );
    }
    const userFetch = checkFunction("fetch", options.fetch);
    this.baseURL = baseURL;
    this.#api = new ApiClient({
      baseURL,
      apiKey,
      fetch: userFetch,
      fetchOptions: checkFetchOptions(options.fetchOptions),
      headers,
      timeout: positiveMilliseconds("timeout", options.timeout ?? defaultTimeout),
      maxRetries: nonNegativeInteger("maxRetries", options.maxRetries ?? defaultMaxRetries),
      maxConcurrency: positiveInteger(
        "maxConcurrency",
        options.maxConcurrency ?? defaultMaxConcurrency,
      ),
      onRetry: checkFunction("onRetry", options.onRetry),
    });
    this.images = new Images(this.#api);
    this.chat = new Chat(this.#api);
    this.models = new Models(this.#api);
    apis.set(this, this.#api);
  }

  /** What `console.log(pictor)` and `JSON.stringify(pictor)` show: never the key. */
  toJSON(): { baseURL: string } {
    return { baseURL: this.baseURL };
  }
}

/** What `new Pictor()` takes. */
const clientOptionKeys: readonly (keyof ClientOptions)[] = [
  "apiKey",
  "baseURL",
  "fetch",
  "fetchOptions",
  "headers",
  "timeout",
  "maxRetries",
  "maxConcurrency",
  "dangerouslyAllowBrowser",
  "onRetry",
];

function validateBaseURL(value: unknown): string {
  if (typeof value !== "string")
    throw new TypeError(
      `baseURL must be a string such as https://api.llmgateway.io/v1, got ${value === null ? "null" : typeof value}`,
    );
  // Whitespace around it (a line read from a .env file) is no part of a URL.
  const trimmed = trimHttpWhitespace(value).replace(/\/+$/, "");
  // Request paths are appended to it: a query or fragment would end up in the middle. Not
  // shown: a key in the query is the usual reason for one.
  const query = trimmed.search(/[?#]/);
  if (query !== -1)
    throw new TypeError(
      `baseURL "${trimmed.slice(0, query)}…" has a query or fragment (?… or #…): give the base alone, e.g. https://api.llmgateway.io/v1, and send credentials as apiKey or headers`,
    );
  // A path (your @pictor/server route) is resolved against the page at request time, so a
  // client can be created during server rendering and used in the browser.
  if (trimmed.startsWith("/")) return trimmed;
  // Shown only when it looks like a URL: a key passed as the baseURL must not be echoed.
  const shown = isQuotableBaseURL(trimmed) ? `"${trimmed}" ` : "";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TypeError(
      `baseURL ${shown}is not a URL: write it with its scheme, e.g. https://api.llmgateway.io/v1 or http://127.0.0.1:4010/v1`,
    );
  }
  if (url.username || url.password)
    throw new TypeError(
      `baseURL "${url.protocol}//…@${url.host}${url.pathname}" holds credentials (user:password@): fetch refuses such a URL: send credentials as apiKey or headers`,
    );
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    // `localhost:3000` parses as the scheme "localhost:".
    const hint =
      trimmed.includes("//") || !shown ? "" : `: write it with its scheme, e.g. http://${trimmed}`;
    throw new TypeError(`baseURL ${shown}must use http or https, not ${url.protocol}${hint}`);
  }
  // LLM Gateway's routes are under /v1: its bare host (as its dashboard shows it) 404s on every call.
  if (url.hostname === "api.llmgateway.io" && url.pathname !== "/v1")
    throw new TypeError(`baseURL "${trimmed}" misses LLM Gateway's /v1: use ${defaultBaseURL}`);
  return trimmed;
}

/** @internal The way to the wire of `pictor`, for `rawClient`. */
export function transportOf(pictor: Pictor): ApiClient {
  const api = apis.get(pictor);
  if (!api)
    throw new TypeError(
      "rawClient(pictor) takes a client made with new Pictor() from this copy of @pictor/client",
    );
  return api;
}
