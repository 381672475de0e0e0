import type { ViteUserConfig } from "vitest/config";

/**
 * Resolve workspace packages to their TypeScript sources (the `@pictor/source` export
 * condition), so tests and type tests never need a build first. The other conditions are
 * Vite's defaults, which setting `conditions` would otherwise replace.
 */
export const resolveWorkspaceSources: ViteUserConfig = {
  resolve: { conditions: ["@pictor/source", "module", "browser", "development|production"] },
  ssr: { resolve: { conditions: ["@pictor/source", "module", "node", "development|production"] } },
};
