import { defineConfig } from "vitest/config";
import { resolveWorkspaceSources } from "./vitest.shared.ts";

export default defineConfig({
  ...resolveWorkspaceSources,
  test: {
    projects: [
      {
        extends: true,
        test: { name: "spec-and-scripts", include: ["scripts/**/*.test.ts", "spec/**/*.test.ts"] },
      },
      "packages/*/vitest.config.ts",
      "examples/playground/vitest.config.ts",
    ],
  },
});
