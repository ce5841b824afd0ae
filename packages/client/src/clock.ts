/**
 * Time as the client sees it. Inject one to make expiry, backoff and rate limiting
 * testable without waiting; the sandbox's simulated clock implements it.
 *
 * @example
 * ```ts
 * const frozen: Clock = { now: () => 1_700_000_000_000, sleep: async () => {} };
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Milliseconds from any origin, on a clock that neither goes back nor jumps when the
   * wall clock is set (`performance.now()`). The rate limiter counts its window with it
   * when present, so that a machine clock set back or forward cannot stretch or shrink
   * the window; without it, the limiter makes do with `now()`.
   */
  monotonicNow?(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100);
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  monotonicNow: () => performance.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
});
