import { hostname } from "node:os";
import { isHolderDeadHere } from "@withings-kit/sync/internal";
import type pg from "pg";
import type {
  JobQueue,
  JobRequest,
  OwedReread,
  QueuedJob,
  QueueStats,
  SyncJob,
} from "../queue/job-queue.js";
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
} from "../queue/job-row.js";
import { inTransaction, type Queryable } from "./_pg-transaction.js";

const INSERT =
  "INSERT INTO service_jobs (user_id, datasets, priority, due_at, hint_from, hint_datasets, notifications, reconcile_days, version, attempts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 0, $9) ON CONFLICT (user_id) DO NOTHING";
const UPDATE =
  "UPDATE service_jobs SET datasets = $2, priority = $3, due_at = $4, hint_from = $5, hint_datasets = $6, notifications = $7, reconcile_days = $8, version = version + $9 WHERE user_id = $1";
// The due jobs held by other processes of this machine, which may have died.
const HELD_HERE =
  "SELECT user_id, holder FROM service_jobs WHERE due_at <= $1 AND lease_until > $1 AND starts_with(holder, $2) AND holder <> $3";
// The most urgent due job that is free, whose lease is over, or whose holder died here,
// skipping those another claim is deciding on: one row locked, so that claims at once
// each find their own.
const MOST_URGENT =
  "SELECT * FROM service_jobs WHERE due_at <= $1 AND (holder IS NULL OR lease_until <= $1 OR (user_id = ANY($2) AND holder = ANY($3))) ORDER BY priority, due_at, user_id LIMIT 1 FOR UPDATE SKIP LOCKED";

/**
 * The {@link JobQueue} as the same plain table as SQLite's (`service_jobs`, one row per
 * user) in a PostgreSQL database shared by every worker. Claims lock their row with
 * `FOR UPDATE SKIP LOCKED`, so workers on several machines never wait on each other nor
 * hold one user's job at once; a worker that dies leaves its job to the next claim once the
 * lease ends (at once when it died on the claimer's machine).
 *
 * @example
 * ```ts
 * const queue = new PostgresJobQueue(pool);
 * await queue.enqueue({ userId: "42", datasets: "all", priority: "catch-up", now: 1_700_000_000 });
 * ```
 */
export class PostgresJobQueue implements JobQueue {
  readonly #pool: pg.Pool;
  readonly #here = `${hostname()}:`;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** The enqueue on a connection inside a transaction (the inbox writes a notification and its job in one). */
  async enqueueOn(db: pg.ClientBase, job: JobRequest): Promise<void> {
    for (;;) {
      const row = await this.#locked(db, job.userId);
      const written = await this.#write(db, job.userId, row, enqueuedFields(row, job), job.now, 1);
      // A new row another process inserted meanwhile: merge into it instead.
      if (written) return;
    }
  }

  async #locked(db: Queryable, userId: string): Promise<JobRow | undefined> {
    const { rows } = await db.query<JobRow>(
      "SELECT * FROM service_jobs WHERE user_id = $1 FOR UPDATE",
      [userId],
    );
    return rows[0];
  }

  async #write(
    db: Queryable,
    userId: string,
    row: JobRow | undefined,
    f: JobFields,
    now: number,
    bump: 0 | 1,
  ): Promise<boolean> {
    const fields = [
      userId,
      f.datasets,
      f.priority,
      f.due_at,
      f.hint_from,
      f.hint_datasets,
      f.notifications,
      f.reconcile_days,
    ];
    if (row !== undefined) {
      await db.query(UPDATE, [...fields, bump]);
      return true;
    }
    return ((await db.query(INSERT, [...fields, now])).rowCount ?? 0) > 0;
  }

  async enqueue(job: JobRequest): Promise<void> {
    await inTransaction(this.#pool, (db) => this.enqueueOn(db, job));
  }

  async claim(options: Parameters<JobQueue["claim"]>[0]): Promise<SyncJob | undefined> {
    const { now, holder, leaseSeconds } = options;
    return inTransaction(this.#pool, async (db) => {
      const held = await db.query<{ user_id: string; holder: string }>(HELD_HERE, [
        now,
        this.#here,
        holder,
      ]);
      const dead = held.rows.filter((r) => isHolderDeadHere(r.holder));
      const { rows } = await db.query<JobRow>(MOST_URGENT, [
        now,
        dead.map((r) => r.user_id),
        dead.map((r) => r.holder),
      ]);
      const row = rows[0];
      // A holder read as dead that renewed since was not dead after all.
      if (row === undefined || !claimable(row, now, holder)) return undefined;
      await db.query("UPDATE service_jobs SET holder = $1, lease_until = $2 WHERE user_id = $3", [
        holder,
        now + leaseSeconds,
        row.user_id,
      ]);
      return toJob(row, holder);
    });
  }

  async renew(job: SyncJob, now: number, leaseSeconds: number): Promise<boolean> {
    const result = await this.#pool.query(
      "UPDATE service_jobs SET lease_until = $1 WHERE user_id = $2 AND holder = $3",
      [now + leaseSeconds, job.userId, job.holder],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async complete(job: SyncJob, owed?: OwedReread): Promise<void> {
    await inTransaction(this.#pool, async (db) => {
      const done = await db.query(
        "DELETE FROM service_jobs WHERE user_id = $1 AND version = $2 AND holder = $3",
        [job.userId, job.version, job.holder],
      );
      // Kept (a notification came in meanwhile): this run succeeded, so no failure counts.
      if ((done.rowCount ?? 0) === 0) {
        await db.query(
          "UPDATE service_jobs SET holder = NULL, lease_until = NULL, attempts = 0, last_error = NULL WHERE user_id = $1 AND holder = $2",
          [job.userId, job.holder],
        );
      }
      if (owed === undefined) return;
      for (;;) {
        const row = await this.#locked(db, job.userId);
        if (await this.#write(db, job.userId, row, owedFields(row, owed), owed.now, 0)) return;
      }
    });
  }

  async fail(job: SyncJob, retryAt: number, error: string): Promise<void> {
    await this.#pool.query(
      // A notification merged meanwhile keeps its earlier due time.
      "UPDATE service_jobs SET holder = NULL, lease_until = NULL, attempts = attempts + 1, last_error = $1, due_at = CASE WHEN version = $2 THEN $3 ELSE least(due_at, $3) END WHERE user_id = $4 AND holder = $5",
      [error.slice(0, MAX_JOB_ERROR), job.version, retryAt, job.userId, job.holder],
    );
  }

  async release(job: SyncJob): Promise<void> {
    await this.#pool.query(
      "UPDATE service_jobs SET holder = NULL, lease_until = NULL WHERE user_id = $1 AND holder = $2",
      [job.userId, job.holder],
    );
  }

  async drop(userId: string): Promise<void> {
    await this.dropOn(this.#pool, userId);
  }

  /** The drop on a given connection (see `enqueueOn`). */
  async dropOn(db: Queryable, userId: string): Promise<void> {
    await db.query("DELETE FROM service_jobs WHERE user_id = $1", [userId]);
  }

  async stats(now: number): Promise<QueueStats> {
    return statsOf(await this.#all(), now);
  }

  async jobs(now: number): Promise<QueuedJob[]> {
    return queuedJobs(await this.#all(), now);
  }

  async #all(): Promise<JobRow[]> {
    return (await this.#pool.query<JobRow>("SELECT * FROM service_jobs")).rows;
  }
}
