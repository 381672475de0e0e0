import { describe, expect, it, vi } from "vitest";
import { captureStream } from "../__fixtures__/capture-stream";
import { listDir, useTempDir } from "../__fixtures__/files";
import { parseJsonSummary } from "../__fixtures__/json-summary";
import { runCli } from "../run-cli";

// Ctrl-C that lands while the images are being saved: the gateway has answered, the images are
// paid for. Made deterministic by interrupting right after the first file is linked into place.

const hooks = vi.hoisted(() => ({ afterLink: undefined as (() => void) | undefined }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    link: async (...args: Parameters<typeof actual.link>) => {
      await actual.link(...args);
      hooks.afterLink?.();
    },
  };
});

describe("Ctrl-C while the paid images are being saved", () => {
  it("keeps every image paid for and lists them, rather than saying no file was written", async () => {
    const dir = await useTempDir();
    const controller = new AbortController();
    hooks.afterLink = () => controller.abort();
    const stdout = captureStream();
    const stderr = captureStream();
    let code: number | undefined;
    try {
      code = await runCli(["generate", "three foxes", "--local", "-n", "3", "-o", dir, "--json"], {
        stdout: stdout.stream,
        stderr: stderr.stream,
        env: {},
        signal: controller.signal,
      });
    } finally {
      hooks.afterLink = undefined;
    }
    const files = await listDir(dir);
    // Never a claim that contradicts the folder.
    if (files.length > 0) expect(stderr.text()).not.toContain("no file was written");
    // The three images were made and paid for before the interrupt: all are kept and reported.
    expect(files).toEqual(["three-foxes-1.png", "three-foxes-2.png", "three-foxes-3.png"]);
    const summary = parseJsonSummary(stdout.text());
    expect(summary.files).toHaveLength(3);
    // Exit code 130, and the summary says so: the Ctrl-C came before the run was done.
    expect(code).toBe(130);
    expect(summary).toMatchObject({ requested: 3, failedCalls: 0, interrupted: true });
  });
});
