import { defineProject, mergeConfig } from "vitest/config";
import { resolveWorkspaceSources } from "../../vitest.shared.ts";

export default mergeConfig(
  resolveWorkspaceSources,
  defineProject({
    test: {
      name: "playground",
      environment: "node",
      include: ["e2e/**/*.test.ts", "src/**/*.test.ts", "server/**/*.test.ts"],
      // A Vite build and Chromium start once per file (beforeAll); each test drives a real page.
      hookTimeout: 120_000,
      testTimeout: 60_000,
    },
  }),
);
