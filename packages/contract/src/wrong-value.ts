/**
 * A wrong option value as a message shows it: a string as one (`the string "2"`, not `2`), so
 * its type is plain; anything else as `String` writes it. Shared by the packages that check
 * their own settings (the server's policy, the AI SDK provider's).
 */
export function wrongValue(value: unknown): string {
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : String(value);
}
