/** Whether this looks like a browser page (a `document`) or a page's worker, where an API key would be exposed. */
export function isBrowser(): boolean {
  const scope = globalThis as {
    document?: unknown;
    window?: unknown;
    importScripts?: unknown;
    Deno?: unknown;
    Bun?: unknown;
    EdgeRuntime?: unknown;
  };
  return (
    (scope.document !== undefined && scope.window !== undefined) ||
    // A page's dedicated, shared or service worker reads the same key. `importScripts` is what
    // only worker scopes have (Cloudflare's workerd has `WorkerGlobalScope` and `self`, not it);
    // Deno's workers have it too, and Deno, Bun and Vercel's Edge Runtime are servers.
    (typeof scope.importScripts === "function" && !scope.Deno && !scope.Bun && !scope.EdgeRuntime)
  );
}
