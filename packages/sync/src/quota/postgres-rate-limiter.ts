import type { RateLimiter } from "@withings-kit/client";
import type { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pgStoreError } from "../store/_pg-error.js";
import { type QuotaSlices, quotaSlices } from "./quota-slices.js";

/**
 * Options of {@link PostgresRateLimiter}.
 *
 * @example
 * ```ts
 * const options: PostgresRateLimiterOptions = { limit: 6000, key: "partner-app" };
 * ```
 */
export interface PostgresRateLimiterOptions {
  /** Requests allowed per window, app-wide. @default 120 */
  readonly limit?: number;
  /** The window the cloud counts over, in milliseconds. @default 60_000 */
  readonly windowMs?: number;
  /** How long after its admission a request may reach the cloud. @default 500 */
  readonly marginMs?: number;
  /** How far apart the clocks of the machines may be (NTP keeps them closer). @default 100 */
  readonly skewMs?: number;
  /** The quota's name in the table: one per Withings app (client id). @default "withings" */
  readonly key?: string;
  /** How long to wait before asking again when PostgreSQL cannot be reached. @default 1_000 */
  readonly retryMs?: number;
}

/**
 * The app-wide quota shared by every process and machine that uses one PostgreSQL
 * database, on rate-limiter-flexible's PostgreSQL counter (table `rate_limits`). The
 * counter admits `points` requests per slice of time, chosen by {@link quotaSlices} so
 * that no window of the cloud's clock ever sees more than `limit`, whatever the processes
 * do: about 0.92 of the quota at most, the price of counting in slices rather than keeping
 * every request's time. A 601 (`pause`) blocks the counter for every process. While
 * PostgreSQL cannot be reached, `acquire` waits and asks again: a worker never sends a
 * request the quota has not admitted.
 *
 * @example
 * ```ts
 * const limiter = await PostgresRateLimiter.open(pool, { limit: 120 });
 * const client = createWithingsClient({ clientId, clientSecret, rateLimiter: limiter });
 * ```
 */
export class PostgresRateLimiter implements RateLimiter {
  /** The slices the counter admits requests by. */
  readonly slices: QuotaSlices;
  readonly #counter: RateLimiterPostgres;
  readonly #key: string;
  readonly #retryMs: number;
  // One question to PostgreSQL at a time per process: waiting callers queue here instead
  // of each polling the table.
  #queue: Promise<void> = Promise.resolve();
  #pausedUntil = 0;

  private constructor(
    counter: RateLimiterPostgres,
    slices: QuotaSlices,
    key: string,
    retryMs: number,
  ) {
    this.#counter = counter;
    this.slices = slices;
    this.#key = key;
    this.#retryMs = retryMs;
  }

  /**
   * Opens the limiter on `pool`, creating the `rate_limits` table when it does not exist.
   * The pool stays the caller's to end.
   *
   * @example
   * ```ts
   * const limiter = await PostgresRateLimiter.open(pool, { limit: 120 });
   * ```
   */
  static async open(
    pool: Pool,
    options: PostgresRateLimiterOptions = {},
  ): Promise<PostgresRateLimiter> {
    const slices = quotaSlices(
      options.limit ?? 120,
      options.windowMs ?? 60_000,
      options.marginMs ?? 500,
      options.skewMs ?? 100,
    );
    const counter = await new Promise<RateLimiterPostgres>((ready, fail) => {
      const made: RateLimiterPostgres = new RateLimiterPostgres(
        {
          storeClient: pool,
          storeType: "pool",
          tableName: "rate_limits",
          keyPrefix: "quota",
          points: slices.points,
          duration: slices.sliceMs / 1000,
          clearExpiredByTimeout: false,
        },
        (error?: unknown) =>
          error ? fail(pgStoreError(error, "PostgresRateLimiter.open")) : ready(made),
      );
    });
    return new PostgresRateLimiter(
      counter,
      slices,
      options.key ?? "withings",
      options.retryMs ?? 1_000,
    );
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#admit(signal));
    // A caller that gives up must not block the ones behind it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
    // Every other process sees the counter blocked until then; this one already waits.
    this.#counter.block(this.#key, ms / 1000).catch(() => undefined);
  }

  async #admit(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const paused = this.#pausedUntil - Date.now();
      if (paused > 0) {
        await sleep(paused, signal);
        continue;
      }
      try {
        await this.#counter.consume(this.#key);
        return;
      } catch (outcome) {
        // Refused: the slice is full (or blocked); the next one begins in msBeforeNext.
        const wait =
          outcome instanceof RateLimiterRes ? Math.max(1, outcome.msBeforeNext) : this.#retryMs;
        await sleep(wait, signal);
      }
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((wake, fail) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      wake();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      fail(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
