// `pnpm gen:check`: fails when the committed generated files differ from what the spec makes.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { generateAll, generatedDir, generatedFilesIn } from "./codegen/generate-all.ts";

const root = process.cwd();
try {
  const expected = await generateAll(root);
  const dir = join(root, generatedDir);
  const present = new Set(await generatedFilesIn(dir));
  const drifted: string[] = [];
  for (const [name, content] of expected) {
    const onDisk = present.has(name) ? await readFile(join(dir, name), "utf8") : undefined;
    if (onDisk !== content)
      drifted.push(`${generatedDir}/${name}${onDisk === undefined ? " (missing)" : ""}`);
  }
  for (const name of present) {
    if (!expected.has(name)) drifted.push(`${generatedDir}/${name} (not generated any more)`);
  }
  if (drifted.length > 0) {
    console.error(`generated files are out of date: run pnpm gen\n  ${drifted.join("\n  ")}`);
    process.exit(1);
  }
  console.log("generated files are up to date with spec/");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
