import {
  isWithingsError,
  WithingsArgumentError,
  WithingsAuthError,
  WithingsStateError,
} from "@withings-kit/client";
import { isStoreError, type StoreErrorCode } from "@withings-kit/sync";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import { exitCodeFor } from "./exit-code-for.js";

const STORE_HINTS: Partial<Record<StoreErrorCode, string>> = {
  STORE_CORRUPT:
    "it was left untouched: move it away (or pass --db another path), then log in and sync again",
  STORE_FOREIGN_DATABASE: "pass --db a path of its own for Withings Kit",
  STORE_SCHEMA_TOO_NEW: "upgrade @withings-kit/cli to open this database",
  STORE_BUSY: "another withings process (a sync?) holds the database; try again when it ends",
  STORE_READONLY: "check the permissions of the database file and its directory",
  TOKENS_CORRUPT: "move the token file away and log in again",
};

/**
 * Turns what a command threw into a {@link CliError} when it is a failure the user can act
 * on: typed client errors (auth, network, API), store errors, argument errors, and an abort
 * by Ctrl-C. Returns `undefined` for anything else, which is a bug and printed in full.
 *
 * @example
 * ```ts
 * const known = toCliError(error, { apiUrl: client.apiUrl });
 * if (known) stderr.write(`withings: ${known.message}\n`);
 * ```
 */
export function toCliError(
  error: unknown,
  context: { readonly apiUrl?: string; readonly signal?: AbortSignal } = {},
): CliError | undefined {
  if (error instanceof CliError) return error;
  if (context.signal?.aborted || (error instanceof Error && error.name === "AbortError")) {
    return new CliError(EXIT_CODES.INTERRUPTED, "interrupted; everything committed so far is kept");
  }
  if (error instanceof WithingsStateError) {
    return new CliError(
      EXIT_CODES.AUTH,
      `login refused: ${error.message}`,
      "start again with withings login; never reuse a redirect URL",
    );
  }
  if (error instanceof WithingsAuthError) {
    return new CliError(
      EXIT_CODES.AUTH,
      error.message,
      error.needsReauthorization || error.action === "oauth2.requesttoken" || !error.action
        ? "the user must log in again: withings login"
        : undefined,
    );
  }
  if (isWithingsError(error)) {
    const exitCode = exitCodeFor(error.code);
    if (exitCode === EXIT_CODES.UNREACHABLE) {
      const where = context.apiUrl === undefined ? "the Withings API" : context.apiUrl;
      return new CliError(
        exitCode,
        `cannot reach ${where}: ${error.message}`,
        "check the network connection and --cloud / WITHINGS_CLOUD",
      );
    }
    return new CliError(exitCode, error.message);
  }
  if (isStoreError(error)) {
    return new CliError(EXIT_CODES.DATABASE, error.message, STORE_HINTS[error.code]);
  }
  if (error instanceof WithingsArgumentError) {
    return new CliError(EXIT_CODES.USAGE, error.message);
  }
  return undefined;
}
