const encoder = new TextEncoder();

/**
 * The runs of base64 that `secret` always encodes to, whatever bytes surround it: one for each
 * of its three offsets in base64's 3-byte groups, in the standard and the URL-safe alphabet.
 * Each leaves out the characters that also hold a neighbour's bits (at most one group's worth at
 * either end), so a text that holds `secret` encoded (a proxy quoting `Authorization: Bearer …`
 * in base64) holds one of them. A secret of fewer than 8 characters has none, as `redactSecret`
 * does not look for it either.
 */
export function base64FormsOf(secret: string): string[] {
  // As `redactSecret` does: a placeholder key (`test`) is no secret.
  if (secret.length < 8) return [];
  const bytes = encoder.encode(secret);
  const forms = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = btoa(String.fromCharCode(...padded));
    // The first group holds the padding's bits when there is some; a last group that is not
    // whole holds the next byte's.
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor(padded.length / 3) * 4;
    const standard = encoded.slice(start, end);
    if (standard.length < 8) continue;
    forms.add(standard);
    forms.add(standard.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return [...forms];
}
