import { redacted, redactText } from "@pictor/contract";

/** The shortest key replaced wherever it is found, as the client's own errors do. */
const LONG_KEY = 8;

/**
 * `text` with each of `keys` replaced by `[redacted]`. A key of 8 characters or more goes
 * wherever it is (escaped in JSON or a URL too), as the client's errors replace it. A shorter one
 * (`e`, `local`, `test`, given to a local gateway) only where it stands alone: cut out of every
 * word, it garbled the message and the error's type (`APIConn[redacted]ctionError`), and a few
 * letters inside a word reveal nothing. Empty keys count as none.
 */
export function withoutKeys(text: string, keys: readonly (string | undefined)[]): string {
  let cleaned = text;
  for (const key of [...keys].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))) {
    if (!key) continue;
    if (key.length >= LONG_KEY) cleaned = redactText(cleaned, [key]);
    else {
      const literal = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      cleaned = cleaned.replace(
        new RegExp(`(?<![A-Za-z0-9])${literal}(?![A-Za-z0-9])`, "g"),
        redacted,
      );
    }
  }
  return cleaned;
}
