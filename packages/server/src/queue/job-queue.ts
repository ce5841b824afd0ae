import type { SyncDataset } from "@withings-kit/sync";

/**
 * How urgent a job is: a notification's goes before the scheduled catch-up's, so that
 * notification-driven work is never starved by the hourly sync of everyone.
 *
 * @example
 * ```ts
 * const p: JobPriority = "notification";
 * ```
 */
export type JobPriority = "notification" | "catch-up";

/**
 * A claimed job: sync one user's datasets (`"all"`: every dataset). Jobs of one user are
 * one job: what later notifications ask is merged into it.
 *
 * @example
 * ```ts
 * const job: SyncJob = { userId: "42", datasets: ["measures"], priority: "notification", attempts: 0, version: 3, hint: null, reconcileDays: null, holder: "h" };
 * ```
 */
export interface SyncJob {
  readonly userId: string;
  readonly datasets: readonly SyncDataset[] | "all";
  readonly priority: JobPriority;
  /** Failed runs so far. */
  readonly attempts: number;
  /** The job's version when claimed: completing it only deletes that version. */
  readonly version: number;
  /**
   * Where a deletion, which no incremental read sees, may lie: the earliest instant the
   * job's notifications named (epoch seconds), the datasets they named, and how many
   * notifications were merged; `null` when none named an instant.
   */
  readonly hint: {
    readonly from: number;
    readonly datasets: readonly SyncDataset[];
    readonly notifications: number;
  } | null;
  /** Days of history to reconcile in this run (a catch-up after downtime), or `null`. */
  readonly reconcileDays: number | null;
  /** Who holds the lease (see `newHolder`). */
  readonly holder: string;
}

/**
 * What to queue: a user, datasets, how urgent, and maybe the instant a notification named.
 *
 * @example
 * ```ts
 * const r: JobRequest = { userId: "42", datasets: ["measures"], priority: "notification", now, hintFrom: 1700000000 };
 * ```
 */
export interface JobRequest {
  readonly userId: string;
  readonly datasets: readonly SyncDataset[] | "all";
  readonly priority: JobPriority;
  /** Epoch seconds. */
  readonly now: number;
  readonly hintFrom?: number | null;
  /** Days to reconcile in the run (the larger wins on a merge). */
  readonly reconcileDays?: number | null;
}

/**
 * A re-read of merged notifications' window that a run put off (see `SyncWorker`): the
 * earliest instant they named, the datasets to re-read, when, and the time it was put off.
 *
 * @example
 * ```ts
 * const owed: OwedReread = { from: 1_700_000_000, datasets: ["measures"], dueAt: 1_700_000_600, now: 1_700_000_000 };
 * ```
 */
export interface OwedReread {
  readonly from: number;
  readonly datasets: readonly SyncDataset[];
  readonly dueAt: number;
  readonly now: number;
}

/**
 * Counts of a queue, for health checks and the status page.
 *
 * @example
 * ```ts
 * const s: QueueStats = { due: 2, waiting: 1, running: 1, oldestDueAt: 1700000000 };
 * ```
 */
export interface QueueStats {
  /** Jobs due now and not held. */
  readonly due: number;
  /** Jobs due later (a retry's backoff). */
  readonly waiting: number;
  /** Jobs held by a live lease. */
  readonly running: number;
  /** When the oldest job that is due and not held became due (epoch seconds). */
  readonly oldestDueAt: number | null;
}

/**
 * One user's job as the status page shows it.
 *
 * @example
 * ```ts
 * const j: QueuedJob = { userId: "42", dueAt: 1700000000, attempts: 0, running: false };
 * ```
 */
export interface QueuedJob {
  readonly userId: string;
  /** Epoch seconds. */
  readonly dueAt: number;
  /** Failed runs so far. */
  readonly attempts: number;
  /** Held by a live lease. */
  readonly running: boolean;
}

/**
 * The service's durable work queue: one job per user, coalesced, claimed under a lease,
 * at-least-once (a holder that dies leaves its job to the next claim once its lease ends,
 * at once when it died on this machine). Times are epoch seconds.
 *
 * @example
 * ```ts
 * await queue.enqueue({ userId: "42", datasets: ["measures"], priority: "notification", now });
 * const job = await queue.claim({ now, holder: newHolder(), leaseSeconds: 60 });
 * ```
 */
export interface JobQueue {
  /** Adds a job, or merges it into the user's: datasets united, the earlier due time and hint, the higher priority. */
  enqueue(job: JobRequest): Promise<void>;
  /** The most urgent due job that no live lease holds, now held by `holder`; `undefined` when none. */
  claim(options: {
    readonly now: number;
    readonly holder: string;
    readonly leaseSeconds: number;
  }): Promise<SyncJob | undefined>;
  /** Extends a held lease; false when the job is no longer this holder's. */
  renew(job: SyncJob, now: number, leaseSeconds: number): Promise<boolean>;
  /**
   * Done: deletes the job, unless something was merged into it since the claim (then it
   * stays due). With `owed`, in the same transaction, leaves the user a job that re-reads
   * that window later (merged into the kept job if there is one), so that no kill between
   * the two loses it.
   */
  complete(job: SyncJob, owed?: OwedReread): Promise<void>;
  /** Failed: gives the job back, due again at `retryAt`, with one more attempt counted. */
  fail(job: SyncJob, retryAt: number, error: string): Promise<void>;
  /** Gives a job back untouched (a graceful shutdown). */
  release(job: SyncJob): Promise<void>;
  /** Removes a user's job (a revoked link). */
  drop(userId: string): Promise<void>;
  stats(now: number): Promise<QueueStats>;
  /** Every user's job, in no order. */
  jobs(now: number): Promise<QueuedJob[]>;
}
