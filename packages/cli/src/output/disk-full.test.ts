import { describe, expect, it } from "vitest";
import { listDir, useTempDir } from "../__fixtures__/files";
import { parseJsonSummary } from "../__fixtures__/json-summary";
import { diskFull, runPictor, stackFrame } from "../__fixtures__/run-pictor";

// The images are made and paid for, then the disk fills up while saving them: what was saved is
// listed with the cost and request id, what was not is said, and the exit code is 1.

describe("a disk that fills up while the paid images are saved", { timeout: 30_000 }, () => {
  it("lists the file saved before it with the cost, says which could not be saved, and exits 1", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "three foxes", "--local", "-n", "3", "-o", dir],
      { nodeArgs: diskFull },
    );

    expect(code).toBe(1);
    expect(await listDir(dir)).toEqual(["three-foxes-1.png"]);
    // The summary says the run came short (no ✔), with the file kept and what was paid.
    expect(stdout).toMatch(/^✘ only 1 of 3 images .*\(2 could not be saved\)$/m);
    expect(stdout).not.toContain("✔");
    expect(stdout).toContain("three-foxes-1.png");
    expect(stdout).toMatch(/cost \$[\d.]+ .* request id \w+/);
    expect(stderr).toMatch(/^pictor: Could not save image 2 of 3 in .*: ENOSPC: no space left/m);
    expect(stderr).not.toContain("--verbose");
    expect(stderr).not.toMatch(stackFrame);
  });

  it("--json prints the summary of the file saved, so a script finds it (exit 1)", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "three foxes", "--local", "-n", "3", "-o", dir, "--json"],
      { nodeArgs: diskFull },
    );

    expect(code).toBe(1);
    const summary = parseJsonSummary(stdout);
    expect(summary.requested).toBe(3);
    expect(summary.files.map((file) => file.path)).toEqual([`${dir}/three-foxes-1.png`]);
    expect(summary.cost?.usd).toBeGreaterThan(0);
    expect(stderr).toContain("Could not save image 2 of 3");
  });
});
