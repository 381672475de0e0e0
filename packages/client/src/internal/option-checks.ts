import { trimHttpWhitespace } from "@pictor/contract";
import type { RequestOptions } from "../core/request-options";

/** A timeout must be a positive number of milliseconds. */
export function positiveMilliseconds(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0))
    throw new TypeError(`${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}

/** Counts (retries, concurrency) must be whole numbers ≥ 0. */
export function nonNegativeInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0))
    throw new TypeError(`${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}

/** Concurrency must be a whole number ≥ 1: with 0 nothing would ever run. */
export function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1))
    throw new TypeError(`${name} must be a whole number ≥ 1, got ${value}`);
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
 * Checked before sending, as `fetch`'s own error quotes the value (which may be a secret) and
 * would look like a connection error. Messages name the header, never its value.
 */
export function checkHeaders(name: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(
      `${name} must be an object of header names to string values, got ${describeType(value)}`,
    );
  const headers: Record<string, string> = {};
  for (const [header, headerValue] of Object.entries(value)) {
    if (!TOKEN.test(header))
      throw new TypeError(`${name}: "${header}" is not a valid HTTP header name`);
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

/** A function option (`fetch`, `onRetry`) must be a function when given. */
export function checkFunction<T>(name: string, value: T): T {
  if (value !== undefined && typeof value !== "function")
    throw new TypeError(`${name} must be a function, got ${describeType(value)}`);
  return value;
}

/** Checks per-call options as strictly as the client's, before anything is sent. */
export function checkRequestOptions(options: RequestOptions | undefined): void {
  if (options?.timeout !== undefined) positiveMilliseconds("timeout", options.timeout);
  if (options?.maxRetries !== undefined) nonNegativeInteger("maxRetries", options.maxRetries);
  if (options?.headers !== undefined) checkHeaders("headers", options.headers);
}

const VISIBLE_ASCII = /^[\x21-\x7e]*$/;
/** RFC 9110 `token`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * A control character (line breaks and NUL, which `fetch` refuses, and the rest, which no header
 * means) or a character `fetch` cannot send as one byte. A tab is allowed.
 */
const FORBIDDEN_IN_VALUE = /[^\t\x20-\xff]/;

/** `null`, `array` or the `typeof` of a value, for messages that must not show the value. */
function describeType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
