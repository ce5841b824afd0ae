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
  /**
   * Takes the catch-up due at `now` for this process when none was made in the last
   * `everySeconds` by any process sharing the queue (false: another did), recording it.
   * With it, several processes make one catch-up per interval between them, looking every
   * quarter of it. @default every process makes its own
   */
  readonly claim?: (now: number, everySeconds: number) => Promise<boolean>;
  /**
   * Whether `start` catches up only when one is due (a worker), rather than at once (a
   * process that receives notifications, and so missed those sent while it was down).
   * @default false
   */
  readonly startWhenDue?: boolean;
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
 * const catchUp = new CatchUpScheduler({ queue, users: () => client.users(), now: () => Date.now() / 1000 });
 * catchUp.start();
 * ```
 */
export class CatchUpScheduler {
  readonly #options: CatchUpOptions;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: CatchUpOptions) {
    this.#options = options;
  }

  /** Queues a catch-up now (or when due, see `startWhenDue`) and every interval after. */
  start(): void {
    if (this.#timer !== undefined) return;
    const { claim, startWhenDue = false } = this.#options;
    void (startWhenDue ? this.#due() : this.tick()).catch(() => undefined);
    const seconds = this.#options.intervalSeconds ?? 3600;
    this.#timer = setInterval(
      () => void this.#due().catch(() => undefined),
      (claim === undefined ? seconds : seconds / 4) * 1000,
    );
    this.#timer.unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Queues one catch-up of every user now, whoever made the last; answers how many. */
  async tick(): Promise<number> {
    await this.#options.claim?.(this.#options.now(), 0);
    return this.#enqueue();
  }

  // The scheduled catch-up: made by this process unless another made it within the interval.
  async #due(): Promise<number> {
    const { claim, intervalSeconds = 3600 } = this.#options;
    if (claim !== undefined && !(await claim(this.#options.now(), intervalSeconds))) return 0;
    return this.#enqueue();
  }

  async #enqueue(): Promise<number> {
    const users = await this.#options.users();
    const now = this.#options.now();
    for (const userId of users) {
      await this.#options.queue.enqueue({ userId, datasets: "all", priority: "catch-up", now });
    }
    return users.length;
  }
}
