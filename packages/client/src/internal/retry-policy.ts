import { retryAfterMs } from "../core/errors";

/** Statuses worth another attempt: timeouts, conflicts, rate limits, server failures, overload. */
const retryableStatuses = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/**
 * Error codes that look transient by status but need the account owner (spend cap, credits,
 * quota): retrying them only burns the retry budget.
 */
const accountCodes = new Set([
  "billing_error",
  "insufficient_credits",
  "spend_limit_exceeded",
  "quota_exceeded",
  "insufficient_quota",
]);

/** Whether a response may be retried, from its status, `x-should-retry` and error code. */
export function shouldRetryResponse(
  status: number,
  headers: Headers,
  errorCode: string | null,
): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  if (errorCode !== null && accountCodes.has(errorCode)) return false;
  return retryableStatuses.has(status);
}

/** Longest wait between attempts, whatever the server asks. */
export const maxRetryDelayMs = 60_000;

/**
 * Milliseconds before attempt `retry` (1-based): what the server asked (`retry-after-ms`,
 * `Retry-After`) up to a minute, else exponential backoff 0.5 s → 8 s with up to 25% jitter.
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
