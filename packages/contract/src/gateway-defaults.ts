// One module for both, so a bundle that splits the client's code wraps them once.

/** LLM Gateway's public API (the spec's server): where Pictor goes without a `baseURL`. */
export const publicGatewayBaseURL = "https://api.llmgateway.io/v1";

/**
 * An environment variable where `process.env` exists (Node, Bun, Deno's compat), trimmed; blank
 * or unreadable is `undefined`, and so is every variable where there is no `process` (browsers,
 * edge runtimes). Pictor's defaults (`LLM_GATEWAY_API_KEY`, `LLM_GATEWAY_BASE_URL`) come from it.
 */
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
