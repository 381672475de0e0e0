/** An environment variable where `process.env` exists (Node, Bun, Deno's compat); undefined elsewhere. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

/** Whether this looks like a browser page (a `document`), where an API key would be exposed. */
export function isBrowser(): boolean {
  return (
    typeof (globalThis as { document?: unknown }).document !== "undefined" &&
    typeof (globalThis as { window?: unknown }).window !== "undefined"
  );
}
