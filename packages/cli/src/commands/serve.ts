import { createMockGateway } from "@pictor/mock";
import { listen } from "@pictor/mock/node";
import { Command } from "commander";
import { UsageError } from "../cli-error";
import { integerFlag } from "../integer-flag";
import type { CliIO } from "../run-cli";

/** `pictor serve [--port N] [--host H] [--provider-image-urls]`: the local gateway over HTTP until Ctrl-C or SIGTERM. */
export function serveCommand(io: CliIO): Command {
  return new Command("serve")
    .description(
      "serve the local mock gateway over HTTP (no key, no network) until Ctrl-C or SIGTERM, then says it stopped on stderr",
    )
    .option("--port <n>", "port (0 picks a free one)", integerFlag("--port", "4010"), 4010)
    .option("--host <host>", "interface to listen on (::1 or [::1] for IPv6)", "127.0.0.1")
    .option(
      "--provider-image-urls",
      "send Z.AI, Alibaba, ByteDance and xAI chat images as links served here, as the gateway may",
    )
    .option("--local", "always the local gateway (accepted for symmetry with generate)")
    .action(async (flags: { port: number; host: string; providerImageUrls?: boolean }) => {
      const { port } = flags;
      if (port < 0 || port > 65535)
        throw new UsageError(`--port takes a port number from 0 to 65535, got "${port}"`);
      // An IPv6 address in brackets ([::1], as URLs write it) is listen's to unwrap.
      const { host } = flags;
      // An empty host would listen on every interface, exposed to the network unasked.
      if (host.trim() === "")
        throw new UsageError(
          `--host takes an address of this machine, e.g. 127.0.0.1 (0.0.0.0 for every interface), got "${flags.host}"`,
        );
      let server: Awaited<ReturnType<typeof listen>>;
      try {
        // Nothing can read `calls` from outside the process: keeping them (bodies with their
        // input images) would only grow the memory of a server left running, as pictor-mock does.
        server = await listen({
          port,
          host,
          gateway: createMockGateway({
            maxCalls: 0,
            providerImageUrls: flags.providerImageUrls ?? false,
          }),
        });
      } catch (error) {
        // What the user asked for cannot be served: a usage error (exit 2), as a bad --port is.
        const code = error instanceof Error && "code" in error ? error.code : undefined;
        if (code === "EADDRINUSE")
          throw new UsageError(
            `port ${port} on ${host} is in use; pick another with --port <n> (--port 0 picks a free one)`,
          );
        // A port below 1024 without privileges (or one Windows reserves for itself).
        if (code === "EACCES")
          throw new UsageError(
            `not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges); pick another with --port <n> (--port 0 picks a free one)`,
          );
        if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
          throw new UsageError(
            `--host ${flags.host} is not an address of this machine; use 127.0.0.1 or ::1 (this machine only), 0.0.0.0 or :: (every interface) or one of its own addresses`,
          );
        throw error;
      }
      io.stdout.write(
        `Pictor local gateway listening on ${server.url}\nPoint a client at it: LLM_GATEWAY_BASE_URL=${server.url} LLM_GATEWAY_API_KEY=any\n`,
      );
      await new Promise<void>((resolve) =>
        io.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      await server.close();
      // As pictor-mock says it stopped: a terminal or a process manager's log shows the Ctrl-C or
      // SIGTERM was heard and the port is free. On stderr: stdout is for what a script reads.
      io.stderr.write("Pictor local gateway stopped.\n");
    });
}
