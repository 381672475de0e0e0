import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer, type Server } from "node:net";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { listen } from "../node/listen";
import { type PictorMockIO, runPictorMock, USAGE } from "./run-pictor-mock";

interface Captured {
  io: PictorMockIO;
  stdout: string[];
  stderr: string[];
  stop: AbortController;
  /** Resolves with the URL the command printed. */
  listening: Promise<string>;
}

function capture(gateway?: PictorMockIO["gateway"]): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const stop = new AbortController();
  let announce: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const io: PictorMockIO = {
    stdout(text) {
      stdout.push(text);
      const url = /listening on (\S+)/.exec(text)?.[1];
      if (url) announce(url);
    },
    stderr: (text) => stderr.push(text),
    signal: stop.signal,
    ...(gateway ? { gateway } : {}),
  };
  return { io, stdout, stderr, stop, listening };
}

const okGateway = { fetch: async () => Response.json({ object: "list", data: [] }) };

describe("runPictorMock", () => {
  it("prints the help on stdout and exits 0", async () => {
    const { io, stdout, stderr } = capture(okGateway);
    expect(await runPictorMock(["--help"], io)).toBe(0);
    expect(stdout.join("")).toBe(USAGE);
    expect(stderr).toEqual([]);
  });

  it.each([
    [["--nope"]],
    [["extra"]],
    [["--port"]],
    [["--port", "abc"]],
    [["--port", "70000"]],
    [["--port", "-1"]],
    [["--port=-1"]],
    [["--host", ""]],
  ])("exits 2 with the usage on stderr for %j", async (argv) => {
    const { io, stdout, stderr } = capture(okGateway);
    expect(await runPictorMock(argv, io)).toBe(2);
    expect(stdout).toEqual([]);
    const text = stderr.join("");
    expect(text).toMatch(/^pictor-mock: [^\n]+(\n[^\n]+)*\n\nUsage: pictor-mock/);
    expect(text.endsWith(USAGE)).toBe(true);
  });

  it("serves until the signal aborts, then closes, says so on stderr and exits 0", async () => {
    const { io, stdout, stderr, stop, listening } = capture(okGateway);
    const exit = runPictorMock(["--port", "0"], io);
    onTestFinished(() => stop.abort());

    const url = await listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(stdout).toEqual([
      `Pictor mock gateway listening on ${url}\n`,
      `Point a client at it with: LLM_GATEWAY_BASE_URL=${url} LLM_GATEWAY_API_KEY=any\n`,
    ]);
    const response = await fetch(`${url}/models`);
    expect(await response.json()).toEqual({ object: "list", data: [] });

    stop.abort();
    expect(await exit).toBe(0);
    // stdout is for what a script reads (the URL); the stop is a note, as `pictor serve`'s is.
    expect(stdout).toHaveLength(2);
    expect(stderr).toEqual(["Pictor mock gateway stopped.\n"]);
    await expect(fetch(`${url}/models`)).rejects.toThrow();
  });

  it("--provider-image-urls answers an Alibaba chat with a link it serves", async () => {
    const { io, stop, listening } = capture();
    const exit = runPictorMock(["--port", "0", "--provider-image-urls"], io);
    onTestFinished(() => stop.abort());
    const url = await listening;

    const response = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({
        model: "alibaba/qwen-image-3.0",
        messages: [{ role: "user", content: "a kite" }],
        image_config: { image_size: "928x1664" },
      }),
    });
    const completion = (await response.json()) as {
      choices: { message: { images?: { image_url: { url: string } }[] } }[];
    };
    const link = completion.choices[0]?.message.images?.[0]?.image_url.url ?? "";
    expect(link.startsWith(`${new URL(url).origin}/provider-images/`)).toBe(true);
    const download = await fetch(link);
    expect(download.headers.get("content-type")).toBe("image/png");
    await download.arrayBuffer();

    stop.abort();
    expect(await exit).toBe(0);
  });

  it("--host [::1] (an IPv6 address as URLs write it) listens on ::1, as pictor serve does", async () => {
    const { io, stderr, stop, listening } = capture(okGateway);
    const exit = runPictorMock(["--port", "0", "--host", "[::1]"], io);
    onTestFinished(() => stop.abort());

    const url = await Promise.race([
      listening,
      exit.then((code) => Promise.reject(new Error(`exited ${code}: ${stderr.join("")}`))),
    ]);
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+\/v1$/);
    expect((await fetch(`${url}/models`)).status).toBe(200);
    stop.abort();
    expect(await exit).toBe(0);
    expect(stderr).toEqual(["Pictor mock gateway stopped.\n"]);
  });

  it("exits 1 with one clear line when the port is in use", async () => {
    const taken = await listen({ port: 0, gateway: okGateway });
    onTestFinished(() => taken.close());
    const { io, stdout, stderr } = capture(okGateway);

    expect(await runPictorMock(["--port", String(taken.port)], io)).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      `pictor-mock: port ${taken.port} on 127.0.0.1 is already in use: stop what uses it or pick another with --port (0 picks a free one)\n`,
    ]);
  });

  it("exits 1 with one clear line when the host is not a local address", async () => {
    const { io, stdout, stderr } = capture(okGateway);
    // 203.0.113.0/24 is reserved for documentation: never an address of this machine.
    expect(await runPictorMock(["--port", "0", "--host", "203.0.113.7"], io)).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      "pictor-mock: cannot listen on 203.0.113.7: no such local address (try --host 127.0.0.1)\n",
    ]);
  });
});

// The bin as users run it: a real child process, real signals, the real mock gateway.

const require = createRequire(import.meta.url);
/** tsx's loader, resolved like Node would from here (it is a root dev dependency). */
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const binPath = fileURLToPath(new URL("./pictor-mock.ts", import.meta.url));

interface RunningBin {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  waitForStdout(pattern: RegExp): Promise<RegExpExecArray>;
}

function spawnBin(args: string[]): RunningBin {
  // `@pictor/source` makes workspace packages resolve to their TypeScript sources, as in tests.
  const child = spawn(
    process.execPath,
    ["--conditions=@pictor/source", "--import", tsxLoader, binPath, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStdout(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (!match) return;
          child.stdout.off("data", check);
          resolve(match);
        };
        child.stdout.on("data", check);
        check();
        void exited.then(({ code, signal }) =>
          reject(
            new Error(
              `pictor-mock exited (${code ?? signal}) before printing ${pattern}:\n${stdout}${stderr}`,
            ),
          ),
        );
      });
    },
  };
}

/** Resolves with what `promise` gives, or rejects after `ms`: an upper bound, not a wait. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function occupyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

describe("pictor-mock (child process)", { timeout: 30_000 }, () => {
  it("prints the URL, answers requests and exits 0 within 2 s of SIGINT", async () => {
    const bin = spawnBin(["--port", "0"]);
    const [, url] = await bin.waitForStdout(/listening on (http:\/\/\S+)\n.*\n/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(bin.stdout()).toBe(
      `Pictor mock gateway listening on ${url}\n` +
        `Point a client at it with: LLM_GATEWAY_BASE_URL=${url} LLM_GATEWAY_API_KEY=any\n`,
    );

    const response = await fetch(`${url}/models`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: expect.any(Array) });

    // A connection in the middle of a request must not hold the shutdown up.
    const port = Number(new URL(url ?? "").port);
    const socket = connect(port, "127.0.0.1");
    const socketClosed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    bin.child.kill("SIGINT");
    expect(await within(bin.exited, 2_000, "exiting after SIGINT")).toEqual({
      code: 0,
      signal: null,
    });
    await socketClosed;
    expect(bin.stdout()).not.toContain("stopped");
    expect(bin.stderr()).toBe("Pictor mock gateway stopped.\n");
  });

  it("exits 0 on SIGTERM, saying it stopped on stderr", async () => {
    const bin = spawnBin(["--port", "0"]);
    await bin.waitForStdout(/LLM_GATEWAY_API_KEY=any\n/);
    bin.child.kill("SIGTERM");
    expect(await within(bin.exited, 2_000, "exiting after SIGTERM")).toEqual({
      code: 0,
      signal: null,
    });
    expect(bin.stderr()).toBe("Pictor mock gateway stopped.\n");
  });

  it("exits 2 with the usage on stderr for an unknown flag", async () => {
    const bin = spawnBin(["--nope"]);
    expect(await bin.exited).toEqual({ code: 2, signal: null });
    expect(bin.stdout()).toBe("");
    expect(bin.stderr()).toMatch(/^pictor-mock: .*'--nope'.*\n\nUsage: pictor-mock/);
  });

  it("exits 1 with one line on stderr when the port is in use", async () => {
    const blocker = await occupyPort();
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const address = blocker.address();
    if (!address || typeof address === "string") throw new Error("no port");

    const bin = spawnBin(["--port", String(address.port)]);
    expect(await bin.exited).toEqual({ code: 1, signal: null });
    expect(bin.stdout()).toBe("");
    expect(bin.stderr()).toBe(
      `pictor-mock: port ${address.port} on 127.0.0.1 is already in use: stop what uses it or pick another with --port (0 picks a free one)\n`,
    );
  });
});
