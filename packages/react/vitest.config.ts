import { defineProject, mergeConfig } from "vitest/config";
import { resolveWorkspaceSources } from "../../vitest.shared.ts";

export default mergeConfig(
  resolveWorkspaceSources,
  defineProject({
    test: {
      name: "react",
      // A browser-like DOM for the hooks; the SSR test opts back into plain Node per file.
      environment: "happy-dom",
      include: ["src/**/*.test.{ts,tsx}"],
      setupFiles: ["src/__fixtures__/testing-library-timeouts.ts"],
      typecheck: {
        enabled: true,
        include: ["src/**/*.test-d.{ts,tsx}"],
        tsconfig: "./tsconfig.json",
      },
    },
  }),
);
