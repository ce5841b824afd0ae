import { isHolderDeadHere, SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import type BetterSqlite3 from "better-sqlite3";
import type {
  JobPriority,
  JobQueue,
  JobRequest,
  OwedReread,
  QueueStats,
  SyncJob,
} from "./job-queue.js";

const PRIORITY: Readonly<Record<JobPriority, number>> = { notification: 0, "catch-up": 1 };
const KNOWN: ReadonlySet<string> = new Set(SYNC_DATASETS);
// The count of notifications that makes a run re-read the window (more than one merged).
const MERGED = 2;

interface JobRow {
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

/**
 * The {@link JobQueue} as a plain table (`service_jobs`) in the store's SQLite file. A
 * library queue would add a second store of state for what is one row per user: the
 * engine's cursors already say where each sync resumes, so a job only has to say "this user,
 * these datasets, this soon". Claims run in an immediate transaction, so several processes
 * on one file never hold one user's job at once.
 *
 * @example
 * ```ts
 * openServiceDatabase(store.database);
 * const queue = new SqliteJobQueue(store.database);
 * await queue.enqueue({ userId: "42", datasets: "all", priority: "catch-up", now: 1_700_000_000 });
 * ```
 */
export class SqliteJobQueue implements JobQueue {
  readonly #db: BetterSqlite3.Database;
  readonly #select: BetterSqlite3.Statement<[string], JobRow>;
  readonly #insert: BetterSqlite3.Statement;
  readonly #update: BetterSqlite3.Statement;
  readonly #candidates: BetterSqlite3.Statement<[number, number], JobRow>;
  readonly #hold: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#select = db.prepare("SELECT * FROM service_jobs WHERE user_id = ?");
    this.#insert = db.prepare(
      "INSERT INTO service_jobs (user_id, datasets, priority, due_at, hint_from, hint_datasets, notifications, reconcile_days, version, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?)",
    );
    this.#update = db.prepare(
      "UPDATE service_jobs SET datasets = ?, priority = ?, due_at = ?, hint_from = ?, hint_datasets = ?, notifications = notifications + ?, reconcile_days = ?, version = version + 1 WHERE user_id = ?",
    );
    // Held jobs are candidates too: a lease past its end, or a holder dead on this machine.
    this.#candidates = db.prepare(
      "SELECT * FROM service_jobs WHERE due_at <= ? ORDER BY priority, due_at, user_id LIMIT ?",
    );
    this.#hold = db.prepare(
      "UPDATE service_jobs SET holder = ?, lease_until = ? WHERE user_id = ? AND version = ?",
    );
  }

  /**
   * The enqueue as a plain statement, for a caller already inside a transaction on this
   * database (the inbox writes a notification and its job in one).
   */
  enqueueNow(job: JobRequest): void {
    const priority = PRIORITY[job.priority];
    const hint = job.hintFrom ?? null;
    const hinted = hint === null || job.datasets === "all" ? [] : job.datasets;
    const notice = job.priority === "notification" ? 1 : 0;
    const days = job.reconcileDays ?? null;
    const row = this.#select.get(job.userId);
    if (row === undefined) {
      this.#insert.run(
        job.userId,
        encode(job.datasets),
        priority,
        job.now,
        hint,
        hint === null ? null : JSON.stringify(hinted),
        notice,
        days,
        job.now,
      );
      return;
    }
    const datasets = merge(decode(row.datasets), job.datasets);
    // A held job keeps its due time; the bumped version makes its run leave it due again.
    const due = priority === 0 ? Math.min(row.due_at, job.now) : row.due_at;
    const hintFrom =
      row.hint_from === null ? hint : hint === null ? row.hint_from : Math.min(hint, row.hint_from);
    const hintDatasets =
      hintFrom === null ? null : JSON.stringify(union(decodeList(row.hint_datasets), hinted));
    const reconcileDays =
      row.reconcile_days === null ? days : Math.max(days ?? 0, row.reconcile_days);
    this.#update.run(
      encode(datasets),
      Math.min(priority, row.priority),
      due,
      hintFrom,
      hintDatasets,
      notice,
      reconcileDays,
      job.userId,
    );
  }

  async enqueue(job: JobRequest): Promise<void> {
    this.#db.transaction(() => this.enqueueNow(job)).immediate();
  }

  async claim(options: Parameters<JobQueue["claim"]>[0]): Promise<SyncJob | undefined> {
    const { now, holder, leaseSeconds } = options;
    return this.#db
      .transaction((): SyncJob | undefined => {
        for (let limit = 16; ; limit *= 4) {
          const rows = this.#candidates.all(now, limit);
          const free = rows.find(
            (r) =>
              r.holder === null ||
              (r.lease_until ?? 0) <= now ||
              (r.holder !== holder && isHolderDeadHere(r.holder)),
          );
          if (free !== undefined) {
            this.#hold.run(holder, now + leaseSeconds, free.user_id, free.version);
            return toJob(free, holder);
          }
          if (rows.length < limit) return undefined;
        }
      })
      .immediate();
  }

  async renew(job: SyncJob, now: number, leaseSeconds: number): Promise<boolean> {
    const result = this.#db
      .prepare("UPDATE service_jobs SET lease_until = ? WHERE user_id = ? AND holder = ?")
      .run(now + leaseSeconds, job.userId, job.holder);
    return result.changes > 0;
  }

  async complete(job: SyncJob, owed?: OwedReread): Promise<void> {
    this.#db
      .transaction(() => {
        const done = this.#db
          .prepare("DELETE FROM service_jobs WHERE user_id = ? AND version = ? AND holder = ?")
          .run(job.userId, job.version, job.holder);
        // Kept (a notification came in meanwhile): this run succeeded, so no failure counts.
        if (done.changes === 0) {
          this.#db
            .prepare(
              "UPDATE service_jobs SET holder = NULL, lease_until = NULL, attempts = 0, last_error = NULL WHERE user_id = ? AND holder = ?",
            )
            .run(job.userId, job.holder);
        }
        if (owed !== undefined) this.#owe(job.userId, owed);
      })
      .immediate();
  }

  // Two merged notifications make the next run of the job re-read their window (see
  // `SyncWorker`): the owed job says so, and keeps its due time when merged into a kept one.
  #owe(userId: string, owed: OwedReread): void {
    const datasets = [...new Set(owed.datasets)].sort();
    const row = this.#select.get(userId);
    if (row === undefined) {
      this.#insert.run(
        userId,
        encode(datasets),
        PRIORITY.notification,
        owed.dueAt,
        owed.from,
        JSON.stringify(datasets),
        MERGED,
        null,
        owed.now,
      );
      return;
    }
    this.#db
      .prepare(
        "UPDATE service_jobs SET datasets = ?, hint_from = ?, hint_datasets = ?, notifications = max(notifications, ?) WHERE user_id = ?",
      )
      .run(
        encode(merge(decode(row.datasets), datasets)),
        row.hint_from === null ? owed.from : Math.min(row.hint_from, owed.from),
        JSON.stringify(union(decodeList(row.hint_datasets), datasets)),
        MERGED,
        userId,
      );
  }

  async fail(job: SyncJob, retryAt: number, error: string): Promise<void> {
    this.#db
      .prepare(
        // A notification merged meanwhile keeps its earlier due time.
        "UPDATE service_jobs SET holder = NULL, lease_until = NULL, attempts = attempts + 1, last_error = ?, due_at = CASE WHEN version = ? THEN ? ELSE min(due_at, ?) END WHERE user_id = ? AND holder = ?",
      )
      .run(error.slice(0, 500), job.version, retryAt, retryAt, job.userId, job.holder);
  }

  async release(job: SyncJob): Promise<void> {
    this.#db
      .prepare(
        "UPDATE service_jobs SET holder = NULL, lease_until = NULL WHERE user_id = ? AND holder = ?",
      )
      .run(job.userId, job.holder);
  }

  async drop(userId: string): Promise<void> {
    this.#db.prepare("DELETE FROM service_jobs WHERE user_id = ?").run(userId);
  }

  async stats(now: number): Promise<QueueStats> {
    const rows = this.#db
      .prepare("SELECT due_at, holder, lease_until FROM service_jobs")
      .all() as Pick<JobRow, "due_at" | "holder" | "lease_until">[];
    let due = 0;
    let waiting = 0;
    let running = 0;
    let oldestDueAt: number | null = null;
    for (const r of rows) {
      if (r.holder !== null && (r.lease_until ?? 0) > now) running++;
      else if (r.due_at <= now) {
        due++;
        oldestDueAt = oldestDueAt === null ? r.due_at : Math.min(oldestDueAt, r.due_at);
      } else waiting++;
    }
    return { due, waiting, running, oldestDueAt };
  }
}

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

function toJob(row: JobRow, holder: string): SyncJob {
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
