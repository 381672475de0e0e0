import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listDir, readPng, useTempDir } from "../__fixtures__/files";
import {
  noHardLinks,
  renameUnreported,
  runPictor,
  startPictor,
  waitUntil,
} from "../__fixtures__/run-pictor";

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

  it("keeps an image already renamed into place when a second Ctrl-C ends the process", async () => {
    const dir = await useTempDir();
    // The share carries the rename out but never answers: the image is saved under its name.
    const pictor = startPictor(["generate", "a fox", "--local", "-o", dir], {
      nodeArgs: [...noHardLinks, ...renameUnreported],
    });
    const saved = join(dir, "a-fox-1.png");
    await waitUntil(
      () => existsSync(saved) && statSync(saved).size > 0,
      "the image to be renamed into place",
    );

    for (let sent = 0; sent < 10 && pictor.child.exitCode === null; sent++) {
      pictor.child.kill("SIGINT");
      await Promise.race([pictor.exited, new Promise((resolve) => setTimeout(resolve, 200))]);
    }
    const { code, stderr } = await pictor.finished();

    expect(code, stderr).toBe(130);
    expect(await listDir(dir)).toEqual(["a-fox-1.png"]);
    expect((await readPng(saved)).width).toBeGreaterThan(0);
  });
});
