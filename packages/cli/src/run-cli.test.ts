import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { captureStream } from "./__fixtures__/capture-stream";
import { encodeTestPng, listDir, useTempDir } from "./__fixtures__/files";
import { parseJsonError } from "./__fixtures__/json-error";
import { runPictor, stackFrame } from "./__fixtures__/run-pictor";
import { runCli } from "./run-cli";

// How `pictor` answers a wrong command line: exit 2, a message saying what is wrong, a hint.

/** Commander's hint after a parse error (`showHelpAfterError`). */
const usageHint = /run with --help for usage/;

describe("pictor with invalid arguments", { timeout: 30_000 }, () => {
  it("an unknown flag exits 2 naming the flag, with a usage hint", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "a cat",
      "--local",
      "--colour",
      "red",
      "-o",
      dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--colour");
    expect(stderr).not.toMatch(stackFrame);
    expect(await listDir(dir)).toEqual([]);
    expect(stderr).toMatch(usageHint);
  });

  it.each([
    ["a command without that flag", ["models", "--api-key=sk-secret-part-123"], "--api-key="],
    ["before the command", ["--api-key=sk-secret-part-123", "generate", "a cat"], "--api-key="],
    ["misspelt", ["generate", "a cat", "--apikey=sk-secret-part-123"], "--apikey="],
  ])(
    "an unknown --flag=value (%s) exits 2 naming the flag, never showing the value (a key)",
    async (_where, args, flag) => {
      const { code, stdout, stderr } = await runPictor([...args, "--local"]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`unknown option '${flag}`);
      expect(stderr).not.toContain("secret-part-123");
      expect(stderr).toMatch(usageHint);

      // With --json, the error on stdout leaves the value out as stderr does.
      const json = await runPictor([...args, "--local", "--json"]);
      expect(json.code).toBe(2);
      expect(parseJsonError(json.stdout)).toMatchObject({ type: "UsageError" });
      expect(json.stdout).toContain(`unknown option '${flag}…'`);
      expect(`${json.stdout}${json.stderr}`).not.toContain("secret-part-123");
    },
  );

  it("a one-letter flag given with two dashes (--n 2) exits 2 suggesting the flag meant (-n)", async () => {
    const { code, stdout, stderr } = await runPictor(["generate", "--n", "2", "a cat", "--local"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("unknown option '--n'\n(Did you mean -n?)");
    expect(stderr).toMatch(usageHint);

    // With --json, the error on stdout suggests it too; a value attached (--n=2) likewise.
    const json = await runPictor(["generate", "--n=2", "a cat", "--local", "--json"]);
    expect(json.code).toBe(2);
    expect(parseJsonError(json.stdout)).toMatchObject({
      type: "UsageError",
      message: "unknown option '--n=…'\n(Did you mean -n?)",
    });
  });

  it('--seed "" exits 2 rather than sending seed 0', async () => {
    const dir = await useTempDir();
    // An active model that honours --seed: the refusal can only be the empty value's.
    const args = ["generate", "a cat", "--local", "-m", "alibaba/qwen-image-3.0", "-o", dir];
    const { code, stderr } = await runPictor([...args, "--seed", ""]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--seed takes a whole number in plain digits \(e.g. --seed 42\), got ""/,
    );
    expect(await listDir(dir)).toEqual([]);
    // The same run with seed 0 written out is made: the model takes the seed "" was not.
    const zero = await runPictor([...args, "--seed", "0"]);
    expect(zero.code, zero.stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["a-cat-1.png"]);
  });

  it("an unknown command exits 2 with a usage hint", async () => {
    const { code, stdout, stderr } = await runPictor(["paint", "a cat"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("paint");
    expect(stderr).toMatch(usageHint);
  });

  it("-n abc exits 2 saying -n takes a whole number", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "a cat",
      "--local",
      "-n",
      "abc",
      "-o",
      dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/-n takes a whole number in plain digits \(e.g. -n 2\), got "abc"/);
    expect(stderr).not.toMatch(stackFrame);
    expect(await listDir(dir)).toEqual([]);
  });

  it('-m "" exits 2 pointing to `pictor models`, not to the client\'s method', async () => {
    const dir = await useTempDir();
    const { code, stderr } = await runPictor(["generate", "a cat", "--local", "-m", "", "-o", dir]);
    expect(code).toBe(2);
    expect(stderr).toContain("`pictor models` lists them");
    expect(stderr).not.toContain("pictor.models.list()");
    expect(await listDir(dir)).toEqual([]);
  });

  it("a missing prompt exits 2 naming the prompt argument, with a usage hint", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(["generate", "--local", "-o", dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/missing required argument 'prompt'/);
    expect(await listDir(dir)).toEqual([]);
    expect(stderr).toMatch(usageHint);
  });

  it("a prompt of several words left unquoted exits 2 saying to quote it, before any request", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor([
      "generate",
      "a",
      "red",
      "fox",
      "--local",
      "-o",
      dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      'pictor generate takes the prompt as one argument, got 3: put a prompt of several words in quotes, e.g. pictor generate "a red fox"',
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it("--version prints the package's version on stdout and exits 0", async () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const { code, stdout, stderr } = await runPictor([flag]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout).toBe(`${version}\n`);
    }
    expect((await runPictor(["--help"])).stdout).toContain("--version");
  });

  it("--help prints the usage on stdout and exits 0", async () => {
    const { code, stdout, stderr } = await runPictor(["generate", "--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Usage: pictor generate \[options\] <prompt>/);
    for (const flag of [
      "--model",
      "--size",
      "--aspect",
      "--image-size",
      "--json",
      "--local",
      "--api-key",
      "--base-url",
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});

// runCli embedded (as index.ts offers it): everything goes through the streams it is given.

async function runEmbedded(argv: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  // Anything written to the real process streams is a leak past the given io.
  const leakedOut = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const leakedErr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await runCli(argv, {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {},
      signal: new AbortController().signal,
    });
    return {
      code,
      stdout: stdout.text(),
      stderr: stderr.text(),
      leaked: [...leakedOut.mock.calls, ...leakedErr.mock.calls].map((call) => String(call[0])),
    };
  } finally {
    leakedOut.mockRestore();
    leakedErr.mockRestore();
  }
}

describe("runCli embedded with its own streams", () => {
  it("writes a top-level parse error to the given stderr", async () => {
    const { code, stderr, leaked } = await runEmbedded(["--bogus"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--bogus");
    expect(leaked).toEqual([]);
  });

  it("writes a subcommand's parse error to the given stderr, not the process's", async () => {
    const { code, stderr, leaked } = await runEmbedded(["generate", "a cat", "--bogus"]);
    expect(code).toBe(2);
    expect(leaked).toEqual([]);
    expect(stderr).toContain("unknown option '--bogus'");
  });

  it("writes a subcommand's --help to the given stdout, not the process's", async () => {
    const { code, stdout, leaked } = await runEmbedded(["generate", "--help"]);
    expect(code).toBe(0);
    expect(leaked).toEqual([]);
    expect(stdout).toMatch(/^Usage: pictor generate/);
  });
});

describe("a flag whose value is missing never takes the next option (a key) as its value", () => {
  // Commander gives a flag that takes a value the next argument whatever it is: with the value
  // forgotten, `--api-key=…` became the size, the model or the output folder, and was printed.
  it.each([
    ["generate", "-n"],
    ["generate", "--seed"],
    ["generate", "--size"],
    ["generate", "--aspect"],
    ["generate", "-m"],
    ["generate", "-o"],
    ["serve", "--port"],
  ])(
    "pictor %s … %s --api-key=<key> exits 2 naming both flags, not the key",
    async (command, flag) => {
      const dir = await useTempDir();
      const rest = command === "serve" ? [] : ["a cat", "--local", "-o", dir];
      const { code, stdout, stderr } = await runEmbedded([
        command,
        ...rest,
        flag,
        "--api-key=sk-secret-part-123",
      ]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).not.toContain("secret-part-123");
      expect(stderr).toContain(flag);
      expect(stderr).toContain("--api-key");
      expect(await listDir(dir)).toEqual([]);

      const json = await runEmbedded([
        command,
        ...rest,
        "--json",
        flag,
        "--api-key=sk-secret-part-123",
      ]);
      expect(json.code).toBe(2);
      expect(parseJsonError(json.stdout)).toMatchObject({ type: "UsageError" });
      expect(`${json.stdout}${json.stderr}`).not.toContain("secret-part-123");
    },
  );

  it.each([["--out=-drafts"], ["-o-drafts"]])(
    "takes a value attached to its flag (%s) even when it starts with a dash",
    { timeout: 30_000 },
    async (out) => {
      const dir = await useTempDir();
      const { code, stderr } = await runPictor(["generate", "a cat", "--local", out], {
        cwd: dir,
      });
      expect(stderr).not.toContain("has no value");
      expect(code, stderr).toBe(0);
      expect(await listDir(join(dir, "-drafts"))).toEqual(["a-cat-1.png"]);
    },
  );

  it("reads a short flag's =value as --out=value reads it: -o=drafts is the folder drafts", {
    timeout: 30_000,
  }, async () => {
    const dir = await useTempDir();
    const { code, stderr } = await runPictor(
      ["generate", "a cat", "--local", "-o=drafts", "-n=2"],
      { cwd: dir },
    );
    expect(code, stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["drafts"]);
    expect(await listDir(join(dir, "drafts"))).toEqual(["a-cat-1.png", "a-cat-2.png"]);
  });

  it("keeps an = that is the value's own: -o=-drafts is -drafts, -o =drafts is =drafts", {
    timeout: 30_000,
  }, async () => {
    const dir = await useTempDir();
    const attached = await runPictor(["generate", "a cat", "--local", "-o=-a"], { cwd: dir });
    expect(attached.stderr).not.toContain("has no value");
    expect(attached.code, attached.stderr).toBe(0);
    const separate = await runPictor(["generate", "a cat", "--local", "-o", "=b"], { cwd: dir });
    expect(separate.code, separate.stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["-a", "=b"]);
  });

  it("still refuses a separate value that starts with a dash, and says how to give one", async () => {
    const dir = await useTempDir();
    const { code, stdout, stderr } = await runPictor(
      ["generate", "a cat", "--local", "--out", "-drafts", "--out=-kept"],
      { cwd: dir },
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--out has no value: the argument after it, -d…, is an option");
    expect(stderr).toContain(
      "Give --out its value first, or attach one that starts with a dash to it (--out=-<value>).\n",
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it("still takes a negative number as a value", async () => {
    const dir = await useTempDir();
    const { code, stderr } = await runEmbedded([
      "generate",
      "a cat",
      "--local",
      "-m",
      "qwen-image-3.0",
      "--seed",
      "-5",
      "-o",
      dir,
    ]);
    expect(stderr).not.toContain("has no value");
    expect(code).toBe(0);
  });
});

describe("numeric flags take plain digits only", () => {
  const flags = [
    ["generate", "-n"],
    ["generate", "--seed"],
    ["generate", "--timeout"],
    ["generate", "--max-retries"],
    ["edit", "-n"],
    ["serve", "--port"],
  ] as const;
  const notPlain = ["1e3", "0x10", " 5", "5.0", "+5", "0b1", "5 ", "1_000"];

  it.each(
    flags.flatMap(([command, flag]) => notPlain.map((value) => [command, flag, value] as const)),
  )(
    "pictor %s %s %j exits 2 naming the flag, the value and the accepted form",
    async (command, flag, value) => {
      const dir = await useTempDir();
      const rest =
        command === "serve"
          ? []
          : command === "edit"
            ? ["cat.png", "-p", "a hat", "--local", "-o", dir]
            : ["a cat", "--local", "-o", dir];
      const { code, stdout, stderr } = await runEmbedded([command, ...rest, flag, value]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`${flag} takes a whole number in plain digits (e.g. ${flag} `);
      expect(stderr).toContain(`got "${value}"`);
      expect(await listDir(dir)).toEqual([]);
    },
  );

  it.each([
    ["generate", "--seed", "9007199254740993", "too large: whole numbers up to 9007199254740991"],
    ["generate", "-n", "99999999999999999999", "too large: whole numbers up to 9007199254740991"],
    ["serve", "--port", "123456789012345678", "too large: whole numbers up to 9007199254740991"],
    ["generate", "--seed", "-9007199254740993", "too small: whole numbers from -9007199254740991"],
  ])(
    "pictor %s %s %s (plain digits beyond what a number holds exactly) exits 2 saying it is out of range",
    async (command, flag, value, message) => {
      const dir = await useTempDir();
      const rest = command === "serve" ? [] : ["a cat", "--local", "-o", dir];
      const { code, stdout, stderr } = await runEmbedded([command, ...rest, flag, value]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`${flag} "${value}" is ${message}`);
      expect(stderr).not.toContain("plain digits");
      expect(await listDir(dir)).toEqual([]);
    },
  );

  it("still takes plain whole numbers", async () => {
    const dir = await useTempDir();
    const { code, stderr } = await runEmbedded([
      "generate",
      "a cat",
      "--local",
      "-n",
      "2",
      "--timeout",
      "60000",
      "--max-retries",
      "0",
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["a-cat-1.png", "a-cat-2.png"]);
  });
});

describe("--timeout Infinity", { timeout: 30_000 }, () => {
  it("--timeout 0 exits 2 offering Infinity for no timeout, and --timeout Infinity is taken", async () => {
    const dir = await useTempDir();
    const refused = await runEmbedded(["generate", "a cat", "--local", "--timeout", "0"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--timeout must be a positive number of milliseconds");
    expect(refused.stderr).toContain("Infinity for no timeout");

    const { code, stderr } = await runEmbedded([
      "generate",
      "a cat",
      "--local",
      "--timeout",
      "Infinity",
      "-o",
      dir,
    ]);
    expect(code, stderr).toBe(0);
    expect(await listDir(dir)).toEqual(["a-cat-1.png"]);
  });

  it.each(["generate", "edit"])(
    "%s --help says what --timeout defaults to, how to have none, and Node's 300 s without a proxy",
    async (command) => {
      const { code, stdout } = await runEmbedded([command, "--help"]);
      expect(code).toBe(0);
      // Commander wraps the help at 80 columns: any run of spaces may be a line break.
      const help = stdout.replace(/\s+/g, " ");
      expect(help).toContain(
        "--timeout <ms> per-attempt timeout in milliseconds (default 600000: 10 minutes; Infinity for none); without a proxy, Node's fetch still gives a gateway only 300 s to answer",
      );
    },
  );

  it("--help says which failures --max-retries retries, and that a spend cap or a timeout is not one", async () => {
    const { code, stdout } = await runEmbedded(["generate", "--help"]);
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, " ");
    expect(help).toContain(
      "--max-retries <n> retries after a 408, 409, throttle's 429, 5xx or lost connection; never a spend cap, 501, 505 or timeout (default 2)",
    );
  });
});

/**
 * `pictor edit <input> --local` with the input's server at the HTTP layer (it serves
 * https://images.test/cat.png; the local gateway would answer every URL with a 404): the exit
 * code, stderr, the URLs fetched and the files written.
 */
async function editLocally(input: string) {
  const png = encodeTestPng(64, 48);
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (request: RequestInfo | URL) => {
    const url = String(request instanceof Request ? request.url : request);
    asked.push(url);
    return url === "https://images.test/cat.png"
      ? new Response(png.slice(), { headers: { "content-type": "image/png" } })
      : new Response("not found", { status: 404 });
  });
  const dir = await useTempDir();
  try {
    const { code, stderr } = await runEmbedded([
      "edit",
      input,
      "--prompt",
      "watercolor",
      "--local",
      "-o",
      dir,
    ]);
    return { code, stderr, asked, files: await listDir(dir) };
  } finally {
    vi.unstubAllGlobals();
  }
}

describe("pictor edit --local with an https input", () => {
  it("fetches the image from its own server; only the gateway's routes stay in the process", async () => {
    const { code, stderr, asked, files } = await editLocally("https://images.test/cat.png");
    expect(code, stderr).toBe(0);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((url) => url === "https://images.test/cat.png")).toBe(true);
    expect(files).toEqual(["watercolor-1.png"]);
  });
});

describe("pictor edit with an input URL written in capitals", () => {
  it("fetches HTTPS://… (pasted from a document that capitalised it) instead of looking for a file of that name", async () => {
    const { code, stderr, asked, files } = await editLocally("HTTPS://images.test/cat.png");
    expect(code, stderr).toBe(0);
    expect(asked).toContain("https://images.test/cat.png");
    expect(files).toEqual(["watercolor-1.png"]);
  });
});

describe("pictor edit with an https input: what the progress says", () => {
  it("says it checks the URL, then waits for the model; a broken URL is refused with no wait", async () => {
    const png = encodeTestPng(64, 48);
    vi.stubGlobal("fetch", async (input: RequestInfo | URL) =>
      String(input instanceof Request ? input.url : input) === "https://images.test/cat.png"
        ? new Response(png.slice(), { headers: { "content-type": "image/png" } })
        : new Response("not found", { status: 404 }),
    );
    const dir = await useTempDir();
    const edit = (url: string) =>
      runEmbedded(["edit", url, "--prompt", "watercolor", "--local", "-o", dir]);
    try {
      const made = await edit("https://images.test/cat.png");
      expect(made.code, made.stderr).toBe(0);
      expect(made.stderr).toMatch(
        /^pictor: Checking the input image URLs .*\npictor: Waiting for gemini-3-pro-image \(local gateway\)/m,
      );

      const refused = await edit("https://images.test/gone.png");
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^pictor: Checking the input image URLs /m);
      expect(refused.stderr).toMatch(/nothing was sent/);
      expect(refused.stderr).not.toMatch(/Waiting for/);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await listDir(dir)).toEqual(["watercolor-1.png"]);
  });
});

describe("a connection error whose cause quotes the key never shows it", () => {
  /** A fetch that fails as Node's does, with the key quoted in a cause below the fetch's own. */
  function failingFetchQuoting(key: string) {
    return async () => {
      const quote = new Error(`proxy refused the request of key ${key}`);
      throw new TypeError("fetch failed", { cause: new Error("tunnel failed", { cause: quote }) });
    };
  }

  // The client drops a cause that quotes a key of 8 characters or more; a shorter one is no
  // credential to it, so that cause reaches the CLI, which says it with the key left out.
  it.each([
    ["--api-key", "sk-7key", {}],
    ["--api-key", "sk-a-longer-secret-part-123", {}],
    ["LLM_GATEWAY_API_KEY", "sk-7key", { LLM_GATEWAY_API_KEY: "sk-7key" }],
  ])("a key from %s (%s)", async (from, key, env) => {
    vi.stubGlobal("fetch", failingFetchQuoting(key));
    const stdout = captureStream();
    const stderr = captureStream();
    try {
      const code = await runCli(
        [
          "generate",
          "a cat",
          ...(from === "--api-key" ? ["--api-key", key] : []),
          "--base-url",
          "https://gateway.test/v1",
          "--max-retries",
          "0",
          "-o",
          await useTempDir(),
        ],
        { stdout: stdout.stream, stderr: stderr.stream, env, signal: new AbortController().signal },
      );
      expect(code).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(stderr.text()).toContain("Connection error");
    if (key.length < 8)
      expect(stderr.text()).toContain("proxy refused the request of key [redacted]");
    expect(stderr.text()).not.toContain(key);
    expect(stdout.text()).not.toContain(key);
  });
});

describe("--json on a cancelled run", () => {
  it("prints the APIUserAbortError on stdout and exits 130", async () => {
    const dir = await useTempDir();
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runCli(["generate", "a cat", "--local", "--json", "-o", dir], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {},
      signal: AbortSignal.abort(),
    });
    expect(code).toBe(130);
    expect(parseJsonError(stdout.text())).toMatchObject({
      type: "APIUserAbortError",
      message: "cancelled; no file was written.",
    });
    expect(stderr.text()).toContain("pictor: cancelled; no file was written.");
    expect(await listDir(dir)).toEqual([]);
  });
});

describe("a short key is left out of what --json and stderr say, not out of their words", () => {
  // A key of one letter (or `local`, `test`) is a real setting against a local gateway; cut out
  // of every word, it made `"type":"APIConn[redacted]ctionError"`, which no script matches.
  it.each([
    ["--api-key", { LLM_GATEWAY_API_KEY: undefined }],
    ["LLM_GATEWAY_API_KEY", { LLM_GATEWAY_API_KEY: "e" }],
  ])("a key from %s", async (from, env) => {
    vi.stubGlobal("fetch", async () => {
      const quote = new Error("proxy refused the request of key e");
      throw new TypeError("fetch failed", { cause: new Error("tunnel failed", { cause: quote }) });
    });
    const stdout = captureStream();
    const stderr = captureStream();
    try {
      const code = await runCli(
        [
          "generate",
          "a cat",
          ...(from === "--api-key" ? ["--api-key", "e"] : []),
          "--json",
          "--base-url",
          "https://gateway.test/v1",
          "--max-retries",
          "0",
          "-o",
          await useTempDir(),
        ],
        { stdout: stdout.stream, stderr: stderr.stream, env, signal: new AbortController().signal },
      );
      expect(code).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(parseJsonError(stdout.text())).toMatchObject({
      type: "APIConnectionError",
      message: expect.stringMatching(/^Connection error: fetch failed/),
    });
    expect(stderr.text()).toContain("pictor: Connection error: fetch failed");
    expect(stderr.text()).toContain("(proxy refused the request of key [redacted])");
  });

  it("a usage error's type and message keep their letters", async () => {
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runCli(["models", "--json", "--bogus"], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: { LLM_GATEWAY_API_KEY: "o" },
      signal: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(parseJsonError(stdout.text())).toMatchObject({
      type: "UsageError",
      message: "unknown option '--bogus'",
    });
  });
});
