/**
 * Performance of @pictor/client against baselines measured in the same run (see README.md):
 *
 *   pnpm exec tsx bench/client/run.ts            # from the repository root, ~1–2 min
 *   pnpm exec tsx bench/client/run.ts --quick    # fewer runs, ~30 s
 *   pnpm exec tsx bench/client/run.ts --only overhead,image,sse,bundle
 *
 * Pictor is measured as npm users run it: its built `dist/` (built first, through turbo's cache).
 * Its TypeScript sources through tsx cost a few µs more per call (esbuild's `keepNames` wraps
 * every closure a call makes). `global.gc` must exist, so the script runs itself again with
 * `--expose-gc` when Node was not started with it. Prints a table; exits 1 if a target is
 * missed. Not shipped: may use Node built-ins.
 */

import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ready = typeof (globalThis as { gc?: unknown }).gc === "function";

if (!ready) {
  // The client and the mock gateway's server as built (their dependencies included).
  const built = spawnSync(
    "pnpm",
    [
      "exec",
      "turbo",
      "run",
      "build",
      "--filter=@pictor/client...",
      "--filter=@pictor/mock...",
      "--output-logs=errors-only",
    ],
    { stdio: "inherit" },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(
    process.execPath,
    [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  child.on("exit", (code) => process.exit(code ?? 1));
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string", default: "overhead,image,sse,bundle" },
      "image-mib": { type: "string", default: "12" },
      deltas: { type: "string", default: "2000" },
    },
  });
  // Imported only now: the parent process (without --expose-gc) builds what they load first.
  const cases = await import("./cases");
  const only = new Set(values.only.split(","));
  const quick = values.quick;
  const imageMiB = Number(values["image-mib"]);
  const deltas = Number(values.deltas);
  const rows: import("./cases").Row[] = [];
  const log = (message: string) => process.stderr.write(`${message}\n`);

  if (only.has("overhead")) {
    log("overhead: stub fetch …");
    rows.push(await cases.overheadCase({ quick }));
  }
  if (only.has("image") || only.has("sse")) {
    log("starting the HTTP server (child process) …");
    const server = await cases.startServer([
      "--image-mib",
      String(imageMiB),
      "--deltas",
      String(deltas),
    ]);
    try {
      if (only.has("image")) {
        log(`image: ${imageMiB} MiB over HTTP …`);
        rows.push(...(await cases.largeImageCase(server, { quick, imageMiB })));
      }
      if (only.has("sse")) {
        log("sse: stream over HTTP …");
        rows.push(await cases.sseCase(server, { quick, deltas }));
      }
    } finally {
      server.close();
    }
  }
  if (only.has("bundle")) {
    log("bundle: esbuild …");
    rows.push(await cases.bundleCase());
  }

  printTable(rows);
  for (const row of rows) for (const note of row.notes) console.log(note);
  process.exitCode = rows.every(passes) ? 0 : 1;
}

function passes(row: import("./cases").Row): boolean {
  return row.ratio <= row.target;
}

function printTable(rows: readonly import("./cases").Row[]): void {
  const header = ["case", "baseline", "Pictor", "ratio", "target", "result"];
  const body = rows.map((row) => [
    row.case,
    row.baseline,
    row.pictor,
    `${row.ratio.toFixed(2)}×`,
    `≤ ${row.target.toFixed(2)}×`,
    passes(row) ? "pass" : "MISS",
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => (cells[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i >= 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(" | ")} |`;
  console.log(`\n${line(header)}`);
  console.log(
    `| ${widths.map((w, i) => (i >= 3 ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`,
  );
  for (const cells of body) console.log(line(cells));
  console.log();
}
