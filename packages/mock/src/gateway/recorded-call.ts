import type { OperationId } from "../faults/fault";

/** One request the gateway received, for assertions in tests. */
export interface RecordedCall {
  method: string;
  /** Path without the query, e.g. `/v1/images/generations`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased headers; `authorization` and `x-api-key` values are redacted. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined for GET or an unreadable body). */
  body: unknown;
  operation: OperationId | undefined;
  requestId: string;
  /** The status answered (undefined for a connection reset). */
  status: number | undefined;
  /** The fault applied, if any. */
  fault: string | undefined;
}

const secretHeaders = new Set(["authorization", "x-api-key", "cookie", "proxy-authorization"]);

/** Headers as a plain object, with every credential replaced so no key reaches a log or snapshot. */
export function redactedHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!secretHeaders.has(name)) result[name] = value;
    else
      result[name] =
        name === "authorization" && /^bearer /i.test(value) ? "Bearer [redacted]" : "[redacted]";
  });
  return result;
}
