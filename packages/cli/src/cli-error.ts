/** A mistake in how the CLI was called (exit code 2), with the fix in its message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
