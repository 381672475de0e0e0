const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A 40-character id like the gateway's generated `x-request-id`. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  let id = "";
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}
