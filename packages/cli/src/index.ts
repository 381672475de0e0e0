/** The `pictor` command line as a function, for embedding and tests. */
export { type CliIO, exitCodes, runCli } from "./run-cli";
