// `pnpm release` is the one way to publish: it builds every public package and checks the packed
// tarballs before `changeset publish` uploads them. `pnpm publish` packs whatever `dist/` holds,
// and a package without one packs without a complaint into a tarball of README, LICENSE and
// package.json only, whose every export is missing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { z } from "zod";
import { repoRoot } from "./workspace.ts";

const scripts = z
  .object({ scripts: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"))).scripts;

it("builds every public package and checks the tarballs before changeset publish", () => {
  const steps = (scripts.release ?? "").split("&&").map((step) => step.trim());
  const publish = steps.indexOf("changeset publish");
  const build = steps.findIndex((step) =>
    /^turbo run build --filter='\.\/packages\/\*'(\s|$)/.test(step),
  );
  const check = steps.findIndex((step) => step.includes("scripts/release/tarballs.test.ts"));
  expect(publish, scripts.release).toBe(steps.length - 1);
  expect(build, scripts.release).toBe(0);
  expect(check, scripts.release).toBeGreaterThan(build);
  expect(check).toBeLessThan(publish);
});
