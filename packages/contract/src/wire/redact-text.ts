/** What a secret is replaced with in text Pictor passes on. */
export const redacted = "[redacted]";

/**
 * `text` with every secret replaced, also where JSON escaped it (a key with `"` or `\`): error
 * texts and bodies that quote a credential (the server's answers, the client's errors).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret === "") continue;
    safe = safe.split(secret).join(redacted);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) safe = safe.split(escaped).join(redacted);
  }
  return safe;
}
