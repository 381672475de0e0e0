// Which failed responses are worth another attempt: the transport's retries and
// `APIError.retryable` (which the AI SDK provider hands on) read the same rule.

/** Statuses worth another attempt besides every 5xx: timeouts, conflicts, rate limits. */
const retryableStatuses = new Set([408, 409, 429]);

/**
 * Error codes that look transient by status but need the account owner (spend cap, credits,
 * quota: `billing_error`, `insufficient_quota`, `spend_limit_exceeded`, …): retrying them only
 * burns the retry budget. Matched by their words, as gateways and providers name them each
 * their own way.
 */
const accountCode = /billing|credit|quota|spend/i;

/** Whether a response may be retried, from its status, `x-should-retry` and error code. */
export function shouldRetryResponse(
  status: number,
  headers: Headers,
  errorCode: string | null,
): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  if (errorCode !== null && accountCode.test(errorCode)) return false;
  return retryableStatuses.has(status) || (status >= 500 && status <= 599);
}
