import { fileURLToPath } from "node:url";

/** The playground folder (vite.config.ts, index.html, src/). */
export const playgroundRoot = fileURLToPath(new URL("..", import.meta.url));

export const viteConfigFile = fileURLToPath(new URL("../vite.config.ts", import.meta.url));

/** Builds the page with Vite into `outDir` (vite.config.ts resolves the workspace packages from source). */
export async function buildPage(outDir: string): Promise<void> {
  // Loaded on demand: serving a built page needs no bundler.
  const { build } = await import("vite");
  // Vite builds for production only when NODE_ENV is unset or "production"; vitest sets "test",
  // which would bundle React's development build. The tests must drive the page people get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: playgroundRoot,
      configFile: viteConfigFile,
      build: { outDir, emptyOutDir: true },
      logLevel: "warn",
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
