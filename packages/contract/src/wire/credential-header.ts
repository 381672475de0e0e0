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
