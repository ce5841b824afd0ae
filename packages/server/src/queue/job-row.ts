import { SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import { isHolderDeadHere } from "@withings-kit/sync/internal";
import type {
  JobPriority,
  JobRequest,
  OwedReread,
  QueuedJob,
  QueueStats,
  SyncJob,
} from "./job-queue.js";

// The `service_jobs` row and how enqueues merge into it, shared by the SQLite and the
// PostgreSQL queue so that both coalesce a user's jobs the same way.

const PRIORITY: Readonly<Record<JobPriority, number>> = { notification: 0, "catch-up": 1 };
const KNOWN: ReadonlySet<string> = new Set(SYNC_DATASETS);
// The count of notifications that makes a run re-read the window (more than one merged).
const MERGED = 2;

/** A `service_jobs` row as both databases return it (times in epoch seconds). */
export interface JobRow {
  readonly user_id: string;
  readonly datasets: string | null;
  readonly priority: number;
  readonly due_at: number;
  readonly version: number;
  readonly hint_from: number | null;
  readonly hint_datasets: string | null;
  readonly notifications: number;
  readonly reconcile_days: number | null;
  readonly attempts: number;
  readonly holder: string | null;
  readonly lease_until: number | null;
}

/** What an enqueue or an owed re-read writes: a new row's fields, or an existing row's. */
export interface JobFields {
  readonly datasets: string | null;
  readonly priority: number;
  readonly due_at: number;
  readonly hint_from: number | null;
  readonly hint_datasets: string | null;
  readonly notifications: number;
  readonly reconcile_days: number | null;
}

/** The row after `job` is merged into `row` (or the new row when there is none). */
export function enqueuedFields(row: JobRow | undefined, job: JobRequest): JobFields {
  const priority = PRIORITY[job.priority];
  const hint = job.hintFrom ?? null;
  const hinted = hint === null || job.datasets === "all" ? [] : job.datasets;
  const notice = job.priority === "notification" ? 1 : 0;
  const days = job.reconcileDays ?? null;
  if (row === undefined) {
    return {
      datasets: encode(job.datasets),
      priority,
      due_at: job.now,
      hint_from: hint,
      hint_datasets: hint === null ? null : JSON.stringify(hinted),
      notifications: notice,
      reconcile_days: days,
    };
  }
  // A held job keeps its due time; the bumped version makes its run leave it due again.
  const hintFrom =
    row.hint_from === null ? hint : hint === null ? row.hint_from : Math.min(hint, row.hint_from);
  return {
    datasets: encode(merge(decode(row.datasets), job.datasets)),
    priority: Math.min(priority, row.priority),
    due_at: priority === 0 ? Math.min(row.due_at, job.now) : row.due_at,
    hint_from: hintFrom,
    hint_datasets:
      hintFrom === null ? null : JSON.stringify(union(decodeList(row.hint_datasets), hinted)),
    notifications: row.notifications + notice,
    reconcile_days: row.reconcile_days === null ? days : Math.max(days ?? 0, row.reconcile_days),
  };
}

/**
 * Two merged notifications make the next run of the job re-read their window (see
 * `SyncWorker`): the owed job says so, and keeps its due time when merged into a kept one.
 */
export function owedFields(row: JobRow | undefined, owed: OwedReread): JobFields {
  const datasets = [...new Set(owed.datasets)].sort();
  if (row === undefined) {
    return {
      datasets: encode(datasets),
      priority: PRIORITY.notification,
      due_at: owed.dueAt,
      hint_from: owed.from,
      hint_datasets: JSON.stringify(datasets),
      notifications: MERGED,
      reconcile_days: null,
    };
  }
  return {
    datasets: encode(merge(decode(row.datasets), datasets)),
    priority: row.priority,
    due_at: row.due_at,
    hint_from: row.hint_from === null ? owed.from : Math.min(row.hint_from, owed.from),
    hint_datasets: JSON.stringify(union(decodeList(row.hint_datasets), datasets)),
    notifications: Math.max(row.notifications, MERGED),
    reconcile_days: row.reconcile_days,
  };
}

/** Whether `holder` may claim a due row: free, its lease over, or its holder dead here. */
export function claimable(row: JobRow, now: number, holder: string): boolean {
  return (
    row.holder === null ||
    (row.lease_until ?? 0) <= now ||
    (row.holder !== holder && isHolderDeadHere(row.holder))
  );
}

/** The job a claimed row stands for. */
export function toJob(row: JobRow, holder: string): SyncJob {
  return {
    userId: row.user_id,
    datasets: decode(row.datasets),
    priority: row.priority === 0 ? "notification" : "catch-up",
    attempts: row.attempts,
    version: row.version,
    hint:
      row.hint_from === null
        ? null
        : {
            from: row.hint_from,
            datasets: decodeList(row.hint_datasets),
            notifications: row.notifications,
          },
    reconcileDays: row.reconcile_days,
    holder,
  };
}

/** How long a stored failure message may be. */
export const MAX_JOB_ERROR = 500;

function encode(datasets: readonly SyncDataset[] | "all"): string | null {
  return datasets === "all" ? null : JSON.stringify([...new Set(datasets)].sort());
}

// A row written by this code; anything else it cannot read means "every dataset", which
// syncs too much rather than too little.
function decode(text: string | null): readonly SyncDataset[] | "all" {
  if (text === null) return "all";
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((d) => typeof d === "string" && KNOWN.has(d))) {
      return value as SyncDataset[];
    }
  } catch {
    // Falls through.
  }
  return "all";
}

function decodeList(text: string | null): readonly SyncDataset[] {
  const value = decode(text);
  return value === "all" ? [] : value;
}

function union(a: readonly SyncDataset[], b: readonly SyncDataset[]): SyncDataset[] {
  return [...new Set([...a, ...b])].sort();
}

function merge(
  a: readonly SyncDataset[] | "all",
  b: readonly SyncDataset[] | "all",
): readonly SyncDataset[] | "all" {
  if (a === "all" || b === "all") return "all";
  return [...new Set([...a, ...b])];
}

/** The counts of {@link QueueStats} over every row. */
export function statsOf(
  rows: readonly Pick<JobRow, "due_at" | "holder" | "lease_until">[],
  now: number,
): QueueStats {
  let due = 0;
  let waiting = 0;
  let running = 0;
  let oldestDueAt: number | null = null;
  for (const r of rows) {
    if (isRunning(r, now)) running++;
    else if (r.due_at <= now) {
      due++;
      oldestDueAt = oldestDueAt === null ? r.due_at : Math.min(oldestDueAt, r.due_at);
    } else waiting++;
  }
  return { due, waiting, running, oldestDueAt };
}

/** Each row as {@link QueuedJob}. */
export function queuedJobs(
  rows: readonly Pick<JobRow, "user_id" | "due_at" | "attempts" | "holder" | "lease_until">[],
  now: number,
): QueuedJob[] {
  return rows.map((r) => ({
    userId: r.user_id,
    dueAt: r.due_at,
    attempts: r.attempts,
    running: isRunning(r, now),
  }));
}

function isRunning(r: Pick<JobRow, "holder" | "lease_until">, now: number): boolean {
  return r.holder !== null && (r.lease_until ?? 0) > now;
}
