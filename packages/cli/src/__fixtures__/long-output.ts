/**
 * Preloaded into a CLI child process (`nodeArgs: longOutput`): writes 1 MiB to stdout before the
 * bin runs, more than a pipe holds (64 KiB on Linux). With a reader that stops reading
 * (`pictor … | sleep 100`), what the bin writes after it waits in the process.
 */
process.stdout.write(`${"x".repeat(1024 * 1024 - 1)}\n`);
