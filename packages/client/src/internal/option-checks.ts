import { trimHttpWhitespace, unknownKey } from "@pictor/contract";
import type { ImageRequestOptions } from "../core/image-request-options";
import type { HeadersInput, RequestOptions } from "../core/request-options";

/** A timeout must be a positive number of milliseconds, or `Infinity` for none. */
export function positiveMilliseconds(name: string, value: number): number {
  // `> 0` is false for NaN and for anything not a number; Infinity is how callers say "none".
  if (!(typeof value === "number" && value > 0))
    throw new TypeError(
      `${name} must be a positive number of milliseconds (or Infinity for no timeout), got ${describeNumber(value)}`,
    );
  return value;
}

/** Counts (retries, concurrency) must be whole numbers ≥ 0. */
export function nonNegativeInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0))
    throw new TypeError(`${name} must be a whole number ≥ 0, got ${describeNumber(value)}`);
  return value;
}

/** Concurrency must be a whole number ≥ 1: with 0 nothing would ever run. */
export function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1))
    throw new TypeError(`${name} must be a whole number ≥ 1, got ${describeNumber(value)}`);
  return value;
}

/**
 * The API key, without the whitespace around it that `fetch` would strip anyway (a key read
 * from a file often ends with a newline). Inside it, only visible ASCII: `fetch` rejects a line
 * break in a header with a message that quotes the header, key and all. Messages never show
 * the key.
 */
export function checkApiKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw new TypeError(`apiKey must be a string, got ${describeType(value)}`);
  const key = trimHttpWhitespace(value);
  if (!VISIBLE_ASCII.test(key))
    throw new TypeError(
      "apiKey holds a space, line break or other character an HTTP header cannot carry (a copy-paste slip?); the key is not shown here",
    );
  return key;
}

/**
 * Headers as `fetch` will accept them: names are HTTP tokens, values hold no line break or NUL.
 * Taken as a record, a `Headers` or a list of `[name, value]` pairs (what `fetch` takes), and
 * returned as a record. Checked before sending, as `fetch`'s own error quotes the value (which
 * may be a secret) and would look like a connection error. Messages name the header, never its
 * value.
 */
export function checkHeaders(name: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const entries = headerEntries(value);
  if (!entries)
    throw new TypeError(
      `${name} must be an object of header names to string values, a Headers or [name, value] pairs, got ${describeType(value)}`,
    );
  const headers: Record<string, string> = {};
  for (const [header, headerValue] of entries) {
    if (typeof header !== "string" || !TOKEN.test(header)) {
      // A header line parsed as a name (`Authorization: Bearer sk-…`, `x-api-key=sk-…`, or
      // `Authorization Bearer sk-…`) holds its value: shown up to the separator only (a space
      // counts when more than a short word follows it: "x app" is a typo worth showing whole).
      const shown = String(header)
        .replace(/^([^:=]*[:=]).*$/s, "$1…")
        .replace(/^(\S*\s).*\S{8}.*$/s, "$1…");
      throw new TypeError(`${name}: "${shown}" is not a valid HTTP header name`);
    }
    if (typeof headerValue !== "string")
      throw new TypeError(
        `${name}: the value of "${header}" must be a string, got ${describeType(headerValue)}`,
      );
    if (FORBIDDEN_IN_VALUE.test(headerValue))
      throw new TypeError(
        `${name}: the value of "${header}" holds a line break, a control character or a character beyond Latin-1 (encode it, e.g. encodeURIComponent), which an HTTP header cannot carry (the value is not shown here)`,
      );
    headers[header] = headerValue;
  }
  return headers;
}

/**
 * Call headers as a record, without checking them again: the public method checked them
 * (`checkCallOptions`) before anything was sent, and a fan-out sends many requests.
 */
export function headersRecord(value: HeadersInput | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of headerEntries(value) ?? [])
    headers[String(name)] = String(headerValue);
  return headers;
}

/** The `[name, value]` entries of a headers record, `Headers` or pair list; undefined for anything else. */
function headerEntries(value: unknown): Iterable<readonly [unknown, unknown]> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    const pairs: unknown[] = value;
    return pairs.every(isPair) ? pairs : undefined;
  }
  if (isHeadersLike(value)) {
    const entries: [string, string][] = [];
    value.forEach((headerValue, header) => {
      entries.push([header, headerValue]);
    });
    return entries;
  }
  return Object.entries(value);
}

function isPair(value: unknown): value is readonly [unknown, unknown] {
  return Array.isArray(value) && value.length === 2;
}

/** A `Headers` of this realm or another (a test environment's, a polyfill's). */
function isHeadersLike(value: object): value is Pick<Headers, "forEach"> {
  return (
    typeof Reflect.get(value, "forEach") === "function" &&
    typeof Reflect.get(value, "get") === "function" &&
    typeof Reflect.get(value, "has") === "function"
  );
}

/** A function option (`fetch`, `onRetry`) must be a function when given. */
export function checkFunction<T>(name: string, value: T): T {
  if (value !== undefined && typeof value !== "function")
    throw new TypeError(`${name} must be a function, got ${describeType(value)}`);
  return value;
}

/** `fetchOptions` must be an object without what each request sets (method, headers, body, signal). */
export function checkFetchOptions<T>(value: T): T {
  if (value === undefined) return value;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(
      `fetchOptions must be an object such as { dispatcher }, got ${describeType(value)}`,
    );
  // Left undefined (spread from an init of one's own), they change nothing.
  for (const key of ["method", "headers", "body", "signal"])
    if (Reflect.get(value, key) !== undefined)
      throw new TypeError(
        `fetchOptions.${key} is set per request: ${key === "headers" ? "use the `headers` option" : key === "signal" ? "pass `signal` per call" : "Pictor sets it; leave it out"}`,
      );
  return value;
}

/** The options every call takes (`RequestOptions`). */
export const requestOptionKeys: readonly string[] = [
  "signal",
  "timeout",
  "maxRetries",
  "headers",
  "onResponse",
  "fetchOptions",
];

/** The options of `images.generate` and `images.edit` (`ImageRequestOptions`). */
export const imageRequestOptionKeys: readonly string[] = [
  ...requestOptionKeys,
  "maxConcurrency",
  "partialResults",
  "checkImageURLs",
];

/**
 * Checks the options (second argument) of a public call before anything is done: an object of
 * the keys `method` takes (see {@link checkOptionKeys}), each of its type. */
export function checkCallOptions(
  method: string,
  options: ImageRequestOptions | undefined,
  keys: readonly string[] = requestOptionKeys,
): void {
  if (options === undefined) return;
  checkOptionKeys(`${method}(…, options)`, options, keys);
  checkOptionTypes(options);
}

/** Options known by other names, openai-node's mostly (`httpAgent`: a dispatcher in `fetchOptions`). */
const renamedOptions = new Map([
  ["retries", "maxRetries"],
  ["defaultHeaders", "headers"],
  ["httpAgent", "fetchOptions"],
]);

/**
 * `options` must be an object of `keys`. A key it does not take is an error, not ignored (a
 * `retries` meant as `maxRetries`, a `baseUrl` meant as `baseURL`, which would send the key to
 * another host), and so is a `null` (leave the option out for its default).
 */
export function checkOptionKeys(where: string, options: unknown, keys: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    // Not shown: a string here is most likely the API key.
    throw new TypeError(`${where}: options must be an object, got ${describeType(options)}`);
  const unknown = unknownKey(options, keys);
  if (unknown) {
    const renamed = renamedOptions.get(unknown.key);
    const near = unknown.near ?? (renamed && keys.includes(renamed) ? renamed : undefined);
    throw new TypeError(
      `${where}: unknown option "${unknown.key}"${near ? ` (did you mean ${near}?)` : ""}; the options are ${keys.join(", ")}`,
    );
  }
  for (const [key, value] of Object.entries(options))
    if (value === null)
      throw new TypeError(`${where}: ${key} is null; leave it out for the default`);
}

/** Checks the type of each per-call option given, as strictly as the client's. */
function checkOptionTypes(options: RequestOptions & ImageRequestOptions): void {
  if (options.signal !== undefined) checkSignal(options.signal);
  if (options.timeout !== undefined) positiveMilliseconds("timeout", options.timeout);
  if (options.maxRetries !== undefined) nonNegativeInteger("maxRetries", options.maxRetries);
  if (options.maxConcurrency !== undefined)
    positiveInteger("maxConcurrency", options.maxConcurrency);
  checkFunction("onResponse", options.onResponse);
  const partial: unknown = options.partialResults;
  if (partial !== undefined && partial !== "throw" && partial !== "return")
    throw new TypeError(
      `partialResults must be "throw" or "return", got ${typeof partial === "string" ? JSON.stringify(partial) : describeType(partial)}`,
    );
  const checkURLs: unknown = options.checkImageURLs;
  if (checkURLs !== undefined && typeof checkURLs !== "boolean")
    throw new TypeError(`checkImageURLs must be true or false, got ${describeType(checkURLs)}`);
  checkHeaders("headers", options.headers);
  checkFetchOptions(options.fetchOptions);
}

/** A `signal` must be an `AbortSignal` (of any realm): anything else could not abort the call. */
function checkSignal(value: unknown): void {
  if (
    typeof value !== "object" ||
    value === null ||
    typeof Reflect.get(value, "aborted") !== "boolean" ||
    typeof Reflect.get(value, "addEventListener") !== "function"
  )
    throw new TypeError(
      `signal must be an AbortSignal (an AbortController's .signal), got ${describeType(value)}`,
    );
}

const VISIBLE_ASCII = /^[\x21-\x7e]*$/;
/** RFC 9110 `token`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * A control character (line breaks and NUL, which `fetch` refuses, and the rest, which no header
 * means) or a character `fetch` cannot send as one byte. A tab is allowed.
 */
const FORBIDDEN_IN_VALUE = /[^\t\x20-\xff]/;

/** A number as it reads; anything else by its type, so a string `"1000"` does not read as valid. */
function describeNumber(value: unknown): string {
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : describeType(value);
}

/** `null`, `array` or the `typeof` of a value, for messages that must not show the value. */
function describeType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
