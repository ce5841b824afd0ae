import type { JobQueue } from "../queue/job-queue.js";

/**
 * Options of {@link CatchUpScheduler}.
 *
 * @example
 * ```ts
 * const options: CatchUpOptions = { queue, users: () => client.users(), now: () => Date.now() / 1000 };
 * ```
 */
export interface CatchUpOptions {
  readonly queue: JobQueue;
  /** The users to keep current (those with tokens). */
  readonly users: () => Promise<readonly string[]>;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Seconds between two catch-ups. @default 3600 */
  readonly intervalSeconds?: number;
}

/**
 * Queues an incremental sync of every user at low priority, at start and then every
 * interval: Withings never delivers a missed notification again, so this is what brings
 * back what was lost in transit or while the service was down. Each run also advances the
 * engine's reconcile and history sweep. Jobs merge into a user's pending job, and any
 * notification's job goes first.
 *
 * @example
 * ```ts
 * const catchUp = new CatchUpScheduler({ queue, users: () => client.users(), now });
 * catchUp.start();
 * ```
 */
export class CatchUpScheduler {
  readonly #options: CatchUpOptions;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: CatchUpOptions) {
    this.#options = options;
  }

  /** Queues a catch-up now and every interval after. */
  start(): void {
    if (this.#timer !== undefined) return;
    void this.tick().catch(() => undefined);
    this.#timer = setInterval(
      () => void this.tick().catch(() => undefined),
      (this.#options.intervalSeconds ?? 3600) * 1000,
    );
    this.#timer.unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Queues one catch-up of every user; answers how many. */
  async tick(): Promise<number> {
    const users = await this.#options.users();
    const now = this.#options.now();
    for (const userId of users) {
      await this.#options.queue.enqueue({ userId, datasets: "all", priority: "catch-up", now });
    }
    return users.length;
  }
}
