import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listDir, readPng, useTempDir } from "../__fixtures__/files";
import { noHardLinks, runPictor } from "../__fixtures__/run-pictor";

// A USB stick or SD card (FAT32, exFAT) or a network share has no hard links: the paid images
// are saved there all the same, still without overwriting a file or leaving a partial one.

describe("-o on a filesystem without hard links", { timeout: 30_000 }, () => {
  it("saves every image, next to the files already there, and exits 0", async () => {
    const dir = await useTempDir();
    await writeFile(join(dir, "two-foxes-1.png"), "mine");

    const { code, stdout, stderr } = await runPictor(
      ["generate", "two foxes", "--local", "-n", "2", "-o", dir],
      { nodeArgs: noHardLinks },
    );

    expect(code, stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["two-foxes-1.png", "two-foxes-2.png", "two-foxes-3.png"]);
    expect(stdout).toMatch(/^✔ 2 images /m);
    expect((await readPng(join(dir, "two-foxes-2.png"))).width).toBeGreaterThan(0);
    expect((await readPng(join(dir, "two-foxes-3.png"))).width).toBeGreaterThan(0);
  });
});
