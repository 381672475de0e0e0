import { relative } from "node:path";
import { createConfig, getLineColLocation, lint } from "@redocly/openapi-core";

/**
 * Structural validation of the spec before anything is generated from it: the generators
 * accept many broken documents silently (a `type: strin` becomes `unknown`), so a typo would
 * otherwise flow into the types. Style rules are `pnpm lint:spec`'s job, not this one.
 */
export async function validateSpec(specPath: string): Promise<void> {
  const config = await createConfig({ extends: ["minimal"] });
  const problems = (await lint({ ref: specPath, config })).filter((p) => p.severity === "error");
  if (problems.length === 0) return;
  const lines = problems.map((problem) => {
    const location = problem.location[0];
    if (!location) return `  ${problem.message}`;
    const { start } = getLineColLocation(location);
    const file = relative(process.cwd(), location.source.absoluteRef);
    return `  ${file}:${start.line}:${start.col} ${location.pointer}: ${problem.message}`;
  });
  throw new Error(`the spec is invalid (${problems.length} problems):\n${lines.join("\n")}`);
}
