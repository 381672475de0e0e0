import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { captureStream } from "./__fixtures__/capture-stream";
import { runCli } from "./run-cli";

/** What `pictor <argv>` prints on stdout, run in the process with its own streams. */
async function helpOf(argv: string[]): Promise<string> {
  const stdout = captureStream();
  const code = await runCli(argv, {
    stdout: stdout.stream,
    stderr: captureStream().stream,
    env: {},
    signal: new AbortController().signal,
  });
  expect(code).toBe(0);
  return stdout.text();
}

/** The variables a help's "Environment:" section lists, in order (its lines' first words). */
function helpVariables(help: string): string[] {
  const section = help.split(/^Environment:$/m)[1];
  if (section === undefined) return [];
  return [...section.matchAll(/^ {2}([A-Z_]+)\s/gm)].map((match) => match[1] ?? "");
}

/** The variables the README's "## Environment" table lists, in order. */
function readmeVariables(): string[] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## Environment$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1] ?? "");
}

/** The variables the CLI reads (their uppercase names; the proxy ones are read in lowercase too). */
const read = [
  "LLM_GATEWAY_API_KEY",
  "LLM_GATEWAY_BASE_URL",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "CI",
  "TERM",
];

describe("--help's Environment section", () => {
  it.each(["pictor", "pictor generate", "pictor edit"])(
    "%s --help lists every variable the CLI reads, one line each",
    async (command) => {
      const help = await helpOf([...command.split(" ").slice(1), "--help"]);

      expect(helpVariables(help)).toEqual(read);
      expect(help).toMatch(/lowercase/);
    },
  );

  it("lists the variables the README's Environment section lists", async () => {
    const help = helpVariables(await helpOf(["generate", "--help"]));

    expect(readmeVariables()).toEqual(help);
    expect(help).toEqual(read);
  });
});
