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
  exceeded: boolean;
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
        exceeded: used > config.limit,
      };
    },
    reset() {
      windowStart = now();
      used = 0;
    },
  };
}
