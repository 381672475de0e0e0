import type { FetchOptions } from "../client-options";

/** Options for one call, overriding the client's. */
export interface RequestOptions {
  /** Aborts the call (and any retry wait); the promise rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in milliseconds (`Infinity` for none). */
  timeout?: number | undefined;
  /** Retries after a retryable failure (0 disables them). */
  maxRetries?: number | undefined;
  /** Extra request headers (an `Authorization` here replaces the client's key for this call). */
  headers?: HeadersInput | undefined;
  /**
   * Called with each HTTP response the gateway sends for this call (after retries; one per call
   * of an `n` fan-out; error statuses included), before Pictor reads its body: read its
   * `headers`, `status` and `url`, leave the body alone. Integrations use it to report headers
   * (a credential of the request that the gateway or a proxy echoed in one shows as `[redacted]`).
   */
  onResponse?: ((response: Response) => void) | undefined;
  /** Merged over the client's `fetchOptions` field by field for every fetch this call makes (gateway attempts and retries, a chat-routed call's provider image downloads, https input-image checks of an edit); the request's own method, headers, body and signal still win. */
  fetchOptions?: FetchOptions | undefined;
}

/** Headers as `fetch` takes them: a record of names to values, a `Headers`, or `[name, value]` pairs. */
export type HeadersInput =
  | Record<string, string>
  | Headers
  | readonly (readonly [string, string])[];
