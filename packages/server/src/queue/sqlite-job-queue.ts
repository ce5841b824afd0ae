import type BetterSqlite3 from "better-sqlite3";
import type {
  JobQueue,
  JobRequest,
  OwedReread,
  QueuedJob,
  QueueStats,
  SyncJob,
} from "./job-queue.js";
import {
  claimable,
  enqueuedFields,
  type JobFields,
  type JobRow,
  MAX_JOB_ERROR,
  owedFields,
  queuedJobs,
  statsOf,
  toJob,
} from "./job-row.js";

/**
 * The {@link JobQueue} as a plain table (`service_jobs`) in the store's SQLite file. A
 * library queue would add a second store of state for what is one row per user: the
 * engine's cursors already say where each sync resumes, so a job only has to say "this user,
 * these datasets, this soon". Claims run in an immediate transaction, so several processes
 * on one file never hold one user's job at once.
 *
 * @example
 * ```ts
 * const { database } = sqliteHandle(store);
 * openServiceDatabase(database);
 * const queue = new SqliteJobQueue(database);
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
      "INSERT INTO service_jobs (user_id, datasets, priority, due_at, hint_from, hint_datasets, notifications, reconcile_days, version, attempts, created_at) VALUES (@user_id, @datasets, @priority, @due_at, @hint_from, @hint_datasets, @notifications, @reconcile_days, 1, 0, @now)",
    );
    this.#update = db.prepare(
      "UPDATE service_jobs SET datasets = @datasets, priority = @priority, due_at = @due_at, hint_from = @hint_from, hint_datasets = @hint_datasets, notifications = @notifications, reconcile_days = @reconcile_days, version = version + @bump WHERE user_id = @user_id",
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
    const row = this.#select.get(job.userId);
    this.#write(job.userId, row, enqueuedFields(row, job), job.now, 1);
  }

  #write(
    userId: string,
    row: JobRow | undefined,
    fields: JobFields,
    now: number,
    bump: 0 | 1,
  ): void {
    if (row === undefined) this.#insert.run({ ...fields, user_id: userId, now });
    else this.#update.run({ ...fields, user_id: userId, bump });
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
          const free = rows.find((r) => claimable(r, now, holder));
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
        if (owed !== undefined) {
          const row = this.#select.get(job.userId);
          this.#write(job.userId, row, owedFields(row, owed), owed.now, 0);
        }
      })
      .immediate();
  }

  async fail(job: SyncJob, retryAt: number, error: string): Promise<void> {
    this.#db
      .prepare(
        // A notification merged meanwhile keeps its earlier due time.
        "UPDATE service_jobs SET holder = NULL, lease_until = NULL, attempts = attempts + 1, last_error = ?, due_at = CASE WHEN version = ? THEN ? ELSE min(due_at, ?) END WHERE user_id = ? AND holder = ?",
      )
      .run(error.slice(0, MAX_JOB_ERROR), job.version, retryAt, retryAt, job.userId, job.holder);
  }

  async release(job: SyncJob): Promise<void> {
    this.#db
      .prepare(
        "UPDATE service_jobs SET holder = NULL, lease_until = NULL WHERE user_id = ? AND holder = ?",
      )
      .run(job.userId, job.holder);
  }

  async drop(userId: string): Promise<void> {
    this.dropNow(userId);
  }

  /** The drop as a plain statement, for a caller inside a transaction (see `enqueueNow`). */
  dropNow(userId: string): void {
    this.#db.prepare("DELETE FROM service_jobs WHERE user_id = ?").run(userId);
  }

  async stats(now: number): Promise<QueueStats> {
    return statsOf(this.#all(), now);
  }

  async jobs(now: number): Promise<QueuedJob[]> {
    return queuedJobs(this.#all(), now);
  }

  #all(): JobRow[] {
    return this.#db.prepare("SELECT * FROM service_jobs").all() as JobRow[];
  }
}
