import { type RateLimiter, systemClock } from "@withings-kit/client";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pgStoreError } from "../store/pg-error.js";
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
  /**
   * How long after its admission a request may reach the cloud: the answer from
   * PostgreSQL, then the request on its way. @default 500
   */
  readonly marginMs?: number;
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
 * do: about 0.975 of the quota at most, the price of counting in slices rather than
 * keeping every request's time. Slices are stamped by PostgreSQL's clock when the counter
 * is written, so neither the machines' clocks nor a question that waited for a connection
 * can shorten one. A 601 (`pause`) blocks the counter for every process. While
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
  readonly #connection: pg.Pool;
  readonly #key: string;
  readonly #retryMs: number;
  // One question to PostgreSQL at a time per process: waiting callers queue here instead
  // of each polling the table.
  #queue: Promise<void> = Promise.resolve();
  #pausedUntil = 0;

  private constructor(
    counter: RateLimiterPostgres,
    connection: pg.Pool,
    slices: QuotaSlices,
    key: string,
    retryMs: number,
  ) {
    this.#counter = counter;
    this.#connection = connection;
    this.slices = slices;
    this.#key = key;
    this.#retryMs = retryMs;
  }

  /**
   * Opens the limiter on the database of `pool`, creating the `rate_limits` table when it
   * does not exist. The limiter asks on one connection of its own, so that its questions
   * never queue behind the pool's work (a late question leaves a gap in the quota); it ends
   * with {@link close}, or by itself once idle. The pool stays the caller's to end.
   *
   * @example
   * ```ts
   * const limiter = await PostgresRateLimiter.open(pool, { limit: 120 });
   * ```
   */
  static async open(
    pool: pg.Pool,
    options: PostgresRateLimiterOptions = {},
  ): Promise<PostgresRateLimiter> {
    const slices = quotaSlices(
      options.limit ?? 120,
      options.windowMs ?? 60_000,
      options.marginMs ?? 500,
      0,
    );
    const connection = new pg.Pool({ ...pool.options, max: 1, allowExitOnIdle: true });
    // A broken idle connection is replaced at the next question; it must not crash.
    connection.on("error", () => undefined);
    const counter = await new Promise<RateLimiterPostgres>((ready, fail) => {
      const made: RateLimiterPostgres = new DatabaseClockCounter(
        {
          storeClient: connection,
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
    }).catch(async (error: unknown) => {
      await connection.end();
      throw error;
    });
    return new PostgresRateLimiter(
      counter,
      connection,
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
    // A block of no time would be one that never ends (rate-limiter-flexible's 0).
    if (!(ms >= 1)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
    // Every other process sees the counter blocked until then (whole seconds, the counter's
    // unit, rounded up); this one already waits.
    this.#counter.block(this.#key, Math.ceil(ms / 1000)).catch(() => undefined);
  }

  /** Ends the limiter's connection (not the pool it was opened on). */
  async close(): Promise<void> {
    await this.#connection.end();
  }

  async #admit(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const paused = this.#pausedUntil - Date.now();
      if (paused > 0) {
        await systemClock.sleep(paused, signal);
        continue;
      }
      try {
        await this.#counter.consume(this.#key);
        return;
      } catch (outcome) {
        // Refused: the slice is full (or blocked); the next one begins in msBeforeNext.
        await systemClock.sleep(waitAfterRefusal(outcome, this.#retryMs), signal);
      }
    }
  }
}

/**
 * How long to wait after the counter refused (a `RateLimiterRes`) or failed (anything
 * else): until the slice ends (`msBeforeNext`, 0 when it ends now), else `retryMs` (a
 * failure, or -1: a slice that never ends, a block no process asked for).
 */
export function waitAfterRefusal(outcome: unknown, retryMs: number): number {
  return outcome instanceof RateLimiterRes && outcome.msBeforeNext >= 0
    ? Math.max(1, outcome.msBeforeNext)
    : retryMs;
}

// PostgreSQL's clock in milliseconds, read when the statement writes the row (after any
// wait for its lock).
const NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

/**
 * rate-limiter-flexible's PostgreSQL counter with one change, made through the store's own
 * extension point (`_upsert`): the time is PostgreSQL's when the row is written, not the
 * caller's when the statement was built. With the caller's, a question that waited for a
 * pooled connection, or a machine whose clock is ahead, begins a slice that has partly
 * passed already, and two slices can then admit their points within less than one.
 */
class DatabaseClockCounter extends RateLimiterPostgres {
  declare _query: (query: { name: string; text: string; values: unknown[] }) => Promise<unknown>;

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    const end = (now: string) => `CASE WHEN $3::bigint > 0 THEN ${now} + $3::bigint ELSE NULL END`;
    return this._query({
      name: "withings-kit-upsert",
      // One reading of the clock for both columns, taken once the row is locked.
      text: `INSERT INTO rate_limits (key, points, expire) VALUES ($1, $2, ${end(NOW_MS)})
        ON CONFLICT (key) DO UPDATE SET (points, expire) = (
          SELECT CASE WHEN c.restart THEN $2 ELSE rate_limits.points + $2 END,
                 CASE WHEN c.restart THEN ${end("c.now")} ELSE rate_limits.expire END
            FROM (SELECT n.now, (rate_limits.expire <= n.now OR $4::boolean) AS restart
                    FROM (SELECT ${NOW_MS} AS now) n) c)
        RETURNING points, expire - ${NOW_MS} + $5::bigint AS expire`,
      // The end comes back on this machine's clock: rate-limiter-flexible counts the wait
      // from Date.now().
      values: [key, points, Math.round(msDuration), forceExpire, Date.now()],
    });
  }
}
