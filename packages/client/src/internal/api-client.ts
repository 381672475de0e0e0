import {
  type ChatCompletionRequest,
  type ImageEditRequest,
  type ImageGenerationRequest,
  isValid,
  readGatewayError,
  redactText,
  type Validator,
  validate,
} from "@pictor/contract";
import type { FetchOptions } from "../client-options";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  NotFoundError,
  PictorError,
  ResponseValidationError,
} from "../core/errors";
import type { RequestOptions } from "../core/request-options";
import type { RetryEvent } from "../core/retry-event";
import { attemptTimeoutOf, releaseAttemptTimeout } from "./attempt-timeout";
import { checkBaseURLAdvice } from "./check-base-url-advice";
import { errorFrom, parseErrorBody, statusOfSentError } from "./error-from";
import { headersRecord } from "./option-checks";
import { joinedSignal, readOrAbort } from "./read-or-abort";
import {
  credentialsOf,
  credentialsSentFor,
  exposedResponse,
  quotesCredentials,
  redactBody,
} from "./redact-credentials";
import {
  CallerHookFailure,
  fetchFailure,
  type OutgoingRequest,
  retryStopOf,
  send,
} from "./transport";

/** What the resources need from the client: resolved settings and one way to the wire. */
export interface ApiClientConfig {
  baseURL: string;
  apiKey: string | undefined;
  /** The caller's fetch; `globalThis.fetch`, looked up at each request, when undefined. */
  fetch: typeof globalThis.fetch | undefined;
  fetchOptions: FetchOptions | undefined;
  headers: Record<string, string>;
  timeout: number;
  maxRetries: number;
  maxConcurrency: number;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/** A successful call: the parsed body and the response it came from. */
export interface ApiResult<T> {
  data: T;
  response: Response;
  requestId: string | null;
}

type JsonPostPath = keyof JsonBodies;

/**
 * The one path to the wire. The wrapped calls are built here from the spec's typed paths and
 * bodies and sent by our transport (auth, timeouts, retries) as `fetch(url, init)`: openapi-fetch
 * would build a `Request` per call, which costs more on Node 20 than all of Pictor's own work.
 * `rawClient(pictor)` is openapi-fetch over the same transport (`sendRequest`), for anything
 * Pictor does not wrap. Errors are mapped to Pictor's classes and successful bodies validated
 * against the generated schemas.
 */
export class ApiClient {
  readonly #config: ApiClientConfig;
  /** The client's headers, lower-cased once. */
  readonly #clientHeaders: readonly [string, string][];

  constructor(config: ApiClientConfig) {
    this.#config = config;
    this.#clientHeaders = Object.entries(config.headers).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]);
  }

  /**
   * Sends a `Request` built by someone else (the openapi-fetch client of `rawClient`) through
   * the same auth, timeouts and retries. Its response is returned unread and unchecked.
   */
  async sendRequest(request: Request): Promise<Response> {
    try {
      return await this.#send(
        {
          url: request.url,
          method: request.method,
          headers: this.#headers(request.headers, undefined),
          body: request.body ? await request.arrayBuffer() : null,
        },
        undefined,
        // openapi-fetch puts a per-request `signal` on the Request; it joins the call's own.
        request.signal,
        // Whoever reads a raw response is not ours to rely on: its timeout needs no release.
        false,
      );
    } catch (error) {
      // What the caller's own `onRetry` threw goes back unchanged.
      throw error instanceof CallerHookFailure ? error.error : error;
    }
  }

  /**
   * The absolute URL of `path` (with its query). A path base URL (`/api/pictor`) is resolved
   * against the page, so a `fetch` wrapper sees the same absolute URL a `Request` would give it;
   * it only works where there is a page.
   */
  #url(path: string): string {
    const url = `${this.#config.baseURL}${path}`;
    if (!url.startsWith("/")) return url;
    const { location } = globalThis as { location?: { href: string } };
    if (!location)
      throw new TypeError(
        `baseURL "${this.#config.baseURL}" is a path, which only resolves in a browser page; on a server use a full URL such as https://api.llmgateway.io/v1`,
      );
    return new URL(url, location.href).href;
  }

  /** The per-attempt timeout in milliseconds, unless a call says. */
  get timeout(): number {
    return this.#config.timeout;
  }

  /** How many calls of one fanned-out request may be in flight at once, unless a call says. */
  get maxConcurrency(): number {
    return this.#config.maxConcurrency;
  }

  /**
   * The fetch of a call's gateway requests, provider image downloads and input checks: the
   * client's, with the client's `fetchOptions`, then the call's, under each request's own init.
   */
  resolveFetch(options?: RequestOptions): typeof globalThis.fetch {
    // Looked up now, not when the client was made: msw or a test double installed since is seen.
    const { fetch = globalThis.fetch, fetchOptions } = this.#config;
    const callFetchOptions = options?.fetchOptions;
    // Without any, the fetch itself: no copy of every request's init on the common path.
    if (!fetchOptions && !callFetchOptions) return fetch;
    return (input, init) => fetch(input, { ...fetchOptions, ...callFetchOptions, ...init });
  }

  /**
   * The headers of a call, lower-cased: given ones, then the client's, then the call's; the key
   * unless one of them set `authorization`. A plain record, as `fetch` builds its own `Headers`
   * from whatever it is given anyway.
   */
  #headers(
    given: Iterable<[string, string]>,
    callHeaders: Record<string, string> | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of given) headers[name.toLowerCase()] = value;
    for (const [name, value] of this.#clientHeaders) headers[name] = value;
    if (callHeaders)
      for (const [name, value] of Object.entries(callHeaders)) headers[name.toLowerCase()] = value;
    if (this.#config.apiKey && headers.authorization === undefined)
      headers.authorization = `Bearer ${this.#config.apiKey}`;
    return headers;
  }

  /** Sends with the call's retries and timeout; `signal` is joined to the call's own. */
  #send(
    request: OutgoingRequest,
    options: RequestOptions | undefined,
    signal: AbortSignal | null = null,
    releasesResponse = true,
  ): Promise<Response> {
    const callSignal = options?.signal;
    return send(request, {
      fetch: () => this.resolveFetch(options),
      maxRetries: options?.maxRetries ?? this.#config.maxRetries,
      timeout: options?.timeout ?? this.#config.timeout,
      signal:
        callSignal && signal
          ? joinedSignal([callSignal, signal])
          : (callSignal ?? signal ?? undefined),
      stopRetries: retryStopOf(options),
      onRetry: this.#config.onRetry,
      releasesResponse,
    });
  }

  /** Sends one call and maps what fails to Pictor's errors; a non-2xx status throws its API error. */
  async #call(
    method: "GET" | "POST",
    path: string,
    body: string | null,
    options: RequestOptions | undefined,
  ): Promise<Response> {
    // Checked once by the public method (`checkCallOptions`); here only read.
    const callHeaders = headersRecord(options?.headers);
    const url = this.#url(path);
    const headers = this.#headers(body === null ? [] : jsonContent, callHeaders);
    let response: Response;
    try {
      response = await this.#send({ url, method, headers, body }, options);
    } catch (error) {
      // What the caller's own `onRetry` threw goes back unchanged, as `onResponse`'s errors do.
      if (error instanceof CallerHookFailure) throw error.error;
      throw toPictorError(error, options);
    }
    try {
      options?.onResponse?.(exposedResponse(response));
    } catch (error) {
      // The caller's hook failed: nobody will read this body.
      response.body?.cancel().catch(() => undefined);
      releaseAttemptTimeout(response);
      throw error;
    }
    if (!response.ok) {
      let body: unknown;
      try {
        body = await readErrorBody(response, options);
      } finally {
        releaseAttemptTimeout(response);
      }
      // A gateway may echo the key it refused: it must not reach the error's message, body or headers.
      throw errorFrom(response, body, credentialsOf(headers));
    }
    return response;
  }

  /** POSTs JSON and returns the validated body; errors become Pictor errors. */
  async postJson<P extends JsonPostPath, T>(
    path: P,
    body: JsonBody<P>,
    schema: Validator<T>,
    options: RequestOptions | undefined,
  ): Promise<ApiResult<T>> {
    const response = await this.postRaw(path, body, options);
    return validated(response, await readJson(response, options), schema);
  }

  /**
   * POSTs JSON and returns the successful response unread (for streams); errors become Pictor
   * errors. The caller must `releaseAttemptTimeout(response)` once it has read the body.
   */
  postRaw<P extends JsonPostPath>(
    path: P,
    body: JsonBody<P>,
    options: RequestOptions | undefined,
  ): Promise<Response> {
    return this.#call("POST", path, JSON.stringify(body), options).catch(async (error: unknown) => {
      // Loaded on a 404 only: the catalog search for the id meant is no part of a call that works.
      throw NotFoundError.isInstance(error)
        ? (await import("./model-id-hint")).withModelIdHint(error, body.model)
        : error;
    });
  }

  /** GETs JSON and returns the validated body. */
  async getJson<T>(
    path: "/models",
    query: Record<string, string>,
    schema: Validator<T>,
    options: RequestOptions | undefined,
  ): Promise<ApiResult<T>> {
    const search = new URLSearchParams(query).toString();
    const response = await this.#call("GET", search ? `${path}?${search}` : path, null, options);
    return validated(response, await readJson(response, options), schema);
  }
}

const jsonContent: [string, string][] = [["content-type", "application/json"]];

/** The request body the spec declares for each POST path. */
interface JsonBodies {
  "/images/generations": ImageGenerationRequest;
  "/images/edits": ImageEditRequest;
  "/chat/completions": ChatCompletionRequest;
}

/** The request body type of a POST path. */
export type JsonBody<P extends JsonPostPath> = JsonBodies[P];

/**
 * Validates a parsed body with `schema`; a mismatch is a `ResponseValidationError` naming where,
 * unless the body is an error the server sent with a 2xx.
 */
export function validated<T>(
  response: Response,
  data: unknown,
  schema: Validator<T>,
  requestId: string | null = response.headers.get("x-request-id"),
): ApiResult<T> {
  if (!isValid(schema, data)) {
    const secrets = credentialsSentFor(response);
    // An error in a 2xx (OpenRouter's, once its headers went out): the API error of the status
    // it names (in `details`, or as a numeric `code`), else a bad gateway, as in a chat stream.
    // Not retried: only a status decides that.
    const error = readGatewayError(data, 0);
    if (error) throw errorFrom(response, data, secrets, statusOfSentError(error, data));
    const where = validate(schema, data)[0]?.path || "(root)";
    // A proxy or gateway that echoes the request's key in an odd body must not put it in the error.
    throw new ResponseValidationError(
      `The gateway's response does not match the spec at ${where}`,
      redactBody(data, secrets),
      requestId,
    );
  }
  return { data, response, requestId };
}

/** Reads a JSON body: a broken connection or an abort mid-body is an error of its own kind. */
async function readJson(response: Response, options: RequestOptions | undefined): Promise<unknown> {
  const timeout = attemptTimeoutOf(response);
  let text: string;
  try {
    text = await readOrAbort(response.text(), options?.signal, timeout);
  } catch (error) {
    throw toPictorError(error, options, timeout?.ms, response);
  } finally {
    releaseAttemptTimeout(response);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw notJsonError(text, response, response.headers.get("x-request-id"), error);
  }
}

/**
 * The error for a successful answer whose body `text` is not JSON (a proxy's page, a cut body),
 * keeping its first 2,000 characters. The key is redacted before the cut: one across the cut
 * would otherwise keep its first characters. An answer of another type (the HTML page a dev
 * server or a single-page app's host answers for a route that is not mounted) says so.
 */
export function notJsonError(
  text: string,
  response: Response,
  requestId: string | null,
  cause: unknown,
): ResponseValidationError {
  const type = response.headers.get("content-type")?.split(";")[0];
  return new ResponseValidationError(
    `The gateway's response is not valid JSON${type && !type.includes("json") ? ` but ${type}${checkBaseURLAdvice}` : ""}`,
    redactText(text, credentialsSentFor(response)).slice(0, 2000),
    requestId,
    { cause },
  );
}

/** The body of an error response: its JSON, else its text (for the error's `body`), else nothing. */
async function readErrorBody(
  response: Response,
  options: RequestOptions | undefined,
): Promise<unknown> {
  const timeout = attemptTimeoutOf(response);
  let text: string;
  try {
    text = await readOrAbort(response.text(), options?.signal, timeout);
  } catch (error) {
    const failure = toPictorError(error, options, timeout?.ms, response);
    // An abort or a timeout while the body arrived is what ended the call, not the status; a
    // connection cut then still leaves the status worth reporting.
    if (APIUserAbortError.isInstance(failure) || APITimeoutError.isInstance(failure)) throw failure;
    return undefined;
  }
  return parseErrorBody(text);
}

/**
 * The error for a failed call or a failed body read; `timeoutMs` is the attempt's timeout (the
 * client's unless the call set one), for the message. A read's error comes from the `fetch`
 * (maybe a custom one that quotes the request's headers): the credentials `response`'s request
 * carried are cleaned from its message, and an error that holds one is not kept as the cause.
 */
export function toPictorError(
  error: unknown,
  options: RequestOptions | undefined,
  timeoutMs: number | undefined = options?.timeout,
  response?: Response,
): PictorError {
  if (PictorError.isInstance(error)) return error;
  const secrets = credentialsSentFor(response);
  const cause = quotesCredentials(error, secrets) ? undefined : { cause: error };
  if (options?.signal?.aborted) return new APIUserAbortError(cause);
  // Read whatever the error is: a `DOMException` of another realm (Jest's sandbox has the host's)
  // fails `instanceof Error`, and the attempt's timeout would pass for a cut connection.
  const { name } = Object(error) as { name?: unknown };
  if (name === "TimeoutError" || name === "AbortError")
    return new APITimeoutError(timeoutMs ?? 0, cause);
  return new APIConnectionError(
    `Connection error while reading the response: ${redactText(fetchFailure(error), secrets)}`,
    cause,
  );
}
