/**
 * Admits requests at the app-wide rate. One instance is shared by every user and client of
 * an application; a distributed implementation (Redis, BullMQ) can replace the in-process
 * {@link TokenBucket}.
 *
 * @example
 * ```ts
 * const limiter: RateLimiter = new TokenBucket({ limit: 120, windowMs: 60_000 });
 * await limiter.acquire();
 * ```
 */
export interface RateLimiter {
  /** Resolves when one more request may be sent now. */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Holds every request back for `ms`: called when the API answers 601, so that all users
   * of the app slow down, not only the one that was refused.
   */
  pause(ms: number): void;
}
