/**
 * `value` without the HTTP whitespace (tab, line feed, carriage return, space) around it, which
 * `fetch` strips from a header value before sending: so the client sends, and the server route
 * redacts, the very key `fetch` puts on the wire (a key read from a file often ends with "\n").
 */
export function trimHttpWhitespace(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}
