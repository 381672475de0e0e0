import { maxRetryDelayMs, retryAfterMs } from "../core/retryable";

/**
 * Milliseconds before attempt `retry` (1-based): what the server asked (`retry-after-ms`,
 * `Retry-After`; up to a minute when `x-should-retry` demands a retry after a longer wait),
 * else exponential backoff 0.5 s → 8 s with up to 25% jitter.
 */
export function retryDelayMs(
  retry: number,
  headers: Headers | undefined,
  random: () => number,
): number {
  const asked = headers ? retryAfterMs(headers) : null;
  if (asked !== null) return Math.min(asked, maxRetryDelayMs);
  const base = Math.min(500 * 2 ** (retry - 1), 8_000);
  return base * (1 - 0.25 * random());
}
