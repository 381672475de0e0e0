/**
 * Whether a refused base URL may be quoted back in its error. A key set as the base URL by
 * mistake (the wrong line of a .env file) must reach no message or log: only what looks like a
 * URL is shown (a dot, a colon, a leading `/`; a base64 key has `/` inside, not first), and not
 * even that when it holds a run of 32 letters, digits, `_` or `-`, as a JWT (dots) or a long
 * `user:secret` pair (a colon) does. Erring on the safe side: a URL with such a run (a 32-hex
 * account id in its path) is refused without being quoted; a short pair (`admin:hunter2`) is
 * quoted, as a host and port would be.
 */
export function isQuotableBaseURL(value: string): boolean {
  return /^\/|[.:]/.test(value) && !/[\w-]{32,}/.test(value);
}
