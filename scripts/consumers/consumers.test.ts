// Consumer tests: what users get from npm, tested as users use it. Every public package is packed
// (`pnpm pack`, which rewrites `workspace:*` to versions), then one temporary project outside the
// repository installs the tarballs with npm (third-party dependencies from the registry, through
// npm's cache) and the fixture apps in ./fixtures run against that install: an ESM app, a
// CommonJS app, TypeScript under "bundler" and "node16" (and every README's and guide's
// TypeScript block against the published declarations), a browser bundle and a Web-globals-only
// runtime (the client, the server's handler, the AI SDK provider, React's observer), the same apps
// in Deno, Bun and Cloudflare's workerd (installed from npm), and React 18.3 in a project of its
// own (the low end of @pictor/react's peer range). Nothing resolves to the workspace. Needs built
// packages (`pnpm build`).
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureViteApp } from "../../bench/client/bundle.ts";
import {
  documentationFiles,
  extractBlocks,
  prepareWorkDir,
  typeCheckBlocks,
} from "../docs/code-blocks.ts";
import { type PackedPackage, packPackages } from "../release/tarball.ts";
import { publicPackages, readManifest, repoRoot } from "../release/workspace.ts";

const execFileAsync = promisify(execFile);
const fixtures = join(repoRoot, "scripts/consumers/fixtures");
const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");

/**
 * The environment of a user's shell: without the npm_* variables `pnpm run` sets (they would
 * make npm read this workspace's settings) and without a key that could reach a real gateway.
 */
const userEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !/^npm_/i.test(name) && name !== "LLM_GATEWAY_API_KEY" && name !== "LLM_GATEWAY_BASE_URL",
  ),
);

interface Ran {
  stdout: string;
  stderr: string;
}

async function exec(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd,
      env: userEnv,
      timeout: 120_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { stdout, stderr };
  } catch (error) {
    const output =
      typeof error === "object" && error !== null && "stdout" in error && "stderr" in error
        ? `${String(error.stdout)}\n${String(error.stderr)}`
        : String(error);
    throw new Error(`${basename(command)} ${args.join(" ")} (in ${cwd}) failed:\n${output.trim()}`);
  }
}

/** Writes `manifest` as `dir`'s package.json and installs it with npm, as a user would. */
async function npmInstall(dir: string, manifest: object): Promise<void> {
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await exec(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      "--no-package-lock",
    ],
    dir,
  );
}

/** Runs a fixture script with this Node (Node 22 in CI's Node 22 step) and parses its JSON line. */
async function runJson(
  script: string,
  args: readonly string[] = [],
): Promise<Record<string, unknown>> {
  const path = join(project, script);
  const { stdout } = await exec(process.execPath, [path, ...args], join(path, ".."));
  const line = stdout.trim().split("\n").at(-1) ?? "";
  const value: unknown = JSON.parse(line);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${script} printed ${line}`);
  return Object.fromEntries(Object.entries(value));
}

function versionIn(relativeDir: string, name: string): string {
  const manifest = readManifest(join(repoRoot, relativeDir));
  const version =
    manifest.dependencies?.[name] ??
    manifest.devDependencies?.[name] ??
    manifest.peerDependencies?.[name];
  if (!version) throw new Error(`${relativeDir}/package.json does not depend on ${name}`);
  return version;
}

/** The PNG signature, then the IHDR chunk's length (13) and type. */
const pngHead = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
];
/** A 1024×1024 PNG's first 24 bytes: its head, then the width and height of its IHDR chunk. */
const png1024 = [...pngHead, 0, 0, 4, 0, 0, 0, 4, 0];

/** What web-globals/client-app.mjs finds, wherever it runs. */
const clientAppFacts = {
  mediaType: "image/png",
  width: 1024,
  height: 1024,
  head: png1024,
  dataURL: "data:image/png;base64,",
  blobType: "image/png",
  costSource: "gateway",
  // An empty prompt is refused before sending, with the typed error.
  refused: "RequestValidationError",
};

/** What web-globals/edge-app.mjs finds, wherever it runs. */
const edgeAppFacts = {
  route: {
    generated: { status: 200, head: png1024 },
    // Forwarded as Server-Sent Events, whole: the image chunk and the final [DONE].
    chat: { status: 200, contentType: "text/event-stream", image: true, done: true },
    // The gateway's error passed on with the key it quoted taken out.
    error: { status: 401, message: "Invalid API key: [redacted]", keyShown: false },
  },
  aiSdk: {
    image: { mediaType: "image/png", head: png1024 },
    stream: {
      text: expect.stringContaining("A fox in the snow"),
      files: ["image/png"],
      head: png1024,
      finishReason: "stop",
      errors: [],
    },
  },
  reactObserver: { status: "success", images: [["image/png", 1024, 1024]] },
};

/**
 * The edge runtimes the packages are run in, at pinned versions: each installs from npm with its
 * binary, so CI needs nothing else.
 */
const edgeRuntimes = { deno: "2.9.6", bun: "1.4.4", workerd: "1.20261117.1" };

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Import and require specifiers in bundled code that name a Node built-in. */
function builtinReferences(code: string): string[] {
  const specifiers = code.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"']+)["']/g,
  );
  return [...specifiers]
    .map((match) => match[1] ?? "")
    .filter((specifier) => specifier.startsWith("node:") || nodeBuiltins.has(specifier));
}

let project = "";
let packed: PackedPackage[] = [];

beforeAll(async () => {
  const packages = publicPackages();
  const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.dir, "dist")));
  if (unbuilt.length > 0)
    throw new Error(
      `not built: ${unbuilt.map((pkg) => pkg.relativeDir).join(", ")}. Run \`pnpm build\` first.`,
    );
  // In the system temp folder: no node_modules of the workspace above it to fall back on.
  project = mkdtempSync(join(tmpdir(), "pictor-consumers-"));
  packed = await packPackages(packages, join(project, "tarballs"));
  const tarballs = Object.fromEntries(
    packed.map((pkg) => [pkg.name, `file:./tarballs/${basename(pkg.tarball)}`]),
  );
  const manifest = {
    name: "pictor-consumers",
    private: true,
    dependencies: {
      ...tarballs,
      // What an app brings itself, at the versions the workspace tests with.
      react: versionIn("packages/react", "react"),
      msw: versionIn("packages/mock", "msw"),
      // Not @ai-sdk/provider or provider-utils: `npm i @pictor/ai-sdk ai` installs the peers
      // itself, and they must resolve to the one copy `ai` brings (checked below).
      ai: versionIn("packages/ai-sdk", "ai"),
      "@types/react": versionIn("packages/react", "@types/react"),
      "@types/node": versionIn(".", "@types/node"),
      // @ai-sdk/provider's declarations import "json-schema" types without depending on them:
      // an app that type-checks libraries (skipLibCheck: false) has to add them.
      "@types/json-schema": "7.0.15",
    },
    // Sibling dependencies (`"@pictor/contract": "0.1.0"`) must come from these tarballs, never
    // from the registry, whatever the version: `$name` points them at the dependency above.
    overrides: Object.fromEntries(packed.map((pkg) => [pkg.name, `$${pkg.name}`])),
  };
  await npmInstall(project, manifest);
  cpSync(fixtures, project, { recursive: true });
}, 240_000);

// Removing the project's node_modules took over vitest's 10 s default on a loaded machine.
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
}, 120_000);

it(`installs every public package from its tarball, not from the workspace or the registry (Node ${process.versions.node})`, () => {
  expect(packed.map((pkg) => pkg.name)).toHaveLength(7);
  for (const pkg of packed) {
    const installed = join(project, "node_modules", pkg.name);
    // npm extracts a file: tarball into a real folder; a workspace link would be a symlink.
    expect(lstatSync(installed).isSymbolicLink(), pkg.name).toBe(false);
    expect(readManifest(installed).version).toBe(pkg.version);
    expect(existsSync(join(installed, "src")), `${pkg.name} has no src/`).toBe(false);
    // No nested second copy of a sibling from elsewhere.
    for (const sibling of packed)
      expect(
        existsSync(join(installed, "node_modules", sibling.name)),
        `${pkg.name} → ${sibling.name}`,
      ).toBe(false);
  }
});

it("resolves @pictor/ai-sdk's peers to the one copy of @ai-sdk/provider(-utils) that ai brings", () => {
  for (const name of ["@ai-sdk/provider", "@ai-sdk/provider-utils"]) {
    const hoisted = readManifest(join(project, "node_modules", name)).version;
    expect(hoisted, name).toBe(versionIn("packages/ai-sdk", name));
    for (const owner of ["ai", "@pictor/ai-sdk", "@ai-sdk/provider-utils", "@ai-sdk/gateway"])
      expect(
        existsSync(join(project, "node_modules", owner, "node_modules", name)),
        `a second ${name} under ${owner}`,
      ).toBe(false);
  }
});

// Child processes do the work, so the cases run side by side; tsc over React, AI SDK and Node types
// takes several seconds on two busy cores.
describe.concurrent("from the installed tarballs", { timeout: 120_000 }, () => {
  it("(a) an ESM app generates PNGs with the client, the server route and the AI SDK provider", async () => {
    const facts = await runJson("esm/generate.mjs");
    expect(facts).toEqual({
      png: {
        signature: true,
        firstChunk: "IHDR",
        width: 1024,
        height: 1024,
        bytes: expect.any(Number),
      },
      mediaType: "image/png",
      width: 1024,
      height: 1024,
      costSource: "gateway",
      maxN: 10,
      // The mock's Retry-After: 3, read by the typed error (maxRetries: 0, so no retry).
      rateLimitedRetryAfterMs: 3000,
      refused: { status: 400, code: "max_n_exceeded" },
      aiSdkPng: {
        signature: true,
        firstChunk: "IHDR",
        width: 1024,
        height: 1024,
        bytes: expect.any(Number),
      },
      firstUse: { chatImages: ["image/png"], imageModels: true, edited: 1 },
      // The route refused n: 2 itself: nothing reached the gateway for it.
      gatewayCalls: [
        "generateImages",
        "generateImages",
        "createChatCompletion",
        "listModels",
        "editImages",
        "generateImages",
      ],
    });
  });

  it("(a) the CLI's bin generates a PNG file offline with --local", async () => {
    const bin = join(project, "node_modules/.bin/pictor");
    const { stdout } = await exec(
      bin,
      ["generate", "A cat in a top hat", "--local", "-o", "out", "--json"],
      project,
    );
    const result: unknown = JSON.parse(stdout);
    expect(result).toMatchObject({
      model: "gemini-3-pro-image",
      files: [
        { path: "out/a-cat-in-a-top-hat-1.png", width: 1024, height: 1024, mediaType: "image/png" },
      ],
    });
    const file = readFileSync(join(project, "out/a-cat-in-a-top-hat-1.png"));
    expect([...file.subarray(0, 16)]).toEqual(pngHead);
    // The version the installed package.json says, read by the bundled bin from dist/.
    const version = packed.find((pkg) => pkg.name === "@pictor/cli")?.version;
    expect((await exec(bin, ["--version"], project)).stdout).toBe(`${version}\n`);
  });

  it("(b) a CommonJS app generates PNGs through require(), loading the CommonJS builds", async () => {
    const facts = await runJson("cjs/generate.cjs");
    expect(facts).toEqual({
      resolved: [
        "@pictor/client/dist/index.cjs",
        "@pictor/mock/dist/node/index.cjs",
        "@pictor/contract/dist/index.cjs",
      ],
      // Seedream makes one image per call: the client fanned out to make exactly 2.
      count: 2,
      png: { signature: true, width: 2048, height: 2048 },
      mediaType: "image/png",
      costSource: "gateway",
      isPictorError: true,
      namelessClasses: [],
      seedreamMaxN: 1,
      exportsReact: "function",
      exportsServer: "function",
      // ESM only (ADR 0005), and still reached by require(esm): its exports have `default`.
      exportsAiSdk: "function",
      firstUse: { chatImages: 1, imageModels: true },
      saved: { extension: ".png", sameBytes: true },
      // Two for the fanned-out images, then the chat stream and the model list.
      gatewayCalls: 4,
    });
  });

  /** What tsc prints for the types fixture under `tsconfig` (its errors, or nothing). */
  const typeCheck = (tsconfig: string): Promise<string> =>
    exec(process.execPath, [tsc, "-p", tsconfig, "--pretty", "false"], join(project, "types")).then(
      ({ stdout }) => stdout,
      (error: Error) => error.message,
    );

  // The fixture's `// fails:` lines must be type errors, and nothing else may be one.
  const mustFail = readFileSync(join(fixtures, "types/must-fail.mts"), "utf8")
    .split("\n")
    .flatMap((line, index) => (/^\s*[^\s/].*\/\/ fails: /.test(line) ? [index + 1] : []));

  it.each([
    ["bundler", "tsconfig.bundler.json"],
    ["node16", "tsconfig.node16.json"],
    // `ai`'s own declarations do not compile under exactOptionalPropertyTypes: libraries unchecked.
    ["bundler with exactOptionalPropertyTypes", "tsconfig.exact.json"],
  ])(
    "(c) TypeScript with moduleResolution %s type-checks every package's API and rejects per-model misuse",
    async (_, tsconfig) => {
      const output = await typeCheck(tsconfig);
      const errors = [...output.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+)/gm)];
      expect(
        errors.filter((match) => match[1] !== "must-fail.mts").map((match) => match[0]),
        output,
      ).toEqual([]);
      expect(errors.map((match) => Number(match[2]))).toEqual(mustFail);
      expect(mustFail).toHaveLength(6);
    },
  );

  it("(c) every package's declarations compile under exactOptionalPropertyTypes with skipLibCheck off", async () => {
    const output = await typeCheck("tsconfig.declarations.json");
    expect(output.match(/^\S+\(\d+,\d+\): error TS\d+.*$/gm) ?? [], output).toEqual([]);
  });

  it("(c) a Node-only program's declarations compile without the DOM lib (lib ES2023, types node)", async () => {
    const output = await typeCheck("tsconfig.node-only.json");
    expect(output.match(/^\S+\(\d+,\d+\): error TS\d+.*$/gm) ?? [], output).toEqual([]);
  });

  it("(d) a browser bundle of @pictor/client and @pictor/react contains no Node built-in", async () => {
    const result = await build({
      absWorkingDir: project,
      entryPoints: ["./browser/entry.mjs"],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    // Bundled from the installed tarballs' browser builds.
    expect(inputs).toContain("node_modules/@pictor/client/dist/index.js");
    expect(inputs).toContain("node_modules/@pictor/react/dist/index.js");
    expect(
      inputs.filter((input) => input.includes("@pictor/") && !input.includes("/dist/")),
    ).toEqual([]);
    const externals = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.filter((imported) => imported.external).map((imported) => imported.path),
    );
    expect(externals).toEqual([]);
    const code = result.outputFiles.map((file) => file.text).join("\n");
    expect(code.length).toBeGreaterThan(50_000);
    expect(builtinReferences(code)).toEqual([]);
    // Safari before 16.4 cannot parse a class `static {}` block, and the build is ES2022 as
    // published (an app's bundler lowers it only if told to).
    expect(code.match(/\bstatic\s*\{/g) ?? []).toEqual([]);
  });

  it("(d) the same check fails on code that imports a Node built-in (@pictor/client/node)", async () => {
    writeFileSync(
      join(project, "browser/node-entry.mjs"),
      'export * from "@pictor/client/node";\n',
    );
    const failure = await build({
      absWorkingDir: project,
      entryPoints: ["./browser/node-entry.mjs"],
      bundle: true,
      platform: "browser",
      write: false,
      logLevel: "silent",
    }).then(
      () => "bundled",
      (error: Error) => error.message,
    );
    // tsup writes `fs/promises` and `path` without the `node:` prefix: both spellings count.
    expect(failure).toMatch(/Could not resolve "(node:)?(fs\/promises|path)"/);
    expect(
      builtinReferences('import { readFile } from "node:fs/promises"; require("path");'),
    ).toEqual(["node:fs/promises", "path"]);
  });

  it("(f) a Vite app that generates one image loads at most 26.65 kB gzip at start from the installed packages; chat, edits and the model list come on first use", async () => {
    const app = await measureViteApp({ root: project, sources: false });
    console.log(
      `Vite app from the tarballs: ${app.initialGzipBytes} B gzip at start (target 15,000); on first use: ${app.lazy.map((chunk) => `${chunk.name} ${chunk.gzipBytes} B`).join(", ")}`,
    );
    // What an app that only generates images never downloads, as from the workspace sources
    // (packages/client/src/bundle-size.test.ts): the published builds keep the modules apart.
    expect(app.lazy.map((chunk) => chunk.name)).toEqual(
      expect.arrayContaining(["create-chat-completion", "edit-inputs", "list-models", "chat"]),
    );
    // 23.5 kB at the tenth session's end, 23.8 kB at the twelfth's (the workspace measure plus
    // ~0.7 kB: the published modules' own boundaries), 24.1 kB in the thirteenth (Grok's size and
    // aspect ratio checked together, the key's percent-encoded forms redacted from errors, a
    // copy of an image's bytes on shared memory so that `bytes()` is a `Uint8Array<ArrayBuffer>`),
    // 24.27 kB from the built packages with the key a proxy echoes in a response header redacted
    // from API errors and from the responses `onResponse` and a stream hand out; 24.36 kB with
    // the fourteenth session's other fixes (a run short of n images throws, object URLs as inputs);
    // 24.41 kB in the fifteenth (no key advice on @pictor/server's 401, model "auto" checked as
    // the model it stands for, a Retry-After over a minute not retried); 24.46 kB in the sixteenth
    // (25.01 kB for a while: the chat stream importing the client's default timeout made Rolldown
    // split the errors, the attempt timer and a validator leaf into chunks of their own); 24.50 kB
    // in the seventeenth (a partial result's warning says why its first call failed, the
    // deactivated-model warning names pictor.models.list()); +51 B in the eighteenth for a key in
    // the `x-api-key` or `Authorization` header counted as a key, +47 B for the message of an
    // OpenAI-compatible server's error kept, +32 B for a passed fetch's own timeout told apart
    // (each the workspace measure's growth); 24.66 kB measured with a connection error saying why;
    // 24.70 kB measured with a 200 HTML page that says so; 24.77 kB (24,766 B) with a filtered
    // call's cost carried on its ContentFilterError and counted in a fan-out's result.cost;
    // 24,786 B with a Node framework's error message read before its `error` (the status's name),
    // 24,792 B with that reading in @pictor/contract (`readServerError`); 24,804 B in the
    // nineteenth (a blank key header no key, an image's bytes from another realm read, a foreign
    // realm's TimeoutError told apart, an env variable Deno may not read taken as unset); +60 B
    // in the twentieth (the workspace measure's growth) for an error in a 200 thrown as the API
    // error of its status, +36 B for null read as absent in optional response fields; 25,092 B
    // measured with the session's other client fixes (a worker's key refused, any typed array
    // read as bytes, a pixel rule's refusal naming sizes that fit), 25,105 B with an error in a
    // 200 read by its `details.statusCode`; 25.33 kB budget after the twenty-first; 25,427 B in
    // the twenty-second (a filtered fan-out's summed cost, an abort's partialResult); 25,613 B in
    // the twenty-third (a billed filter's cost kept, a spend-cap 429 not retried, a baseURL
    // without /v1 refused), 25,698 B with a proxy's Basic credentials redacted decoded and a
    // filtered fan-out's request ids kept.
    expect(app.initialGzipBytes).toBeLessThanOrEqual(26_650);
  });

  /** Bundles a web-globals fixture to one script that sets `globalName`, as run-in-vm scripts load it. */
  const bundleForVm = (entry: string, globalName: string, outfile: string) =>
    build({
      absWorkingDir: project,
      entryPoints: [`./web-globals/${entry}`],
      outfile: `web-globals/${outfile}`,
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName,
      logLevel: "silent",
    });

  it("(e) the client generates an image in a node:vm context with only Web globals (no process, no Buffer)", async () => {
    await bundleForVm("entry.mjs", "PictorClient", "client.bundle.js");
    const facts = await runJson("web-globals/run-in-vm.mjs");
    expect(facts).toEqual({
      globals: {
        process: "undefined",
        Buffer: "undefined",
        require: "undefined",
        global: "undefined",
      },
      ...clientAppFacts,
    });
  });

  it("(g) @pictor/react works under React 18.3, the low end of its peer range: a page in StrictMode generates an image and lists the models, and the README's page type-checks against React 18's types", {
    timeout: 300_000,
  }, async () => {
    // A project of its own, outside the first one: nothing may fall back to its React 19.
    const app = mkdtempSync(join(tmpdir(), "pictor-react18-"));
    try {
      cpSync(join(fixtures, "react18"), app, { recursive: true });
      const ours = packed.filter((pkg) =>
        ["@pictor/contract", "@pictor/client", "@pictor/react", "@pictor/mock"].includes(pkg.name),
      );
      const manifest = {
        name: "pictor-react18",
        private: true,
        type: "module",
        dependencies: {
          ...Object.fromEntries(ours.map((pkg) => [pkg.name, `file:${pkg.tarball}`])),
          react: "18.3.1",
          "react-test-renderer": "18.3.1",
          "@types/react": "18.3.32",
        },
        overrides: Object.fromEntries(ours.map((pkg) => [pkg.name, `$${pkg.name}`])),
      };
      await npmInstall(app, manifest);
      const { stdout } = await exec(process.execPath, [join(app, "render.mjs")], app);
      const facts: unknown = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
      expect(facts).toEqual({
        react: "18.3.1",
        text: ["success"],
        image: { status: "success", images: [["image/png", 1024, 1024, true]] },
        models: { status: "success", some: true },
        calls: ["generateImages", "listModels"],
        warnings: [],
      });
      let output = "";
      try {
        await exec(process.execPath, [tsc, "-p", join(app, "tsconfig.json")], app);
      } catch (error) {
        output = String(error);
      }
      expect(output).toBe("");
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it("(e) the server's handler, the AI SDK provider (generateImage, streamText) and React's observer run with only Web globals too", async () => {
    await bundleForVm("edge-entry.mjs", "PictorEdge", "edge.bundle.js");
    const facts = await runJson("web-globals/run-edge-in-vm.mjs");
    expect(facts).toEqual({
      globals: {
        process: "undefined",
        Buffer: "undefined",
        require: "undefined",
        global: "undefined",
        setImmediate: "undefined",
      },
      ...edgeAppFacts,
    });
  });
});

// Deno, Bun and Cloudflare's workerd themselves, not an imitation of their globals: each loads the
// installed packages its own way (Deno and Bun from node_modules; workerd a bundle made the way
// wrangler makes one) and runs the client app and the edge app against the mock gateway.
describe.concurrent("(h) in the edge runtimes themselves", { timeout: 300_000 }, () => {
  let installed: Promise<string> | undefined;
  /** Installs the runtimes once, in a folder of their own; returns it. */
  const installRuntimes = () => {
    installed ??= (async () => {
      const dir = mkdtempSync(join(tmpdir(), "pictor-runtimes-"));
      await npmInstall(dir, { name: "pictor-runtimes", private: true, dependencies: edgeRuntimes });
      return dir;
    })();
    return installed;
  };
  afterAll(async () => {
    if (installed) rmSync(await installed, { recursive: true, force: true });
  }, 120_000);

  for (const runtime of ["deno", "bun", "workerd"] as const)
    it(`(h) ${runtime} ${edgeRuntimes[runtime]}: the client generates an image, the server's handler answers and redacts its key, the AI SDK provider and React's observer run`, async () => {
      const binary = join(await installRuntimes(), "node_modules", ".bin", runtime);
      if (runtime === "workerd")
        await build({
          absWorkingDir: project,
          entryPoints: ["./web-globals/workerd-worker.mjs"],
          outfile: "web-globals/workerd.bundle.js",
          bundle: true,
          // As wrangler bundles a Worker.
          platform: "neutral",
          conditions: ["workerd", "worker", "browser"],
          mainFields: ["browser", "module", "main"],
          format: "esm",
          logLevel: "silent",
        });
      const facts = await runJson("web-globals/run-in-runtime.mjs", [runtime, binary]);
      expect(facts).toEqual({
        userAgent: expect.stringMatching(
          { deno: /^Deno\//, bun: /^Bun\//, workerd: /^Cloudflare-Workers$/ }[runtime],
        ),
        client: clientAppFacts,
        edge: edgeAppFacts,
      });
    });
});

describe("the documentation, from the installed tarballs", () => {
  it("(c) every TypeScript block of the READMEs and the guide type-checks against the installed declarations under exactOptionalPropertyTypes", () => {
    // The docs check (scripts/docs) compiles the blocks against the sources; the published
    // declarations spell some types out differently (a validator's phantom type as an optional
    // property), which a strict app then reads differently. In this process, after the
    // concurrent cases: a synchronous check here would hold up their child processes' timers.
    const workDir = join(project, "docs-check");
    prepareWorkDir(repoRoot, workDir, join(project, "node_modules"));
    const blocks = documentationFiles(repoRoot).flatMap((file) =>
      extractBlocks(readFileSync(join(repoRoot, file), "utf8"), file),
    );
    expect(realpathSync(join(workDir, "node_modules/@pictor/contract"))).toBe(
      realpathSync(join(project, "node_modules/@pictor/contract")),
    );
    const errors = typeCheckBlocks(blocks, workDir, "published").filter(
      (problem) => problem.kind === "error",
    );
    expect(errors.map((problem) => `${problem.where}: ${problem.code} ${problem.message}`)).toEqual(
      [],
    );
  }, 120_000);
});
