/**
 * What was thrown, as an `Error`: a thrown string is the message; any other value is named by
 * its type only (its JSON could quote the key, e.g. a copy of the request's headers) and kept
 * as the `cause`, never shown as "[object Object]".
 */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error
    ? thrown
    : new Error(typeof thrown === "string" ? thrown : `${typeof thrown} thrown`, {
        cause: thrown,
      });
}
