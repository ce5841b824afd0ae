import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";

/**
 * The mistakes a person makes with `--port` and `--host`, said plainly as usage errors
 * (`dashboard`, `serve`, `worker`); anything else a listener throws is returned as it was,
 * a bug to print in full.
 *
 * @example
 * ```ts
 * await startDashboard(options).catch((error: unknown) => { throw listenError(error, host, port); });
 * ```
 */
export function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE") {
    return new CliError(
      EXIT_CODES.USAGE,
      `port ${port} on ${host} is in use: choose another with --port (0 picks a free one)`,
    );
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new CliError(EXIT_CODES.USAGE, `--host ${host} is not an address of this machine`);
  }
  if (code === "EACCES") {
    return new CliError(
      EXIT_CODES.USAGE,
      `port ${port} needs privileges: choose one above 1023 with --port`,
    );
  }
  return error;
}
