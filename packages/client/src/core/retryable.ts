// Which failed responses are worth another attempt: the transport's retries and
// `APIError.retryable` (which the AI SDK provider hands on) read the same rule.

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
