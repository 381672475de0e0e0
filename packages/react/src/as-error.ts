// What a thrown value's JSON must not mention to be shown, as it may quote the key (a copy of the
// request's headers): such a value is named by its type only, and kept as the `cause`.
const credential = /auth|key|token|secret|header/i;

/**
 * What was thrown, as an `Error`: a thrown string or object is wrapped and kept as the `cause`,
 * its message the string as it is, or the value as JSON (200 characters at most; by its type when
 * that fails or mentions a credential), never "[object Object]".
 */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  let message = `${typeof thrown} thrown`;
  try {
    // Throws on a cycle or a BigInt, and is undefined for a symbol or a function.
    const json = JSON.stringify(thrown);
    message =
      typeof thrown === "string" ? thrown : credential.test(json) ? message : json.slice(0, 200);
  } catch {
    // Named by its type.
  }
  return new Error(message, { cause: thrown });
}
