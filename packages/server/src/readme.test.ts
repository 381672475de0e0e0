// The README's TypeScript blocks, type-checked against the package's real API: each ```ts block
// is compiled as its own module inside this package, where "@pictor/server" resolves to src/.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it, onTestFinished, vi } from "vitest";
import { browserPost, errorOf, mountURL, serverKey } from "./__fixtures__/handler-fixtures";
import {
  createPictorHandler,
  type PictorHandler,
  type PictorHandlerOptions,
  type PictorPolicy,
} from "./index";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "../README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

it("has TypeScript examples for the browser, Next.js, Hono, Node and a policy", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  expect(blocks.some((code) => code.includes("createNextRouteHandlers(handler)"))).toBe(true);
  expect(blocks.some((code) => code.includes("handler(c.req.raw)"))).toBe(true);
  expect(blocks.some((code) => code.includes("toNodeListener(handler)"))).toBe(true);
});

it("type-checks every ```ts block of the README", { timeout: 60_000 }, () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(here, "../tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const files = new Map(
    blocks.map((code, index) => [join(here, `readme-block-${index + 1}.ts`), code]),
  );
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError) => {
    const code = files.get(name);
    return code === undefined
      ? getSourceFile(name, language, onError)
      : ts.createSourceFile(name, code, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);

  const problems = [...files.keys()].flatMap((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((diagnostic) => {
      const where =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : undefined;
      const position = where ? `:${where.line + 1}:${where.character + 1}` : "";
      return `${name.slice(here.length + 1)}${position} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    }),
  );
  expect(problems).toEqual([]);
});

/** The `status code` pairs the README's error table promises (`502 / 504` pairs its codes in order). */
function errorTablePairs(): string[] {
  const section = readme.slice(readme.indexOf("## Errors"));
  const start = section.indexOf("| status");
  const rows = section.slice(start, section.indexOf("\n\n", start)).split("\n").slice(2);
  const codesIn = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
  return rows.flatMap((row) => {
    const [statusCell = "", , codeCell = ""] = row.split("|").slice(1);
    const statuses = statusCell.split("/").map((status) => status.trim());
    const codes = statuses.length > 1 ? codeCell.split("/").map(codesIn) : [codesIn(codeCell)];
    return statuses.flatMap((status, index) =>
      (codes[index] ?? []).map((code) => `${status} ${code}`),
    );
  });
}

it("lists in its error table each status and code the handler answers itself, and no other", async () => {
  // Two of the refusals (a body parser in front, a gateway out of reach) are logged for the server's owner.
  const errorLog = vi.spyOn(console, "error").mockImplementation(() => undefined);
  onTestFinished(() => errorLog.mockRestore());
  const handlerWith = (policy: PictorPolicy, options: Partial<PictorHandlerOptions> = {}) =>
    createPictorHandler({
      apiKey: serverKey,
      baseURL: "https://upstream.test/v1",
      // No gateway: every refusal here is the handler's own.
      fetch: () => Promise.reject(new TypeError("fetch failed")),
      policy,
      ...options,
    });
  const open = handlerWith({});
  const strict = handlerWith({
    allowedOperations: ["generate"],
    allowedModels: ["gemini-3.1-flash-image", "gpt-image-2"],
    allowedQualities: ["low"],
    allowedServiceTiers: ["flex"],
    maxN: 1,
    maxPixels: 1024 * 1024,
    maxBodyBytes: 1024,
  });
  const throwing = () => {
    throw new Error("down");
  };
  const generate = (body: Record<string, unknown> = {}) =>
    browserPost("/images/generations", {
      model: "gemini-3.1-flash-image",
      prompt: "a lighthouse",
      ...body,
    });
  const readByAParser = generate();
  await readByAParser.text();
  // Answers only when the client's timeout aborts it: the test reads no clock.
  const silentGateway: typeof fetch = (_input, init) =>
    new Promise((_resolve, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
    );
  const cases: Record<string, [PictorHandler, Request]> = {
    "invalid JSON": [open, new Request(generate(), { body: "{" })],
    "a body off the schema": [open, generate({ n: "two" })],
    "over maxN": [strict, generate({ n: 2 })],
    "over maxPixels": [strict, generate({ size: "2048x2048" })],
    "authorize said no": [handlerWith({ authorize: () => false }), generate()],
    "authorize threw": [handlerWith({ authorize: throwing }), generate()],
    "an operation not allowed": [strict, new Request(`${mountURL}/models`)],
    "a model not allowed": [strict, generate({ model: "alibaba/qwen-image-3.0" })],
    "a quality not allowed": [
      strict,
      generate({ model: "gpt-image-2", size: "1024x1024", quality: "high" }),
    ],
    "a service tier not allowed": [strict, generate({ service_tier: "priority" })],
    "no route": [open, browserPost("/images/variations", {})],
    "a wrong method": [open, new Request(`${mountURL}/images/generations`)],
    "over maxBodyBytes": [strict, generate({ prompt: "x".repeat(2048) })],
    "not JSON": [
      open,
      new Request(`${mountURL}/images/generations`, { method: "POST", body: "{}" }),
    ],
    "rateLimit said wait": [
      handlerWith({ rateLimit: () => ({ retryAfterSeconds: 30 }) }),
      generate(),
    ],
    "the browser went away": [open, new Request(generate(), { signal: AbortSignal.abort() })],
    "no apiKey": [handlerWith({}, { apiKey: "" }), generate()],
    "an apiKey the client cannot send": [handlerWith({}, { apiKey: "sk-test-\nrest" }), generate()],
    "fetchOptions the client refuses": [
      handlerWith({}, { fetchOptions: { signal: AbortSignal.abort() } as object }),
      generate(),
    ],
    "a body parser in front": [open, readByAParser],
    "the gateway out of reach": [open, generate()],
    "a model list it cannot filter": [
      handlerWith(
        { allowedModels: ["gemini-3.1-flash-image"] },
        {
          fetch: async () =>
            new Response("<html>Service starting</html>", {
              headers: { "content-type": "text/html" },
            }),
        },
      ),
      new Request(`${mountURL}/models`),
    ],
    "the gateway silent past timeout": [
      handlerWith({}, { timeout: 1, fetch: silentGateway }),
      generate(),
    ],
    "rateLimit threw": [handlerWith({ rateLimit: throwing }), generate()],
  };

  const answered = await Promise.all(
    Object.values(cases).map(async ([handler, request]) => {
      const response = await handler(request);
      return `${response.status} ${(await errorOf(response)).code ?? "null"}`;
    }),
  );

  expect([...new Set(answered)].sort()).toEqual([...new Set(errorTablePairs())].sort());
});
