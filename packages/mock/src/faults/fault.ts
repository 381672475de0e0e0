/** The operations of the gateway, by the spec's operationId. */
export type OperationId = "generateImages" | "editImages" | "createChatCompletion" | "listModels";

/**
 * One injected outcome. Each replaces the gateway's normal answer for one request it would
 * otherwise answer (not one it refuses anyway), except `latency`, which delays the request and
 * then lets it through.
 */
export type Fault =
  /** 429 with `Retry-After` in seconds (default 1), or as an HTTP date, and optionally `retry-after-ms`. */
  | {
      type: "rate_limit";
      retryAfterSeconds?: number;
      retryAfterDate?: boolean;
      retryAfterMs?: number;
    }
  /**
   * The spend cap or credits are exhausted (never retryable): a 402 `billing_error`, or with
   * `status: 429` the 429 the gateway answers once a daily or monthly spend cap is reached
   * (`rate_limit_error` / `rate_limit_exceeded` as any of its 429s, without `Retry-After`).
   */
  | { type: "spend_cap"; status?: 402 | 429 }
  /** A server-side failure with the gateway's body for that status (503 and 529 carry `Retry-After: 1`). */
  | { type: "server_error"; status: 500 | 502 | 503 | 504 | 529 }
  /** The provider blocked the content: 200 with `data: []`, or `finish_reason: "content_filter"` in chat. */
  | { type: "content_filter" }
  /**
   * The model answered without an image (and no filter stopped it): the gateway's 500 "The model
   * did not generate any images…" on `/images/*`; in chat, text only, `finish_reason: "stop"`.
   */
  | { type: "no_images" }
  /** Waits `ms` before answering normally. */
  | { type: "latency"; ms: number }
  /** The connection drops before any response (fetch rejects). */
  | { type: "connection_reset" }
  /** A 200 whose body stops half-way (the body stream errors). */
  | { type: "truncated_body" }
  /** A stream that stops after some chunks without `[DONE]`. */
  | { type: "truncated_stream" }
  /** A 200 whose body is not valid JSON. */
  | { type: "malformed_json" }
  /** A stream that sends `event: error` mid-way, then `event: done` with `data: [DONE]` (status 200). */
  | { type: "stream_error"; message?: string };

/** A fault with an optional filter: it applies to the next request of that operation only. */
export type ScriptedFault = Fault & { operation?: OperationId };

/** The name of each kind of fault. */
export type FaultType = Fault["type"];
