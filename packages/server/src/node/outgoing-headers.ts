import type { OutgoingHttpHeaders } from "node:http";

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, and RFC 2616's `Proxy-*`): they speak of the connection a
 * response came over (the handler's own fetch, when it passes an answer on), not of the one to
 * the browser, which Node frames and keeps alive by its own settings.
 */
const hopByHop = /^(?:connection|keep-alive|proxy-.+|te|transfer-encoding|upgrade)$/;

/**
 * The headers of a Web `Response` for `ServerResponse.writeHead`: every `Set-Cookie` kept apart,
 * and without the hop-by-hop ones or those its `Connection` names. A `Connection: close` or a
 * `Keep-Alive: timeout=5` passed on from fetch would otherwise close the browser's connection, or
 * tell it to keep one this server has already closed.
 */
export function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const named =
    headers
      .get("connection")
      ?.toLowerCase()
      .split(/\s*,\s*/) ?? [];
  const outgoing: OutgoingHttpHeaders = {};
  headers.forEach((value, name) => {
    if (name !== "set-cookie" && !hopByHop.test(name) && !named.includes(name))
      outgoing[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) outgoing["set-cookie"] = cookies;
  return outgoing;
}
