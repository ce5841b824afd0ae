import type { SyncReport } from "@withings-kit/sync";
import { CliError } from "../cli-error.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { exitCodeFor } from "./exit-code-for.js";

// When a run fails in several ways, the code says what to fix first: a user to log in
// again before a broken database, before an outage, before API refusals.
const PRIORITY: readonly ExitCode[] = [
  EXIT_CODES.AUTH,
  EXIT_CODES.DATABASE,
  EXIT_CODES.UNREACHABLE,
  EXIT_CODES.API,
  EXIT_CODES.INTERNAL,
];

/**
 * What went wrong in a sync report, if anything: one line per failed user or dataset, and
 * the error to exit with (its code chosen by {@link exitCodeFor}, the most actionable first).
 *
 * @example
 * ```ts
 * const failure = syncFailure(report);
 * if (failure) { for (const l of failure.lines) io.stderr.write(`${l}\n`); throw failure.error; }
 * ```
 */
export function syncFailure(
  report: SyncReport,
): { readonly lines: readonly string[]; readonly error: CliError } | undefined {
  if (report.ok) return undefined;
  const lines: string[] = [];
  const codes = new Set<ExitCode>();
  const reauth: string[] = [];
  for (const user of report.users) {
    for (const d of user.datasets) {
      if (d.error === undefined) continue;
      lines.push(`user ${user.userId} ${d.dataset}: ${d.error.message} [${d.error.code}]`);
      codes.add(exitCodeFor(d.error.code, d.error.needsReauthorization === true));
    }
    if (user.error !== undefined) {
      if (!user.datasets.some((d) => d.error !== undefined)) {
        lines.push(`user ${user.userId}: ${user.error.message} [${user.error.code}]`);
      }
      codes.add(exitCodeFor(user.error.code, user.needsReauthorization));
    }
    if (user.needsReauthorization) reauth.push(user.userId);
  }
  const exitCode = PRIORITY.find((code) => codes.has(code)) ?? EXIT_CODES.INTERNAL;
  const count = report.totals.errors;
  const hint =
    reauth.length > 0
      ? `log in again for ${reauth.join(", ")}: withings login`
      : "what was fetched is stored; run withings sync again to fetch the rest";
  return {
    lines,
    error: new CliError(
      exitCode,
      `sync finished with ${count} ${count === 1 ? "error" : "errors"}`,
      hint,
    ),
  };
}
