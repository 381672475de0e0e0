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

/**
 * A message that names a spend limit, as LLM Gateway's spend-cap 429 must under the code every
 * 429 of its own has (`rate_limit_exceeded`). Only "spend": a throttle speaks of its quota, and
 * Gemini's per-minute 429 says "check your plan and billing details".
 */
const accountMessage = /\bspend(?:ing)?\b/i;

/** Longest wait between attempts; a server asking for a longer one gets no retry. */
export const maxRetryDelayMs = 60_000;

/**
 * Whether a response may be retried, from its status, `x-should-retry`, error code (and a 429's
 * message) and `Retry-After`: a server that asks for more than {@link maxRetryDelayMs} (a budget reset in an
 * hour) would refuse a retry made sooner, so the call ends at once with the wait in its error.
 */
export function shouldRetryResponse(
  status: number,
  headers: Headers,
  errorCode: string | null,
  errorMessage: string | null = null,
): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  if (errorCode !== null && isAccountCode(errorCode)) return false;
  if (status === 429 && errorMessage !== null && accountMessage.test(errorMessage)) return false;
  if ((retryAfterMs(headers) ?? 0) > maxRetryDelayMs) return false;
  if (retryableStatuses.has(status)) return true;
  return status >= 500 && status <= 599 && !finalServerStatuses.has(status);
}

/**
 * Milliseconds to wait from `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date;
 * null when neither says a usable wait. Read strictly, as openai-node does: `-1`, `3, 4` or
 * `soon` are no wait (JavaScript's lenient number and date parsing reads them as 3 s or a date
 * in 2001, so a retry at once), and neither is a date already past (a client clock ahead).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds && DECIMAL.test(milliseconds)) return Number(milliseconds);
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  if (DECIMAL.test(value)) return Number(value) * 1000;
  // An HTTP date names its month (all three of its formats do): anything else is no date.
  if (!MONTH.test(value)) return null;
  // HTTP dates are GMT; the asctime format does not say so, and would be read as local time. A
  // zone a server gives anyway (not the standard's, but sent) is kept.
  const date = Date.parse(ZONE.test(value) ? value : `${value} GMT`);
  return Number.isNaN(date) || date <= now ? null : date - now;
}

/** A non-negative decimal number, as `Retry-After` and `retry-after-ms` give one. */
const DECIMAL = /^\d+(?:\.\d+)?$/;
/** A date's zone at its end: `GMT`, `UTC`, `Z`, `EST`, `+0200`. */
const ZONE = /(?:\b[A-Z]{1,4}|[+-]\d{2}:?\d{2})$/;
/** A month's name in an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`). */
const MONTH = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/;
