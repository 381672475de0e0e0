/**
 * Whether a refused base URL may be quoted back in its error. A key set as the base URL by
 * mistake (the wrong line of a .env file) must reach no message or log: only what looks like a
 * URL is shown (a dot, a colon, a leading `/`; a base64 key has `/` inside, not first), and
 * not even that when it holds a run of 32 letters and digits, as a JWT (dots) or a
 * `user:secret` pair (a colon) does and a host name's labels and a URL's path segments do not.
 */
export function isQuotableBaseURL(value: string): boolean {
  return /^\/|[.:]/.test(value) && !/[\w-]{32,}/.test(value);
}
