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
      typecheck: {
        enabled: true,
        include: ["src/**/*.test-d.{ts,tsx}"],
        tsconfig: "./tsconfig.json",
      },
    },
  }),
);
