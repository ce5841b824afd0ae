// The public API of @withings-kit/cli. This file only re-exports.

export { CliError } from "./cli-error.js";
export type { CliIo, CliOutput } from "./cli-io.js";
export type { ExitCode } from "./exit-codes.js";
export { EXIT_CODES } from "./exit-codes.js";
export { processIo } from "./process-io.js";
export { runCli } from "./run-cli.js";
