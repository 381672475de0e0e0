import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GeneratedImage } from "@pictor/client";
import { describe, expect, it } from "vitest";
import { encodeTestPng, listDir, useTempDir } from "../__fixtures__/files";
import { saveImages } from "./save-images";

describe("saveImages", () => {
  it("runs saving at the same moment into one folder never overwrite each other", async () => {
    const dir = await useTempDir();
    await writeFile(join(dir, "a-fox-1.png"), "kept");
    const runs = [10, 20, 30, 40].map((width) => [
      new GeneratedImage(encodeTestPng(width, 8)),
      new GeneratedImage(encodeTestPng(width, 9)),
    ]);
    const saved = await Promise.all(runs.map((images) => saveImages(images, dir, "A fox")));

    const paths = saved.flat().map((file) => file.path);
    expect(new Set(paths).size).toBe(8);
    expect(await listDir(dir)).toEqual(
      ["a-fox-1.png", ...Array.from({ length: 8 }, (_, i) => `a-fox-${i + 2}.png`)].sort(),
    );
    expect(await readFile(join(dir, "a-fox-1.png"), "utf8")).toBe("kept");
    // Each file holds the image its run reported for it.
    for (const [run, files] of saved.entries())
      for (const [index, file] of files.entries())
        expect(new Uint8Array(await readFile(file.path))).toEqual(
          await runs[run]?.[index]?.bytes(),
        );
  });

  it("names the files in the prompt's own script", async () => {
    const dir = await useTempDir();
    const image = new GeneratedImage(encodeTestPng(8, 8));
    await saveImages([image], dir, "日本の猫");
    await saveImages([image], dir, "Кот в шляпе");
    expect(await listDir(dir)).toEqual(["日本の猫-1.png", "кот-в-шляпе-1.png"].sort());
  });
});
