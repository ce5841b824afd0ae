import { type Clock, systemClock } from "../clock.js";
import type { RateLimiter } from "./rate-limiter.js";

/**
 * Options of {@link TokenBucket}.
 *
 * @example
 * ```ts
 * const options: TokenBucketOptions = { limit: 60, windowMs: 60_000, marginMs: 1_000 };
 * const limiter = new TokenBucket(options);
 * ```
 */
export interface TokenBucketOptions {
  /** Requests allowed per window. @default 120 */
  readonly limit?: number;
  /** The window, in milliseconds. @default 60_000 */
  readonly windowMs?: number;
  /**
   * Extra spacing added to the window, in milliseconds, for clock skew and network jitter
   * between this process and the server's counter. @default 500
   */
  readonly marginMs?: number;
  readonly clock?: Clock;
}

/**
 * The app-wide rate limit in process: a bucket of `limit` tokens in which each spent token
 * returns exactly one window after it was spent. A bucket that refills at a steady rate
 * would let through `2 × limit` requests in some windows (a full bucket plus a window's
 * refill); this one never admits more than `limit` in any window, which is what the API
 * counts (120 requests per minute per app, reference §7).
 *
 * @example
 * ```ts
 * const limiter = new TokenBucket({ limit: 120, windowMs: 60_000 });
 * const a = createWithingsClient({ clientId, clientSecret, rateLimiter: limiter });
 * const b = createWithingsClient({ clientId, clientSecret, rateLimiter: limiter }); // shares the budget
 * ```
 */
export class TokenBucket implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: Clock;
  // Ring buffer of the send times of the last `limit` admissions.
  readonly #sent: number[];
  #next = 0;
  #count = 0;
  #pausedUntil = 0;
  // The bucket's own time, which never goes back (see #tick).
  #time = 0;
  #lastReading: number | undefined;
  // Admissions are granted in arrival order through this chain.
  #queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions = {}) {
    const limit = options.limit ?? 120;
    const windowMs = options.windowMs ?? 60_000;
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError("limit must be a positive integer");
    if (!(windowMs > 0)) throw new RangeError("windowMs must be positive");
    this.limit = limit;
    this.windowMs = windowMs + (options.marginMs ?? 500);
    this.#clock = options.clock ?? systemClock;
    this.#sent = new Array<number>(limit).fill(0);
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#admit(signal));
    // A caller that gives up must not block the ones behind it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#tick() + ms);
  }

  // A wall clock can be set back (NTP, a machine woken up, a VM resumed). Stamps kept in
  // its time would then lie in the future, and a two-second pause, or a full ring, would
  // hold every request for as long as the jump: days. A monotonic clock cannot be set, so
  // the bucket counts on it when the clock has one (the system clock does). Otherwise it
  // keeps time of its own that moves only forward, by what the clock moved since the last
  // reading: a jump back then costs nothing, though a jump back and then forward again
  // shortens one window by the jump.
  #tick(): number {
    if (this.#clock.monotonicNow !== undefined) return this.#clock.monotonicNow();
    const reading = this.#clock.now();
    if (this.#lastReading === undefined) this.#time = reading;
    else if (reading > this.#lastReading) this.#time += reading - this.#lastReading;
    this.#lastReading = reading;
    return this.#time;
  }

  async #admit(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#tick();
      let ready = this.#pausedUntil;
      if (this.#count === this.limit) {
        // The oldest admission in the ring frees a token one window after it happened.
        ready = Math.max(ready, (this.#sent[this.#next] ?? 0) + this.windowMs);
      }
      if (ready <= now) {
        this.#sent[this.#next] = now;
        this.#next = (this.#next + 1) % this.limit;
        if (this.#count < this.limit) this.#count++;
        return;
      }
      await this.#clock.sleep(ready - now, signal);
    }
  }
}
