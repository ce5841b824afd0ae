/**
 * Settings of a {@link RequestLimiter}, in milliseconds of sandbox time.
 *
 * @example
 * ```ts
 * const o: RequestLimiterOptions = { limit: 120, windowMs: 60_000, duplicateWindowMs: 10_000 };
 * ```
 */
export interface RequestLimiterOptions {
  /** Requests admitted per app per window; `undefined` turns the quota off. */
  readonly limit: number | undefined;
  readonly windowMs: number;
  /** How long a successful request blocks an identical one; 0 turns the check off. */
  readonly duplicateWindowMs: number;
}

/**
 * The two limits behind status 601 (reference §7): an app-wide quota over a sliding window, and
 * the guard against an identical request repeated within 10 s of a successful one.
 *
 * Refused requests do not count against the quota: a client that keeps hammering while refused
 * is admitted again as soon as its earlier requests leave the window.
 *
 * @example
 * ```ts
 * const limiter = new RequestLimiter({ limit: 120, windowMs: 60_000, duplicateWindowMs: 10_000 });
 * limiter.admit("app", now); // true until 120 requests in the last minute
 * limiter.duplicateWait("app|getmeas|…", now); // undefined, or seconds left to wait
 * ```
 */
export class RequestLimiter {
  readonly #options: RequestLimiterOptions;
  /** Per app: times (ms) of admitted requests, oldest first, from index `head`. */
  readonly #windows = new Map<string, { times: number[]; head: number }>();
  /** Request fingerprint → when it first succeeded (ms), in insertion order. */
  readonly #recent = new Map<string, number>();

  constructor(options: RequestLimiterOptions) {
    this.#options = options;
  }

  /** Counts a request of `clientId` at `now`; false (not counted) when the quota is used up. */
  admit(clientId: string, now: number): boolean {
    const { limit, windowMs } = this.#options;
    if (limit === undefined) return true;
    let window = this.#windows.get(clientId);
    if (window === undefined) {
      window = { times: [], head: 0 };
      this.#windows.set(clientId, window);
    }
    const { times } = window;
    while (window.head < times.length && times[window.head]! <= now - windowMs) window.head++;
    // Compact now and then so the array does not grow with every request ever made.
    if (window.head > 1024 && window.head * 2 > times.length) {
      times.splice(0, window.head);
      window.head = 0;
    }
    if (times.length - window.head >= limit) return false;
    times.push(now);
    return true;
  }

  /**
   * Seconds to wait when an identical request succeeded less than the duplicate window ago;
   * `undefined` when the request may go on.
   */
  duplicateWait(fingerprint: string, now: number): number | undefined {
    const { duplicateWindowMs } = this.#options;
    if (duplicateWindowMs <= 0) return undefined;
    const first = this.#recent.get(fingerprint);
    if (first === undefined) return undefined;
    const left = first + duplicateWindowMs - now;
    if (left <= 0) {
      this.#recent.delete(fingerprint);
      return undefined;
    }
    return Math.max(1, Math.ceil(left / 1000));
  }

  /** Remembers a request that was answered with status 0. */
  recordSuccess(fingerprint: string, now: number): void {
    const { duplicateWindowMs } = this.#options;
    if (duplicateWindowMs <= 0) return;
    // Entries are inserted in time order: drop the expired ones at the front.
    for (const [key, at] of this.#recent) {
      if (at + duplicateWindowMs > now) break;
      this.#recent.delete(key);
    }
    this.#recent.delete(fingerprint);
    this.#recent.set(fingerprint, now);
  }
}
