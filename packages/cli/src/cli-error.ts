import type { ExitCode } from "./exit-codes.js";

/**
 * A failure the user can act on: printed as `withings: <message>` (and the hint), without a
 * stack trace, and turned into its exit code. Anything else that escapes a command is a bug
 * and is printed in full.
 *
 * @example
 * ```ts
 * throw new CliError(EXIT_CODES.CONFIG, "no client id", "set WITHINGS_CLIENT_ID or pass --client-id");
 * ```
 */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: ExitCode;
  /** What to do about it, printed on its own line. */
  readonly hint: string | undefined;

  constructor(exitCode: ExitCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CliError";
    this.exitCode = exitCode;
    this.hint = hint;
  }
}
