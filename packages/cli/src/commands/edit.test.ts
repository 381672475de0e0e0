import { mkdir, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeTestPng, listDir, readPng, useTempDir } from "../__fixtures__/files";
import { parseJsonSummary } from "../__fixtures__/json-summary";
import { runPictor, stackFrame } from "../__fixtures__/run-pictor";

describe("pictor edit --local", { timeout: 30_000 }, () => {
  it("edits a 300x200 PNG into a PNG of its 3:2 shape at the default model's 1K tier", async () => {
    const dir = await useTempDir();
    const input = join(dir, "photo.png");
    await writeFile(input, encodeTestPng(300, 200));
    const out = join(dir, "out");

    const { code, stdout, stderr } = await runPictor([
      "edit",
      input,
      "--prompt",
      "watercolor",
      "--local",
      "--json",
      "-o",
      out,
    ]);
    expect(code, stderr).toBe(0);
    const summary = parseJsonSummary(stdout);
    expect(summary.files).toHaveLength(1);
    expect(summary.files[0]).toMatchObject({ width: 1264, height: 848, mediaType: "image/png" });
    expect(await listDir(out)).toEqual(["watercolor-1.png"]);
    const png = await readPng(join(out, "watercolor-1.png"));
    expect([png.width, png.height]).toEqual([1264, 848]);
  });

  it("edits an iPhone photo (HEIC), which the gateway passes on, as it edits a PNG", async () => {
    const dir = await useTempDir();
    const input = join(dir, "IMG_0001.HEIC");
    // An ISOBMFF file's start: its ftyp box with the HEIC brand.
    await writeFile(input, Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic", "latin1"));
    const out = join(dir, "out");

    const { code, stdout, stderr } = await runPictor([
      "edit",
      input,
      "--prompt",
      "watercolor",
      "--local",
      "--json",
      "-o",
      out,
    ]);
    expect(code, stderr).toBe(0);
    expect(parseJsonSummary(stdout).files).toHaveLength(1);
    expect(await listDir(out)).toEqual(["watercolor-1.png"]);
  });

  it("exits 2 naming the input when it is not an image", async () => {
    const dir = await useTempDir();
    const input = join(dir, "notes.txt");
    await writeFile(input, "these are notes, not pixels\n");
    const out = join(dir, "out");

    const { code, stdout, stderr } = await runPictor([
      "edit",
      input,
      "--prompt",
      "watercolor",
      "--local",
      "-o",
      out,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(stackFrame);
    expect(await listDir(out)).toEqual([]);
    expect(stderr).toContain("notes.txt");
    expect(stderr).toContain("is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image");
  });

  it("exits 2 naming the input and the 20 MiB limit for a larger file, refused from its size", async () => {
    const dir = await useTempDir();
    const input = join(dir, "huge.png");
    await writeFile(input, encodeTestPng(30, 20));
    // Sparse: a PNG header and 21 MiB of nothing, which takes no disk space to make.
    await truncate(input, 21 * 1024 * 1024);
    const out = join(dir, "out");

    const { code, stdout, stderr } = await runPictor([
      "edit",
      input,
      "--prompt",
      "watercolor",
      "--local",
      "-o",
      out,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(stackFrame);
    expect(stderr).toContain(`"${input}" is 21.0 MiB`);
    expect(stderr).toContain("at most 20 MiB");
    expect(await listDir(out)).toEqual([]);
  });

  it("exits 2 naming the input when the file does not exist", async () => {
    const dir = await useTempDir();
    const input = join(dir, "missing.png");
    const { code, stdout, stderr } = await runPictor([
      "edit",
      input,
      "--prompt",
      "watercolor",
      "--local",
      "-o",
      dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(input);
    expect(stderr).not.toMatch(stackFrame);
  });

  it("exits 2 saying to quote the prompt when its words were taken for files (-p make it blue)", async () => {
    const dir = await useTempDir();
    const input = join(dir, "photo.png");
    await writeFile(input, encodeTestPng(30, 20));
    const { code, stdout, stderr } = await runPictor(
      ["edit", input, "-p", "make", "it", "blue", "--local", "-o", dir],
      { cwd: dir },
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('The image "it" does not exist');
    expect(stderr).toContain('is it a word of the prompt? Quote the prompt: -p "make it blue"');
  });

  it("exits 2 saying stdin is read for --prompt - only when an image is given as -, not to quote the prompt", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["edit", "-", "-p", "watercolor", "--local", "-o", dir],
      { cwd: dir, input: encodeTestPng(30, 20) },
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("stdin");
    expect(stderr).toContain("--prompt -");
    expect(stderr).not.toContain("Quote the prompt");
    expect(await listDir(dir)).toEqual([]);
  });

  it("reads an image given as a quoted ~/… (no shell expanded it) from the home folder, as -o does", async () => {
    const home = await useTempDir();
    await writeFile(join(home, "photo.png"), encodeTestPng(30, 20));
    const out = join(home, "out");

    const { code, stderr } = await runPictor(
      ["edit", "~/photo.png", "-p", "watercolor", "--local", "-o", out],
      { env: { HOME: home, USERPROFILE: home } },
    );
    expect(code, stderr).toBe(0);
    expect(await listDir(out)).toEqual(["watercolor-1.png"]);

    // A missing one is named where it was looked for, not with advice for code (homedir()).
    const missing = await runPictor(
      ["edit", "~/nope.png", "-p", "watercolor", "--local", "-o", out],
      {
        env: { HOME: home, USERPROFILE: home },
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`The image "${join(home, "nope.png")}" does not exist`);
    expect(missing.stderr).not.toContain("homedir");
  });

  it("exits 2 saying an input is a folder, not to quote the prompt, when a bare name is one", async () => {
    const dir = await useTempDir();
    await mkdir(join(dir, "photos"));
    const { code, stdout, stderr } = await runPictor(
      ["edit", "photos", "-p", "watercolor", "--local", "-o", dir],
      { cwd: dir },
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('"photos" is a folder');
    expect(stderr).not.toContain("Quote the prompt");
    expect(stderr).not.toMatch(stackFrame);
  });

  it("names the first bad input in command line order, even when a later one fails sooner", async () => {
    const dir = await useTempDir();
    // The text file fails only once read whole; the missing one at once, when it is opened.
    const notes = join(dir, "notes.txt");
    await writeFile(notes, "not an image at all");
    const { code, stderr } = await runPictor(
      ["edit", notes, join(dir, "missing.png"), "-p", "watercolor", "--local", "-o", dir],
      { cwd: dir },
    );
    expect(code).toBe(2);
    expect(stderr).toContain(`"${notes}" is not a PNG`);
    expect(stderr).not.toContain("missing.png");
  });

  it.each(["DATA:image/png;base64,", "Data:image/png;base64,"])(
    "reads a data URL whose scheme is in capitals (%s…) as one, as the client does",
    async (head) => {
      const dir = await useTempDir();
      const input = head + Buffer.from(encodeTestPng(30, 20)).toString("base64");
      const out = join(dir, "out");
      const { code, stdout, stderr } = await runPictor([
        "edit",
        input,
        "-p",
        "watercolor",
        "--local",
        "--json",
        "-o",
        out,
      ]);
      expect(code, stderr).toBe(0);
      expect(parseJsonSummary(stdout).files).toHaveLength(1);
      expect(await listDir(out)).toEqual(["watercolor-1.png"]);
    },
  );

  it("--help says an image may be a data URL too, as edit reads one", async () => {
    const { code, stdout } = await runPictor(["edit", "--help"]);
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, " ");
    expect(help).toContain(
      "edit or combine images (files, https or data: URLs) following a prompt",
    );
    expect(help).toContain(
      "images image files, https URLs or data: URLs (data:image/png;base64,…)",
    );
  });

  it("exits 2 without --prompt", async () => {
    const dir = await useTempDir();
    const input = join(dir, "photo.png");
    await writeFile(input, encodeTestPng(30, 20));
    const { code, stdout, stderr } = await runPictor(["edit", input, "--local", "-o", dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--prompt/);
  });
});
