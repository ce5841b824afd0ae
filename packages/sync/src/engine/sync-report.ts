import type { SyncDataset } from "../sync-dataset.js";

/**
 * An error as a report carries it: a stable code and a message, never a token or secret.
 *
 * @example
 * ```ts
 * const e: SyncErrorInfo = { code: "WITHINGS_AUTH", message: "oauth2.requesttoken: status 503 …", needsReauthorization: true };
 * ```
 */
export interface SyncErrorInfo {
  /** `WITHINGS_*` from the client, `STORE_*` from the store, else `SYNC_FAILED`. */
  readonly code: string;
  readonly message: string;
  /** True when only a new consent can fix it (revoked access, dead refresh token). */
  readonly needsReauthorization?: boolean;
}

/**
 * What a run did to one dataset of one user.
 *
 * @example
 * ```ts
 * const d: DatasetSyncReport = report.users[0].datasets.find((d) => d.dataset === "measures")!;
 * console.log(`${d.added} new, ${d.changed} changed, ${d.deleted} deleted in ${d.requests} requests`);
 * ```
 */
export interface DatasetSyncReport {
  readonly dataset: SyncDataset;
  /** Rows that were not stored before. */
  readonly added: number;
  /** Rows stored before with other values. Identical rows count as neither. */
  readonly changed: number;
  readonly deleted: number;
  /**
   * Requests sent for this dataset: HTTP requests including retries when the engine has a
   * {@link RequestMeter} wired to the client, otherwise API calls (paging probes included).
   */
  readonly requests: number;
  /** True when a deletion reconcile ran for this dataset. */
  readonly reconciled: boolean;
  /** The cursor after the run (epoch seconds), `null` when none was set yet. */
  readonly cursor: number | null;
  readonly error?: SyncErrorInfo;
}

/**
 * What a run did for one user. `error` is set when the user could not be synced at all
 * (revoked access, dead refresh token); the other users are not affected.
 *
 * @example
 * ```ts
 * for (const u of report.users) if (u.needsReauthorization) console.warn(`${u.userId}: log in again`);
 * ```
 */
export interface UserSyncReport {
  readonly userId: string;
  readonly datasets: readonly DatasetSyncReport[];
  readonly added: number;
  readonly changed: number;
  readonly deleted: number;
  readonly requests: number;
  /** The error that stopped this user's sync, if any. */
  readonly error?: SyncErrorInfo;
  readonly needsReauthorization: boolean;
  /** Milliseconds on the engine's clock. */
  readonly durationMs: number;
  /** What the run noticed but did not fail for (a local clock far off the cloud's). */
  readonly warnings: readonly string[];
}

/**
 * The result of `engine.run()`: per user and dataset, and totals. A run reports failures;
 * it does not throw for them.
 *
 * @example
 * ```ts
 * const report = await engine.run();
 * if (!report.ok) process.exitCode = 1;
 * console.log(report.totals.requests, "requests in", report.durationMs, "ms");
 * ```
 */
export interface SyncReport {
  readonly users: readonly UserSyncReport[];
  readonly totals: {
    readonly users: number;
    readonly failedUsers: number;
    readonly added: number;
    readonly changed: number;
    readonly deleted: number;
    readonly requests: number;
    /** Dataset errors plus user errors. */
    readonly errors: number;
  };
  /** True when no user and no dataset failed. */
  readonly ok: boolean;
  /** Epoch milliseconds on the engine's clock. */
  readonly startedAt: number;
  readonly durationMs: number;
}
