/** A request id a browser may choose: letters, digits, `_ . : -`, at most 128 of them. */
const plainRequestId = /^[\w.:-]{1,128}$/;

/**
 * The id of a request's answer: the browser's `x-request-id` when it is a plain token, else a new
 * one. Only a plain token: it is written into the gateway's logs and this server's.
 */
export function requestIdOf(sent: string | null | undefined): string {
  return sent && plainRequestId.test(sent) ? sent : crypto.randomUUID();
}
