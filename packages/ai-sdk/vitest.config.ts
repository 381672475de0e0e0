import { defineProject, mergeConfig } from "vitest/config";
import { resolveWorkspaceSources } from "../../vitest.shared.ts";

export default mergeConfig(
  resolveWorkspaceSources,
  defineProject({
    test: {
      name: "ai-sdk",
      include: ["src/**/*.test.ts"],
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    },
  }),
);
