import { EXIT_CODES, type ExitCode } from "../exit-codes.js";

const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  "WITHINGS_NETWORK",
  "WITHINGS_TIMEOUT",
  "WITHINGS_HTTP",
  "WITHINGS_BAD_RESPONSE",
]);

/**
 * The exit code of an error known only by its stable code, as a sync report carries it
 * (`WITHINGS_*` from the client, `STORE_*`/`TOKENS_*` from the stores, `SYNC_BUSY` when
 * another run holds the user, `SYNC_FAILED`).
 *
 * @example
 * ```ts
 * exitCodeFor("WITHINGS_TIMEOUT"); // EXIT_CODES.UNREACHABLE
 * exitCodeFor("WITHINGS_AUTH", true); // EXIT_CODES.AUTH
 * ```
 */
export function exitCodeFor(code: string, needsReauthorization = false): ExitCode {
  if (needsReauthorization || code === "WITHINGS_AUTH" || code === "WITHINGS_OAUTH_STATE") {
    return EXIT_CODES.AUTH;
  }
  if (UNREACHABLE_CODES.has(code)) return EXIT_CODES.UNREACHABLE;
  // Another run holds the user in this database: it is busy, like a locked file.
  if (code.startsWith("STORE_") || code.startsWith("TOKENS_") || code === "SYNC_BUSY") {
    return EXIT_CODES.DATABASE;
  }
  if (code.startsWith("WITHINGS_")) return EXIT_CODES.API;
  return EXIT_CODES.INTERNAL;
}
