import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { listDir, useTempDir } from "../__fixtures__/files";
import { runCli } from "../run-cli";

// The shell expands `-o ~/pics` but not `--out=~/pics` (nor a quoted "~/pics", nor a value from
// an npm script on Windows): pictor got a literal "~" and made a folder named "~" in the
// current one, the folder a later `rm -rf ~` would take for the home folder.

function sink() {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("-o with a leading ~", { timeout: 30_000 }, () => {
  it.each(["--out=~/pics", "~/pics"])("%s writes into the home folder's pics", async (arg) => {
    const home = await useTempDir();
    vi.stubEnv("HOME", home);
    vi.stubEnv("USERPROFILE", home);
    // A failing run makes ./~ here: remove it.
    onTestFinished(() => rm(resolve("~"), { recursive: true, force: true }));
    const out = arg.startsWith("--") ? [arg] : ["-o", arg];
    const code = await runCli(["generate", "a fox", "--local", ...out], {
      stdout: sink(),
      stderr: sink(),
      env: { HOME: home },
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    expect(await listDir(resolve("~"))).toEqual([]);
    expect(await listDir(join(home, "pics"))).toEqual(["a-fox-1.png"]);
  });
});
