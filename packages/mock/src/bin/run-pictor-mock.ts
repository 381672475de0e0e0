import { parseArgs } from "node:util";
import { createMockGateway } from "../index";
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type FetchHandler,
  listen,
  type MockServer,
} from "../node/listen";

/** Where `runPictorMock` writes and when it stops: the process in the bin, fakes in tests. */
export interface PictorMockIO {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Aborted when the server must stop (SIGINT/SIGTERM in the bin). */
  signal: AbortSignal;
  /** Handler to serve instead of a new mock gateway (tests). */
  gateway?: FetchHandler;
}

/** The `--help` text. */
export const USAGE = `Usage: pictor-mock [--port N] [--host H] [--provider-image-urls] [--help]

Serves a local fake of LLM Gateway (OpenAI-compatible image generation) over HTTP.

Options:
  --port N   port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --host H   interface to bind (default ${DEFAULT_HOST}; 0.0.0.0 exposes it to the network)
  --provider-image-urls
             chat images of Z.AI, Alibaba, ByteDance and xAI models come as links to
             download (served here), as the gateway may send them, not data URLs
  --help     print this help and exit

Stops cleanly on Ctrl+C (SIGINT) or SIGTERM, saying so on stderr.
`;

/**
 * The `pictor-mock` command: parses `argv` (without node and the script), serves until
 * `io.signal` aborts, and resolves with the exit code (0 ok, 1 cannot listen, 2 bad usage).
 */
export async function runPictorMock(argv: readonly string[], io: PictorMockIO): Promise<number> {
  let values: { port?: string; host?: string; "provider-image-urls"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "provider-image-urls": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }

  const port = values.port === undefined ? DEFAULT_PORT : parsePort(values.port);
  if (port === undefined) {
    return usageError(io, `--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host === "") return usageError(io, "--host must not be empty");

  let server: MockServer;
  try {
    // Nothing can read `calls` from outside the process: keeping them (bodies with their input
    // images) would only grow the memory of a long-running mock.
    server = await listen({
      port,
      host,
      gateway:
        io.gateway ??
        createMockGateway({
          maxCalls: 0,
          providerImageUrls: values["provider-image-urls"] ?? false,
        }),
    });
  } catch (error) {
    io.stderr(`pictor-mock: ${startErrorMessage(error, host, port)}\n`);
    return 1;
  }

  io.stdout(`Pictor mock gateway listening on ${server.url}\n`);
  io.stdout(
    `Point a client at it with: LLM_GATEWAY_BASE_URL=${server.url} LLM_GATEWAY_API_KEY=any\n`,
  );
  await aborted(io.signal);
  await server.close();
  // On stderr, as `pictor serve` says it stopped: stdout is for what a script reads (the URL).
  io.stderr("Pictor mock gateway stopped.\n");
  return 0;
}

function usageError(io: PictorMockIO, message: string): number {
  io.stderr(`pictor-mock: ${message}\n\n${USAGE}`);
  return 2;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65_535 ? port : undefined;
}

function startErrorMessage(error: unknown, host: string, port: number): string {
  const fields = typeof error === "object" && error !== null ? error : {};
  const code = "code" in fields ? fields.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "EADDRINUSE":
      return `port ${port} on ${host} is already in use: stop what uses it or pick another with --port (0 picks a free one)`;
    case "EACCES":
      return `not allowed to listen on ${host}:${port} (ports below 1024 need privileges): pick another with --port`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot listen on ${host}: no such local address (try --host 127.0.0.1)`;
  }
  // Socket errors carry the system call; anything else failed before listening (e.g. loading).
  return "syscall" in fields
    ? `cannot listen on ${host}:${port}: ${message}`
    : `failed to start: ${message}`;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
