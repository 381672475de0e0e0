import { trimHttpWhitespace } from "./http-whitespace";

/**
 * Whether a header named `name` carries a credential: `Authorization` and `Cookie`, and the key
 * and token headers of gateways and of the proxies in front of them (`x-api-key`, `api-key`,
 * Helicone's `Helicone-Auth`, Cloudflare's `cf-aig-authorization`, `x-portkey-api-key`,
 * `x-auth-token`, …): any name with auth, key, cookie or token in it, in any case. The one rule
 * the client's errors, the server's answers and the mock's recorded calls redact by. (An
 * `Idempotency-Key` counts too: cheaper than a list, which misses a proxy's key.)
 */
export function isCredentialHeader(name: string): boolean {
  return /auth|key|cookie|token/i.test(name);
}

/**
 * The credentials among a request's headers (by `isCredentialHeader`): each value, for a
 * `Scheme token` value the token alone, and for a `Basic` one the `user:password` and the
 * password it encodes (a proxy that decodes it may quote either), so a text quoting any is
 * caught. Short values are left out: replacing every "Bearer" or "1" would garble messages and
 * hide nothing.
 */
export function credentialsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!isCredentialHeader(name)) continue;
    // As `fetch` sends it: a pasted key's space or tab around it never reaches the gateway, so
    // an echo of the key holds none.
    const value = trimHttpWhitespace(headers[name] ?? "");
    if (!value) continue;
    const token = value.replace(/^\S+\s+/, "");
    let decoded = "";
    try {
      if (/^basic\s/i.test(value)) decoded = atob(token);
    } catch {
      // Not base64: nothing to decode.
    }
    for (const secret of [value, token, decoded, decoded.slice(decoded.indexOf(":") + 1)])
      if (secret.length >= 8 && !secrets.includes(secret)) secrets.push(secret);
  }
  // Longest first: a value must be replaced before the token inside it.
  return secrets.sort((a, b) => b.length - a.length);
}
