import { execFileSync } from "node:child_process";
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeBase64 } from "@pictor/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { jpegOf, pngOf } from "../__fixtures__/image-bytes";
import { GeneratedImage } from "../core/generated-image";
import { maxInputImageBytes } from "../core/image-input";
import { imageFromFile, saveImage } from "./index";

const { gateway, client } = useClientTestServer();

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pictor-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("saveImage", () => {
  it("adds the media type's extension to a path without one and writes the exact bytes", async () => {
    const png = await pngOf(64, 48);
    const image = new GeneratedImage(png);

    const path = await saveImage(image, join(dir, "cat"));

    expect(path).toBe(join(dir, "cat.png"));
    expect(new Uint8Array(await readFile(path))).toEqual(png);
    expect(await readdir(dir)).toEqual(["cat.png"]);
  });

  it("uses .jpg for a JPEG", async () => {
    const jpeg = jpegOf(10, 10);

    const path = await saveImage(new GeneratedImage(jpeg), join(dir, "photo"));

    expect(path).toBe(join(dir, "photo.jpg"));
    expect(new Uint8Array(await readFile(path))).toEqual(jpeg);
  });

  it("keeps an explicit extension", async () => {
    const png = await pngOf(16, 16);

    const path = await saveImage(new GeneratedImage(png), join(dir, "cover.image.PNG"));

    expect(path).toBe(join(dir, "cover.image.PNG"));
    expect(await readdir(dir)).toEqual(["cover.image.PNG"]);
    expect(new Uint8Array(await readFile(path))).toEqual(png);
  });

  it("refuses an image extension that names another format, and writes nothing", async () => {
    const png = await pngOf(16, 16);

    const error = await caught(() => saveImage(new GeneratedImage(png), join(dir, "cover.jpg")));

    expect(error).toBeInstanceOf(TypeError);
    expect(error instanceof Error && error.message).toContain(
      "says image/jpeg, but the image is image/png; use .png or no extension",
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a path that names a folder (out/): it would write a hidden out/.png", async () => {
    const image = new GeneratedImage(await pngOf(16, 16));

    for (const path of [`${dir}/`, `${dir}/.`, `${dir}/..`, ""]) {
      const error = await caught(() => saveImage(image, path));
      expect(error).toBeInstanceOf(TypeError);
      expect(error instanceof Error && error.message).toContain("give a file name");
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it("adds the extension to a name whose dots are part of a model id, not an extension", async () => {
    const png = await pngOf(16, 16);

    const versioned = await saveImage(new GeneratedImage(png), join(dir, "qwen-image-3.0-1"));
    const flash = await saveImage(new GeneratedImage(png), join(dir, "gemini-3.1-flash-image"));
    const trailingDot = await saveImage(new GeneratedImage(png), join(dir, "cat."));

    expect([versioned, flash, trailingDot]).toEqual([
      join(dir, "qwen-image-3.0-1.png"),
      join(dir, "gemini-3.1-flash-image.png"),
      join(dir, "cat.png"),
    ]);
    expect((await readdir(dir)).sort()).toEqual([
      "cat.png",
      "gemini-3.1-flash-image.png",
      "qwen-image-3.0-1.png",
    ]);
  });

  it("keeps an extension that is not an image format's", async () => {
    const png = await pngOf(16, 16);

    const path = await saveImage(new GeneratedImage(png), join(dir, "cover.bin"));

    expect(path).toBe(join(dir, "cover.bin"));
  });

  it("saves a generated image byte for byte", async () => {
    const { images } = await client().images.generate({
      model: "openai/gpt-image-2",
      prompt: "A cozy cabin",
      size: "1024x640",
    });
    const [image] = images;
    if (!image) throw new Error("no image generated");

    const path = await saveImage(image, join(dir, "cabin"));

    expect(path).toBe(join(dir, "cabin.png"));
    expect(new Uint8Array(await readFile(path))).toEqual(await image.bytes());
  });

  it("refuses a path that is an existing folder, instead of writing out.png beside it", async () => {
    const image = new GeneratedImage(await pngOf(16, 16));
    await mkdir(join(dir, "out"));
    await mkdir(join(dir, "album.png"));

    for (const path of [join(dir, "out"), join(dir, "album.png")]) {
      const error = await caught(() => saveImage(image, path));
      expect(error).toBeInstanceOf(TypeError);
      expect(error instanceof Error && error.message).toBe(
        `saveImage: "${path}" is a folder; give a file name such as "${path}/image" (the extension is added)`,
      );
    }
    expect((await readdir(dir)).sort()).toEqual(["album.png", "out"]);
  });

  it("says which folder is missing and to create it, keeping the ENOENT code", async () => {
    const error = await caught(() =>
      saveImage(new GeneratedImage(jpegOf(4, 4)), join(dir, "missing", "x")),
    );

    expect(error).toMatchObject({
      code: "ENOENT",
      message: `saveImage: the folder "${join(dir, "missing")}" does not exist: create it first, await mkdir("${join(dir, "missing")}", { recursive: true })`,
    });
  });

  it("says Node does not expand ~, and that a file stands where a folder should", async () => {
    const image = new GeneratedImage(jpegOf(4, 4));
    await writeFile(join(dir, "notes"), "not a folder");

    const tilde = await caught(() => saveImage(image, "~/pictor-no-such-folder/cat"));
    const file = await caught(() => saveImage(image, join(dir, "notes", "cat")));

    expect(tilde).toMatchObject({
      code: "ENOENT",
      message:
        'saveImage: the folder "~/pictor-no-such-folder" does not exist: Node does not expand "~"; use join(homedir(), "pictor-no-such-folder/cat") (node:os, node:path)',
    });
    expect(file).toMatchObject({
      code: "ENOTDIR",
      message: `saveImage: "${join(dir, "notes")}" is not a folder (a file is in the way): save somewhere else`,
    });
  });
});

describe("imageFromFile", () => {
  it("reads a file's bytes", async () => {
    const png = await pngOf(20, 10);
    await writeFile(join(dir, "in.png"), png);

    const bytes = await imageFromFile(join(dir, "in.png"));

    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes).toEqual(png);
  });

  it("refuses a file over the input limit from its size, before reading it", async () => {
    // Sparse: no disk used. Reading the 2 GiB one would hold it all in memory first.
    const huge = join(dir, "video.mov");
    await writeFile(huge, "");
    await truncate(huge, 2 * 1024 * 1024 * 1024);
    const justOver = join(dir, "just-over.png");
    await writeFile(justOver, await pngOf(16, 16));
    await truncate(justOver, maxInputImageBytes + 1);

    for (const [path, size] of [
      [huge, "2048.0"],
      [justOver, "20.1"],
    ] as const) {
      const error = await caught(() => imageFromFile(path));
      expect(error).toBeInstanceOf(RangeError);
      expect(error instanceof Error && error.message).toBe(
        `imageFromFile: "${path}" is ${size} MiB; input images may be at most 20 MiB (maxInputImageBytes): resize or compress it first`,
      );
    }
  });

  it("reads a file of exactly the limit", async () => {
    const atLimit = join(dir, "at-limit.png");
    await writeFile(atLimit, await pngOf(16, 16));
    await truncate(atLimit, maxInputImageBytes);

    expect((await imageFromFile(atLimit)).byteLength).toBe(maxInputImageBytes);
  });

  it("stops a file that grows past the limit while it is read (it has no size: a pipe, a device)", async () => {
    // /dev/zero says it holds 0 bytes and never ends, as a file still being written goes on.
    const error = await caught(() => imageFromFile("/dev/zero"));

    expect(error).toBeInstanceOf(RangeError);
    expect(error instanceof Error && error.message).toBe(
      'imageFromFile: "/dev/zero" grew past 20 MiB as it was read; input images may be at most 20 MiB (maxInputImageBytes): resize or compress it first',
    );
  });

  it("reads a pipe to its end (it has no size to read up to)", async () => {
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const sent = new Uint8Array(300 * 1024).map((_, index) => index % 251);
    sent.set(await pngOf(16, 16));

    const writing = writeFile(fifo, sent);
    const bytes = await imageFromFile(fifo);
    await writing;

    // Compared whole at once: an element-by-element toEqual of 300 KiB takes seconds.
    expect(Buffer.from(bytes).equals(sent)).toBe(true);
  });

  it("refuses a folder (or a link to one) with a TypeError naming it, not a bare EISDIR", async () => {
    const link = join(dir, "photos-link");
    await symlink(dir, link);

    for (const path of [dir, link]) {
      const error = await caught(() => imageFromFile(path));
      expect(error).toBeInstanceOf(TypeError);
      expect(error instanceof Error && error.message).toBe(
        `imageFromFile: "${path}" is a folder, not a file: name an image file in it`,
      );
    }
  });

  it("says a missing file does not exist, keeping its code, and that Node does not expand ~", async () => {
    const missing = join(dir, "nope.png");

    const error = await caught(() => imageFromFile(missing));
    const tilde = await caught(() => imageFromFile("~/pictor-no-such-folder/photo.png"));

    expect(error).toMatchObject({
      code: "ENOENT",
      message: `imageFromFile: "${missing}" does not exist: check the path (a relative one starts at ${process.cwd()})`,
    });
    expect(tilde).toMatchObject({
      code: "ENOENT",
      message:
        'imageFromFile: "~/pictor-no-such-folder/photo.png" does not exist: Node does not expand "~"; use join(homedir(), "pictor-no-such-folder/photo.png") (node:os, node:path)',
    });
  });

  it("says a file stands where a folder should, keeping the ENOTDIR code, as saveImage does", async () => {
    await writeFile(join(dir, "notes.txt"), "not a folder");

    const error = await caught(() => imageFromFile(join(dir, "notes.txt", "photo.png")));

    expect(error).toMatchObject({
      code: "ENOTDIR",
      message: `imageFromFile: "${join(dir, "notes.txt")}" is not a folder (a file is in the way): check the path`,
    });
  });

  it("refuses a file that is no image, or is empty, naming it (an edit would name only images.0)", async () => {
    const notes = join(dir, "notes.txt");
    await writeFile(notes, "hello world");
    const empty = join(dir, "empty.png");
    await writeFile(empty, "");

    const notImage = await caught(() => imageFromFile(notes));
    const nothing = await caught(() => imageFromFile(empty));

    expect(notImage).toBeInstanceOf(TypeError);
    expect(notImage instanceof Error && notImage.message).toBe(
      `imageFromFile: "${notes}" is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)`,
    );
    expect(nothing).toBeInstanceOf(TypeError);
    expect(nothing instanceof Error && nothing.message).toBe(
      `imageFromFile: "${empty}" is empty: pick an image file`,
    );
  });

  it("refuses an SVG file saying to convert it, as an edit given its bytes does, not to pick an image file", async () => {
    const logo = join(dir, "logo.svg");
    await writeFile(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');

    const error = await caught(() => imageFromFile(logo));

    expect(error).toBeInstanceOf(TypeError);
    expect(error instanceof Error && error.message).toBe(
      `imageFromFile: "${logo}" is an SVG image, which the gateway does not take: convert it to PNG, JPEG or WebP first`,
    );
  });

  it("round-trips a saved image into an edit", async () => {
    const png = await pngOf(80, 60, "file input");
    const saved = await saveImage(new GeneratedImage(png), join(dir, "input"));

    const result = await client().images.edit({
      model: "openai/gpt-image-2",
      prompt: "Make it night",
      images: [await imageFromFile(saved)],
    });

    expect(gateway.calls[0]?.body).toMatchObject({
      images: [{ image_url: `data:image/png;base64,${encodeBase64(png)}` }],
    });
    // In the input's 4:3 shape, at the area of GPT Image's 1024x1024 default (80x60 is below its minimum)
    expect([result.images[0]?.width, result.images[0]?.height]).toEqual([1184, 880]);
  });
});
