/**
 * The exit codes of the `withings` command, one per kind of failure a script may want to
 * handle differently (documented in the package README). Stable: scripts depend on them.
 *
 * - `OK` (0): done.
 * - `INTERNAL` (1): a bug; the full error is printed (secrets redacted).
 * - `USAGE` (2): an unknown command or option, a missing or invalid value.
 * - `CONFIG` (3): missing credentials, or a config file that cannot be read or parsed.
 * - `AUTH` (4): nobody logged in, a user who must log in again (revoked access, dead refresh
 *   token), a refused consent, an OAuth `state` that does not match, a login that timed out.
 * - `UNREACHABLE` (5): the API could not be reached or did not answer like the Withings API
 *   (network error, timeout, HTTP error page, not JSON).
 * - `DATABASE` (6): the database or token file is corrupt, another application's, from a
 *   newer version, locked, read-only, or the disk failed.
 * - `API` (7): the API answered with an error (invalid parameters, server error, rate limit),
 *   or a sync finished with datasets in error for such a reason.
 * - `INTERRUPTED` (130): stopped by Ctrl-C (SIGINT); what was committed stays committed.
 *
 * @example
 * ```ts
 * const code = await runCli(["status"], io);
 * if (code === EXIT_CODES.DATABASE) console.error("the database needs attention");
 * ```
 */
export const EXIT_CODES = Object.freeze({
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  CONFIG: 3,
  AUTH: 4,
  UNREACHABLE: 5,
  DATABASE: 6,
  API: 7,
  INTERRUPTED: 130,
} as const);

/**
 * One of the {@link EXIT_CODES}.
 *
 * @example
 * ```ts
 * const code: ExitCode = EXIT_CODES.USAGE;
 * ```
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
