import { redact } from "@withings-kit/client/internal";
import type { CliOutput } from "../cli-io.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { redactUrlCredentials } from "../output/redact-url-credentials.js";
import { toCliError } from "./to-cli-error.js";

/**
 * Prints a failure on stderr and returns its exit code. A failure the user can act on is one
 * line (and a hint), with no stack trace; anything else is a bug and is printed in full so
 * it can be reported. Both pass through `redact` with the run's known secrets first, so no
 * token, code or client secret reaches the terminal, and lose any URL's password.
 *
 * @example
 * ```ts
 * process.exitCode = reportError(error, io.stderr, { secrets: [settings.clientSecret] });
 * ```
 */
export function reportError(
  error: unknown,
  stderr: CliOutput,
  context: {
    readonly secrets?: Iterable<string | undefined>;
    readonly apiUrl?: string;
    readonly signal?: AbortSignal;
  } = {},
): ExitCode {
  const secrets = [...(context.secrets ?? [])];
  const known = toCliError(error, {
    ...(context.apiUrl === undefined ? {} : { apiUrl: context.apiUrl }),
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  if (known !== undefined) {
    let text = `withings: ${known.message}\n`;
    if (known.hint !== undefined) text += `  ${known.hint}\n`;
    stderr.write(redactUrlCredentials(redact(text, secrets)));
    return known.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(
    redactUrlCredentials(
      redact(`withings: unexpected error (please report it)\n${detail}\n`, secrets),
    ),
  );
  return EXIT_CODES.INTERNAL;
}
