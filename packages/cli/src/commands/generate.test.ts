import { rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listDir, makeTempDir, readPng, useTempDir } from "../__fixtures__/files";
import { parseJsonSummary } from "../__fixtures__/json-summary";
import {
  ansiEscape,
  type PictorResult,
  runPictor,
  spinnerFrame,
  stackFrame,
} from "../__fixtures__/run-pictor";

// `pictor generate --local`: the built-in gateway, no key, no network.

/** One progress line as printed when stderr is not a terminal: "pictor: <phase> (<elapsed> s)". */
const progressLine = /^pictor: .+ \(\d+\.\d s\)$/;

describe("pictor generate --local", { timeout: 60_000 }, () => {
  let dir = "";
  let run: PictorResult;

  beforeAll(async () => {
    dir = await makeTempDir();
    run = await runPictor(["generate", "A red fox in the snow", "--local", "-o", dir]);
    return () => rm(dir, { recursive: true, force: true });
  });

  it("exits 0 and writes one PNG that decodes to the default model's 1024x1024", async () => {
    expect(run.code, run.stderr).toBe(0);
    const files = await listDir(dir);
    expect(files).toEqual(["a-red-fox-in-the-snow-1.png"]);
    const png = await readPng(join(dir, files[0] ?? ""));
    expect([png.width, png.height]).toEqual([1024, 1024]);
  });

  it("prints a summary on stdout naming the file, the dimensions, the cost and the request id", () => {
    const { stdout } = run;
    expect(stdout).toContain("1 image from gemini-3-pro-image ");
    expect(stdout).toContain(join(dir, "a-red-fox-in-the-snow-1.png"));
    expect(stdout).toMatch(/1024×1024 PNG/);
    expect(stdout).toMatch(/cost \$\d+(\.\d+)? /);
    const requestId = /request id (\S+)/.exec(stdout)?.[1];
    expect(requestId).toBeDefined();
    expect(requestId).not.toBe("none");
  });

  it("writes only plain progress lines to stderr when it is not a terminal", () => {
    const lines = run.stderr.trimEnd().split("\n");
    for (const line of lines) expect(line).toMatch(progressLine);
    expect(run.stderr).toMatch(/^pictor: Waiting for gemini-3-pro-image /m);
    expect(run.stderr).toMatch(/^pictor: Saving 1 image to /m);
    expect(run.stderr).not.toMatch(ansiEscape);
    expect(run.stderr).not.toMatch(spinnerFrame);
    expect(run.stdout).not.toMatch(ansiEscape);
  });
});

describe("pictor generate --local, options", { timeout: 30_000 }, () => {
  it("--json prints exactly one JSON object with the files, cost, request id and model", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "a lighthouse",
      "--local",
      "--json",
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);

    const summary = parseJsonSummary(stdout);
    // The default model, by its current id: `pictor models` labels the -preview id legacy.
    expect(summary.model).toBe("gemini-3-pro-image");
    expect(summary.files).toHaveLength(1);
    const [file] = summary.files;
    expect(file).toMatchObject({ width: 1024, height: 1024, mediaType: "image/png" });
    expect(basename(file?.path ?? "")).toBe("a-lighthouse-1.png");
    const png = await readPng(file?.path ?? "");
    expect([png.width, png.height]).toEqual([file?.width, file?.height]);
    expect(summary.cost).toEqual({ usd: expect.any(Number), source: "gateway" });
    expect(summary.cost?.usd).toBeGreaterThan(0);
    expect(summary.requestId).toEqual(expect.any(String));
    expect(summary.requestIds).toEqual([summary.requestId]);
    // Progress still goes to stderr; stdout carries only the object.
    expect(stderr).toMatch(/Waiting for/);
  });

  it("--aspect 16:9 --image-size 2K on gemini-3-pro-image-preview makes a 2K landscape image", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "a wide valley",
      "--local",
      "--json",
      "-m",
      "gemini-3-pro-image-preview",
      "--aspect",
      "16:9",
      "--image-size",
      "2K",
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);
    const [file] = parseJsonSummary(stdout).files;
    const png = await readPng(file?.path ?? "");
    expect([png.width, png.height]).toEqual([file?.width, file?.height]);
    expect(png.width).toBeGreaterThan(png.height);
    expect(png.width / png.height).toBeCloseTo(16 / 9, 1);
    // 2K: larger than the 1K default on the long edge, at most 2K-ish.
    expect(png.width).toBeGreaterThan(1024);
    expect(png.width).toBeLessThanOrEqual(2816);
  });

  it("--size together with --image-size exits 2 before any request, naming both flags", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "x",
      "--local",
      "--size",
      "1024x1024",
      "--image-size",
      "2K",
      "-o",
      dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--size/);
    expect(stderr).toMatch(/--image-size/);
    expect(stderr).not.toMatch(stackFrame);
    expect(stderr).not.toMatch(/Waiting for/);
    expect(await listDir(dir)).toEqual([]);
  });

  it.each([
    [["-n", "0"], /^ {2}- -n must be /m],
    [["--size", "13x13"], /^ {2}- --size: /m],
    [["-m="], /^ {2}- --model: model is empty/m],
    [["--model="], /^ {2}- --model: model is empty/m],
  ])(
    "%j exits 2 with the refusal and never says it is waiting for a request it does not send",
    async (flags, refusal) => {
      const dir = await useTempDir();
      const { code, stdout, stderr } = await runPictor([
        "generate",
        "x",
        "--local",
        ...flags,
        "-o",
        dir,
      ]);
      expect(code, stderr).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^pictor: Invalid request, nothing was sent:/m);
      expect(stderr).toMatch(refusal);
      expect(stderr).not.toMatch(/Waiting for/);
      expect(await listDir(dir)).toEqual([]);
    },
  );

  it("never overwrites: a second run with the same prompt writes the next number", async () => {
    const dir = await useTempDir();
    const first = await runPictor([
      "generate",
      "same prompt",
      "--local",
      "-o",
      dir,
      "--image-size",
      "1K",
    ]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runPictor([
      "generate",
      "same prompt",
      "--local",
      "-o",
      dir,
      "--image-size",
      "1K",
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["same-prompt-1.png", "same-prompt-2.png"]);
    expect(second.stdout).toContain(join(dir, "same-prompt-2.png"));
  });

  it("names the file after a Sinhala prompt with the joiner that makes its conjunct", async () => {
    const dir = await useTempDir();
    // ශ්‍රී (Sri): without the ZWJ after the virama it reads as another cluster.
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "ශ්\u200dරී ලංකා",
      "--local",
      "-o",
      dir,
      "--image-size",
      "1K",
    ]);
    expect(code, stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["ශ්\u200dරී-ලංකා-1.png"]);
    expect(stdout).toContain(join(dir, "ශ්\u200dරී-ලංකා-1.png"));
  });
});
