/** A fixed-window request budget, reported in `RateLimit-*` headers and enforced with 429. */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/** The budget after counting one request. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
  windowSeconds: number;
  exceeded: boolean;
}

/**
 * The rate-limit headers the gateway sends, all from one window's figures: `RateLimit-Policy`
 * and `RateLimit` (draft-ietf-httpapi-ratelimit-headers), `RateLimit-Limit`, `-Remaining` and
 * `-Reset` (seconds from now), and the legacy `X-RateLimit-*`, whose reset is a Unix time.
 */
export function rateLimitHeaders(
  state: Pick<RateLimitState, "limit" | "remaining" | "resetSeconds" | "windowSeconds">,
  nowMs: number,
): Record<string, string> {
  const { limit, remaining, resetSeconds } = state;
  return {
    "ratelimit-policy": `"requests";q=${limit};w=${state.windowSeconds}`,
    ratelimit: `"requests";r=${remaining};t=${resetSeconds}`,
    "ratelimit-limit": String(limit),
    "ratelimit-remaining": String(remaining),
    "ratelimit-reset": String(resetSeconds),
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(Math.floor(nowMs / 1000) + resetSeconds),
  };
}

/** Counts requests per fixed window. */
export function createRateLimiter(config: RateLimit, now: () => number) {
  let windowStart = now();
  let used = 0;
  return {
    take(): RateLimitState {
      const current = now();
      const windowMs = config.windowSeconds * 1000;
      if (current - windowStart >= windowMs) {
        windowStart = current;
        used = 0;
      }
      used += 1;
      return {
        limit: config.limit,
        remaining: Math.max(0, config.limit - used),
        resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - current) / 1000)),
        windowSeconds: config.windowSeconds,
        exceeded: used > config.limit,
      };
    },
    reset() {
      windowStart = now();
      used = 0;
    },
  };
}
