/** Told before each retry, so a CLI or UI can say "retrying in 2 s after a 429". */
export interface RetryEvent {
  /** The retry about to happen (1 = first retry). */
  retry: number;
  /** The retries this call may make in all. */
  maxRetries: number;
  /** How long Pictor waits before it (from `Retry-After`, else backoff with jitter). */
  delayMs: number;
  /** The status that caused it, or undefined after a connection error. */
  status: number | undefined;
  /** The request that will be retried. */
  url: string;
}
