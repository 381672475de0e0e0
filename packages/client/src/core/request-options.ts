/** Options for one call, overriding the client's. */
export interface RequestOptions {
  /** Aborts the call (and any retry wait); the promise rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in milliseconds. */
  timeout?: number | undefined;
  /** Retries after a retryable failure (0 disables them). */
  maxRetries?: number | undefined;
  /** Extra request headers (an `Authorization` here replaces the client's key for this call). */
  headers?: Record<string, string> | undefined;
}
