/** What a secret is replaced with in text Pictor passes on. */
export const redacted = "[redacted]";

/**
 * `text` with every secret replaced, also where JSON escaped it (a key with `"` or `\`, or `/`
 * as `\/`) or a URL percent-encoded it (a base64 key's `+/=` in a quoted query string, in upper-
 * or lower-case hex): error texts and bodies that quote a credential (the server's answers, the
 * client's errors).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret === "") continue;
    for (const form of encodedForms(secret)) safe = safe.split(form).join(redacted);
  }
  return safe;
}

/** `secret` as it is and as encoders write it; each form once. */
function encodedForms(secret: string): Set<string> {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([secret, escaped, escaped.replaceAll("/", "\\/")]);
  try {
    const percent = encodeURIComponent(secret);
    forms.add(percent).add(percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  } catch {
    // A lone surrogate has no URL form (URIError): nothing to look for.
  }
  return forms;
}
