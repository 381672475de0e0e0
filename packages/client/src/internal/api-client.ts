import {
  type ChatCompletionRequest,
  type ErrorObject,
  type ImageEditRequest,
  type ImageGenerationRequest,
  isValid,
  type Validator,
  validate,
  vErrorResponse,
} from "@pictor/contract";
import type { paths } from "@pictor/contract/openapi";
import createClient, { type Client } from "openapi-fetch";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  apiErrorFor,
  PictorError,
  ResponseValidationError,
} from "../core/errors";
import type { RequestOptions } from "../core/request-options";
import { checkRequestOptions } from "./option-checks";
import { type RetryEvent, send } from "./transport";

/** What the resources need from the client: resolved settings and one way to the wire. */
export interface ApiClientConfig {
  baseURL: string;
  apiKey: string | undefined;
  fetch: (() => typeof globalThis.fetch) | undefined;
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
 * The one path to the wire: openapi-fetch for paths and serialisation, our transport beneath
 * it for auth, timeouts and retries, then errors mapped to Pictor's classes and successful
 * bodies validated against the generated schemas.
 */
export class ApiClient {
  /** The openapi-fetch client, for anything Pictor does not wrap. Requests go through Pictor's transport. */
  readonly raw: Client<paths>;
  readonly #config: ApiClientConfig;

  /** `raw.POST` seen through a path-generic signature: the body is typed by `JsonBody<P>` instead. */
  readonly #post: (
    path: JsonPostPath,
    init: {
      body: JsonBody<JsonPostPath>;
      parseAs: "stream";
      fetch: (request: Request) => Promise<Response>;
    },
  ) => Promise<{ response: Response; error?: unknown }>;

  constructor(config: ApiClientConfig) {
    this.#config = config;
    this.raw = createClient<paths>({ baseUrl: config.baseURL, fetch: this.transport(undefined) });
    this.#post = this.raw.POST;
  }

  /** A path base URL (`/api/pictor`) only works where there is a page to resolve it against. */
  #checkBaseURL(): void {
    if (this.#config.baseURL.startsWith("/") && !(globalThis as { location?: unknown }).location) {
      throw new TypeError(
        `baseURL "${this.#config.baseURL}" is a path, which only resolves in a browser page; on a server use a full URL such as https://api.llmgateway.io/v1`,
      );
    }
  }

  /** The resolved settings the resources read (concurrency, fetch); the key stays private. */
  get settings(): Omit<ApiClientConfig, "apiKey"> {
    const { apiKey: _hidden, ...rest } = this.#config;
    return rest;
  }

  /** The fetch used for gateway calls (also for downloading provider image URLs). */
  resolveFetch(): typeof globalThis.fetch {
    return this.#config.fetch?.() ?? globalThis.fetch;
  }

  /** A `fetch` for openapi-fetch that adds headers and the key, then sends with retries. */
  transport(options: RequestOptions | undefined): (request: Request) => Promise<Response> {
    const addHeaders = (headers: Headers) => {
      for (const [name, value] of Object.entries({ ...this.#config.headers, ...options?.headers }))
        headers.set(name, value);
      if (this.#config.apiKey && !headers.has("authorization"))
        headers.set("authorization", `Bearer ${this.#config.apiKey}`);
    };
    return (request) => {
      // openapi-fetch made this Request for this call alone, so its headers are set in place:
      // `new Request(request, { headers })` would pipe the body through one more stream, which
      // costs about 0.1 ms per call on Node 20. A runtime with immutable headers gets the copy.
      let outgoing = request;
      try {
        addHeaders(request.headers);
      } catch {
        const headers = new Headers(request.headers);
        addHeaders(headers);
        outgoing = new Request(request, { headers });
      }
      return send(outgoing, {
        fetch: () => this.resolveFetch(),
        maxRetries: options?.maxRetries ?? this.#config.maxRetries,
        timeout: options?.timeout ?? this.#config.timeout,
        // openapi-fetch passes a per-request `signal` on the Request (raw calls); join it to ours.
        signal: options?.signal
          ? AbortSignal.any([options.signal, request.signal])
          : request.signal,
        onRetry: this.#config.onRetry,
      });
    };
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

  /** POSTs JSON and returns the successful response unread (for streams); errors become Pictor errors. */
  async postRaw<P extends JsonPostPath>(
    path: P,
    body: JsonBody<P>,
    options: RequestOptions | undefined,
  ): Promise<Response> {
    checkRequestOptions(options);
    this.#checkBaseURL();
    const { response, error } = await guard(options, () =>
      // parseAs "stream": Pictor reads successful bodies itself (streams, large images).
      this.#post(path, { body, parseAs: "stream", fetch: this.transport(options) }),
    );
    options?.onResponse?.(response);
    if (!response.ok) throw errorFrom(response, error);
    return response;
  }

  /** GETs JSON and returns the validated body. */
  async getJson<T>(
    path: "/models",
    query: Record<string, string>,
    schema: Validator<T>,
    options: RequestOptions | undefined,
  ): Promise<ApiResult<T>> {
    checkRequestOptions(options);
    this.#checkBaseURL();
    const { response, error } = await guard(options, () =>
      this.raw.GET(path, { params: { query }, parseAs: "stream", fetch: this.transport(options) }),
    );
    options?.onResponse?.(response);
    if (!response.ok) throw errorFrom(response, error);
    return validated(response, await readJson(response, options), schema);
  }
}

/** The request body the spec declares for each POST path. */
interface JsonBodies {
  "/images/generations": ImageGenerationRequest;
  "/images/edits": ImageEditRequest;
  "/chat/completions": ChatCompletionRequest;
}

/** The request body type of a POST path. */
export type JsonBody<P extends JsonPostPath> = JsonBodies[P];

/** Validates a parsed body with `schema`; a mismatch is a `ResponseValidationError` naming where. */
export function validated<T>(
  response: Response,
  data: unknown,
  schema: Validator<T>,
): ApiResult<T> {
  const requestId = response.headers.get("x-request-id");
  if (!isValid(schema, data)) {
    const where = validate(schema, data)[0]?.path || "(root)";
    throw new ResponseValidationError(
      `The gateway's response does not match the spec at ${where}`,
      data,
      requestId,
    );
  }
  return { data, response, requestId };
}

/** Maps what escapes `fetch` or a body read to Pictor's errors. */
async function guard<T>(options: RequestOptions | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toPictorError(error, options);
  }
}

/** Reads a JSON body: a broken connection or an abort mid-body is an error of its own kind. */
async function readJson(response: Response, options: RequestOptions | undefined): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw toPictorError(error, options);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ResponseValidationError(
      "The gateway's response is not valid JSON",
      text.slice(0, 2000),
      response.headers.get("x-request-id"),
      { cause: error },
    );
  }
}

/** The error for a failed call or a failed body read. */
export function toPictorError(error: unknown, options: RequestOptions | undefined): PictorError {
  if (PictorError.isInstance(error)) return error;
  if (options?.signal?.aborted) return new APIUserAbortError({ cause: error });
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError")
    return new APITimeoutError(options?.timeout ?? 0, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new APIConnectionError(`Connection error while reading the response: ${message}`, {
    cause: error,
  });
}

/**
 * The API error for a non-2xx response. openapi-fetch has already read the body (as JSON, or
 * text when it is not JSON) into `body`; the gateway's error object is taken from it when present.
 */
export function errorFrom(response: Response, body: unknown): PictorError {
  const error: ErrorObject | undefined = isValid(vErrorResponse, body) ? body.error : undefined;
  return apiErrorFor({ status: response.status, headers: response.headers, error, body });
}
