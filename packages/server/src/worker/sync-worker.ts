import { redact } from "@withings-kit/client/internal";
import type { SyncDataset, SyncEngine, SyncReport } from "@withings-kit/sync";
import { newHolder } from "@withings-kit/sync/internal";
import type { JobQueue, OwedReread, SyncJob } from "../queue/job-queue.js";
import type { ServiceUsers } from "../users/service-users.js";

/**
 * What a {@link SyncWorker} did with one job, for logs and metrics.
 *
 * @example
 * ```ts
 * const e: SyncJobEvent = { type: "done", job, report };
 * ```
 */
export type SyncJobEvent =
  | { readonly type: "done"; readonly job: SyncJob; readonly report: SyncReport }
  | { readonly type: "dropped"; readonly job: SyncJob; readonly error: string }
  | {
      readonly type: "retry";
      readonly job: SyncJob;
      readonly retryAt: number;
      readonly error: string;
      readonly needsReauthorization: boolean;
    };

/**
 * Options of {@link SyncWorker}.
 *
 * @example
 * ```ts
 * const options: SyncWorkerOptions = { queue, engine, now: () => Date.now() / 1000 };
 * ```
 */
export interface SyncWorkerOptions {
  readonly queue: JobQueue;
  readonly engine: SyncEngine;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Jobs run at once (each a different user; every request goes through the one rate limiter). @default 2 */
  readonly concurrency?: number;
  /** Seconds a claimed job's lease lasts; renewed while the job runs. @default 120 */
  readonly leaseSeconds?: number;
  /** Milliseconds between looks at an empty queue (`wake` looks at once). @default 5000 */
  readonly pollMs?: number;
  /** Seconds before a failed job's next try, by attempts so far. @default 30 s doubling, at most 1 h */
  readonly backoffSeconds?: (attempts: number) => number;
  /** Told of every finished job. Exceptions it throws are ignored. */
  readonly onJob?: (event: SyncJobEvent) => void;
  /**
   * Seconds between two re-reads of one user's window for merged notifications: within
   * them, a run puts the re-read off to a job due when they end, instead of reading again.
   * Under a flood every job merges notifications, and re-reading on each doubled the
   * requests. @default 600
   */
  readonly mergedRereadSeconds?: number;
  /** Where runs and dead logins are recorded. @default nowhere */
  readonly users?: Pick<ServiceUsers, "link" | "mark" | "synced">;
}

/**
 * Takes jobs from the queue and runs the sync engine for each: one user per job, the
 * datasets it names, `concurrency` jobs at once. A job whose run fails for the user (a
 * dataset that failed, a network that is down) goes back with a backoff; a run that
 * succeeded completes the job. `stop` takes no new job, aborts the running ones and gives
 * them back: their work so far is committed and the next run resumes from the cursors.
 *
 * @example
 * ```ts
 * const worker = new SyncWorker({ queue, engine, now: () => Date.now() / 1000 });
 * worker.start();
 * // …
 * await worker.stop();
 * ```
 */
export class SyncWorker {
  readonly #options: SyncWorkerOptions;
  readonly #holder = newHolder();
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #wakeUp: (() => void) | undefined;
  /** When each user's merged window was last re-read (in memory: a restart costs one). */
  readonly #reread = new Map<string, number>();
  #loop: Promise<void> | undefined;

  constructor(options: SyncWorkerOptions) {
    this.#options = options;
  }

  /** Starts taking jobs. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Looks at the queue now (a notification was stored). */
  wake(): void {
    this.#wakeUp?.();
  }

  /** Stops: no new job; running jobs are aborted and given back; resolves when all are. */
  async stop(): Promise<void> {
    this.#abort.abort(new Error("the worker is stopping"));
    this.wake();
    await this.#loop;
    await Promise.allSettled([...this.#running]);
  }

  /** Runs jobs until none is due (for tests and one-shot use); does not start the loop. */
  async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const job = await this.#claim();
      if (job === undefined) return done;
      await this.#work(job);
      done++;
    }
  }

  async #run(): Promise<void> {
    const { concurrency = 2, pollMs = 5000 } = this.#options;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      let claimed = false;
      while (this.#running.size < concurrency && !signal.aborted) {
        const job = await this.#claim().catch(() => undefined);
        if (job === undefined) break;
        claimed = true;
        const work = this.#work(job).finally(() => {
          this.#running.delete(work);
          this.wake();
        });
        this.#running.add(work);
      }
      if (signal.aborted) break;
      if (!claimed || this.#running.size >= concurrency) await this.#pause(pollMs);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = done;
    });
  }

  #claim(): Promise<SyncJob | undefined> {
    const { leaseSeconds = 120 } = this.#options;
    return this.#options.queue.claim({
      now: this.#options.now(),
      holder: this.#holder,
      leaseSeconds,
    });
  }

  // Never rejects: a queue that cannot be written (a busy or full disk) leaves the job
  // held, and its lease ends; the worker goes on.
  async #work(job: SyncJob): Promise<void> {
    try {
      await this.#attempt(job);
    } catch {
      // The job stays held until its lease ends, then runs again.
    }
  }

  async #attempt(job: SyncJob): Promise<void> {
    const { queue, engine, now, users, leaseSeconds = 120 } = this.#options;
    const renewal = setInterval(
      () => void queue.renew(job, now(), leaseSeconds).catch(() => undefined),
      (leaseSeconds * 1000) / 3,
    );
    renewal.unref?.();
    let report: SyncReport;
    let owed: OwedReread | undefined;
    try {
      const run = {
        users: [job.userId],
        ...(job.datasets === "all" ? {} : { datasets: job.datasets }),
        signal: this.#abort.signal,
      };
      report = await engine.run(
        job.reconcileDays === null ? run : { ...run, reconcileDays: job.reconcileDays },
      );
      const reread = rereadOf(job, report, now());
      if (report.ok && reread !== undefined) {
        const { mergedRereadSeconds = 600 } = this.#options;
        const last = this.#reread.get(job.userId);
        if (reread.merged && last !== undefined && now() < last + mergedRereadSeconds) {
          owed = {
            from: reread.from,
            datasets: reread.datasets,
            dueAt: last + mergedRereadSeconds,
            now: now(),
          };
        } else {
          report = await engine.run({
            ...run,
            datasets: reread.datasets,
            reconcileDays: reread.reconcileDays,
          });
          if (reread.merged) this.#reread.set(job.userId, now());
        }
      }
    } catch (error) {
      if (this.#abort.signal.aborted) return queue.release(job);
      return this.#retry(
        job,
        redact(error instanceof Error ? error.message : String(error)),
        false,
      );
    } finally {
      clearInterval(renewal);
    }
    if (this.#abort.signal.aborted) return queue.release(job);
    const user = report.users.find((u) => u.userId === job.userId);
    const failed = user?.error ?? user?.datasets.find((d) => d.error !== undefined)?.error;
    if (report.ok && failed === undefined) {
      await queue.complete(job, owed);
      await users?.link(job.userId, now());
      await users?.synced(job.userId, now(), null);
      this.#tell({ type: "done", job, report });
      return;
    }
    const error = failed === undefined ? "the run failed" : `${failed.code}: ${failed.message}`;
    if (user?.needsReauthorization === true) {
      // Retrying cannot help: the user must log in again, which the catch-up notices.
      await queue.drop(job.userId);
      await users?.mark(job.userId, "token-dead", now());
      await users?.synced(job.userId, now(), redact(error));
      this.#tell({ type: "dropped", job, error: redact(error) });
      return;
    }
    await users?.synced(job.userId, now(), redact(error));
    await this.#retry(job, redact(error), false);
  }

  async #retry(job: SyncJob, error: string, needsReauthorization: boolean): Promise<void> {
    const { queue, now } = this.#options;
    const backoff = this.#options.backoffSeconds ?? defaultBackoff;
    const retryAt = now() + backoff(job.attempts + 1);
    await queue.fail(job, retryAt, error);
    this.#tell({ type: "retry", job, retryAt, error, needsReauthorization });
  }

  #tell(event: SyncJobEvent): void {
    try {
      this.#options.onJob?.(event);
    } catch {
      // A listener's failure is not the job's.
    }
  }
}

// Never more than two months back, whatever a notification claims: older history is the
// sweep's.
const MAX_HINT_DAYS = 60;

/**
 * No incremental read sees a deletion, and a notification may have told of one: the
 * window its notifications named is re-read in the datasets they named where the run
 * found nothing new (a notification that brought nothing), or in all of them when several
 * notifications were merged (one may be a deletion beside another's addition).
 */
function rereadOf(
  job: SyncJob,
  report: SyncReport,
  now: number,
):
  | {
      readonly datasets: SyncDataset[];
      readonly reconcileDays: number;
      readonly from: number;
      readonly merged: boolean;
    }
  | undefined {
  const hint = job.hint;
  if (hint === null || job.reconcileDays !== null || hint.datasets.length === 0) return undefined;
  const named = new Set(hint.datasets);
  const datasets = report.users
    .flatMap((u) => u.datasets)
    .filter(
      (d) =>
        named.has(d.dataset) &&
        d.error === undefined &&
        (hint.notifications > 1 || d.added + d.changed === 0),
    )
    .map((d) => d.dataset);
  if (datasets.length === 0) return undefined;
  const days = Math.ceil((now - hint.from) / 86_400) + 1;
  return {
    datasets,
    reconcileDays: Math.min(MAX_HINT_DAYS, Math.max(1, days)),
    from: hint.from,
    merged: hint.notifications > 1,
  };
}

function defaultBackoff(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}
