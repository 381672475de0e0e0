/*
 * Why this exists: the key must show in no error, and errors are built from text Pictor does not
 * write: a custom `fetch` that quotes the request's headers (in its message or a cause's), a
 * gateway that echoes the key it refused ("Invalid API key sk-…"). Each such text is cleaned of
 * the credentials the request carried before it reaches an error.
 */

/** What a credential is replaced with. */
const REDACTED = "[redacted]";

/** Headers whose values are credentials: the standard ones and the API-key headers gateways take. */
const CREDENTIAL_HEADERS = [
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "api-key",
  "cookie",
];

/**
 * The credentials among a request's headers (lower-cased names): each value, and for a
 * `Scheme token` value the token alone, so a text quoting either is caught. Short values are
 * left out: replacing every "Bearer" or "1" would garble messages and hide nothing.
 */
export function credentialsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers[name];
    if (!value) continue;
    for (const secret of [value, value.replace(/^\S+\s+/, "")])
      if (secret.length >= 8 && !secrets.includes(secret)) secrets.push(secret);
  }
  // Longest first: a value must be replaced before the token inside it.
  return secrets.sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced, also where JSON escaped it (a key with `"` or `\`). */
export function redactText(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) {
    safe = safe.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) safe = safe.split(escaped).join(REDACTED);
  }
  return safe;
}

/** A response body as read (text, parsed JSON or undefined) with every secret replaced. */
export function redactBody(body: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0 || body === undefined) return body;
  if (typeof body === "string") return redactText(body, secrets);
  const json = JSON.stringify(body);
  if (json === undefined) return body;
  const safe = redactText(json, secrets);
  // Parsed again only when something was replaced: the body otherwise stays the object it was.
  return safe === json ? body : JSON.parse(safe);
}

/** Whether `error` or an error down its `cause` chain quotes a secret in its message or text. */
export function quotesCredentials(error: unknown, secrets: readonly string[]): boolean {
  let link: unknown = error;
  // Bounded: a cause chain may loop.
  for (let depth = 0; depth < 8 && link !== undefined && link !== null; depth++) {
    const text = link instanceof Error ? `${link.message}\n${String(link.stack)}` : String(link);
    if (secrets.some((secret) => text.includes(secret))) return true;
    link = link instanceof Error ? link.cause : undefined;
  }
  return false;
}
