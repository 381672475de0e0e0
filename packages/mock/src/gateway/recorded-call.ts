import { isCredentialHeader } from "@pictor/contract";
import type { OperationId } from "../faults/fault";

/** One request the gateway received, for assertions in tests. */
export interface RecordedCall {
  method: string;
  /** Path without the query, e.g. `/v1/images/generations`. */
  path: string;
  /** Query parameters; a credential's value (`api_key`, `key`, `access_token`, …) is redacted. */
  query: Record<string, string>;
  /** Lower-cased headers; credentials (`authorization`, `x-api-key`, `cookie`, …) are redacted. */
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

/**
 * Headers as a plain object, with every credential (`isCredentialHeader`: a proxy's key headers
 * too) replaced so no key reaches a log or snapshot.
 */
export function redactedHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!isCredentialHeader(name)) result[name] = value;
    else
      result[name] =
        name === "authorization" && /^bearer /i.test(value) ? "Bearer [redacted]" : "[redacted]";
  });
  return result;
}

/**
 * Query parameters that carry a key (compared lower-cased): a client that puts it in the URL
 * (`?api_key=`, Google's `?key=`) must not see it in a recorded call either. Besides these, any
 * name the headers' rule takes for a credential (`x-api-key`, Azure's `subscription-key`, …).
 */
const secretParameters = new Set([
  "api_key",
  "api-key",
  "apikey",
  "key",
  "access_token",
  "token",
  "auth",
]);

/** Query parameters as a plain object, with every credential's value replaced. */
export function redactedQuery(parameters: URLSearchParams): Record<string, string> {
  // fromEntries, as before: a "__proto__" parameter stays a parameter; the last of a name wins.
  return Object.fromEntries(
    Array.from(parameters, ([name, value]) => [
      name,
      secretParameters.has(name.toLowerCase()) || isCredentialHeader(name) ? "[redacted]" : value,
    ]),
  );
}
