// `pnpm gen`: regenerates @pictor/contract's generated files from spec/.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateAll, generatedDir, generatedFilesIn } from "./codegen/generate-all.ts";

const root = process.cwd();
try {
  const files = await generateAll(root);
  const dir = join(root, generatedDir);
  await mkdir(dir, { recursive: true });
  for (const stale of await generatedFilesIn(dir)) {
    if (!files.has(stale)) await rm(join(dir, stale));
  }
  for (const [name, content] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  console.log(`generated ${[...files.keys()].map((name) => `${generatedDir}/${name}`).join(", ")}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
