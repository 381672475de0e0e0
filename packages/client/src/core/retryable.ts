// Which failed responses are worth another attempt: the transport's retries and
// `APIError.retryable` (which the AI SDK provider hands on) read the same rule.

/** Statuses worth another attempt besides the 5xx: timeouts, conflicts, rate limits. */
const retryableStatuses = new Set([408, 409, 429]);
/** 5xx that say the server cannot do this at all: another attempt gets the same answer. */
const finalServerStatuses = new Set([501, 505]);

/**
 * Words of error codes that look transient by status but need the account owner (spend cap,
 * credits, quota: `billing_error`, `insufficient_quota`, `spend_limit_exceeded`, …): retrying
 * them only burns the retry budget. Matched word by word, as gateways and providers each name
 * them their own way (and `suspended` must not match `spend`).
 */
const accountWords = new Set(["billing", "credit", "credits", "quota", "spend", "spending"]);

function isAccountCode(code: string): boolean {
  return code
    .replace(/([a-z])([A-Z])/g, "$1_$2") // insufficientQuota → insufficient_Quota
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((word) => accountWords.has(word));
}

/** Whether a response may be retried, from its status, `x-should-retry` and error code. */
export function shouldRetryResponse(
  status: number,
  headers: Headers,
  errorCode: string | null,
): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  if (errorCode !== null && isAccountCode(errorCode)) return false;
  if (retryableStatuses.has(status)) return true;
  return status >= 500 && status <= 599 && !finalServerStatuses.has(status);
}
