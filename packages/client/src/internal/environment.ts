/** An environment variable where `process.env` exists (Node, Bun, Deno's compat); undefined elsewhere. */
export function readEnv(name: string): string | undefined {
  try {
    return (
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
        name
      ]?.trim() || undefined
    );
  } catch {
    // Deno throws on a variable the program may not read (no --allow-env, or others only): unset.
  }
}

/** Whether this looks like a browser page (a `document`), where an API key would be exposed. */
export function isBrowser(): boolean {
  return (
    typeof (globalThis as { document?: unknown }).document !== "undefined" &&
    typeof (globalThis as { window?: unknown }).window !== "undefined"
  );
}
