import type { CliOutput } from "../cli-io.js";
import { redactUrlCredentials } from "./redact-url-credentials.js";

/**
 * Prints non-fatal warnings on stderr, one `withings: warning: …` line each.
 *
 * @example
 * ```ts
 * printWarnings(io.stderr, settings.warnings);
 * ```
 */
export function printWarnings(stderr: CliOutput, warnings: readonly string[]): void {
  for (const warning of warnings) {
    stderr.write(redactUrlCredentials(`withings: warning: ${warning}\n`));
  }
}
