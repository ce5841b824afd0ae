import {
  WithingsHttpError,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "../errors/transport-errors.js";
import { WithingsApiError, WithingsRateLimitError } from "../errors/withings-api-error.js";
import { WithingsResponseError } from "../errors/withings-response-error.js";

/**
 * What a retry decision looks at.
 *
 * @example
 * ```ts
 * const state: RetryState = { attempt: 1, error: new WithingsTimeoutError(30_000), write: false };
 * retryPolicy().shouldRetry(state); // true
 * ```
 */
export interface RetryState {
  /** Attempts made so far (1 after the first failure). */
  readonly attempt: number;
  readonly error: unknown;
  /** True when the action changes server state (notify subscribe, revoke, update). */
  readonly write: boolean;
  /**
   * Milliseconds since the server last had the failed attempt: since its answer came, or,
   * when none came, since it was sent. A retry sooner than 10 s after an attempt the server
   * handled is refused as a duplicate (reference §7), so the policy spaces it; without this
   * figure it assumes the server had the attempt just now.
   */
  readonly sinceAttemptMs?: number;
}

/**
 * When and how long to retry. Both functions are pure, so the policy is testable alone and
 * replaceable as a whole.
 *
 * @example
 * ```ts
 * const patient = retryPolicy({ maxAttempts: 8, maxDelayMs: 120_000 });
 * createWithingsClient({ clientId, clientSecret, retry: patient });
 * ```
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  shouldRetry(state: RetryState): boolean;
  /** How long to wait before the next attempt; `random` is in [0, 1). */
  delayMs(state: RetryState, random: number): number;
}

/**
 * Options of {@link retryPolicy}.
 *
 * @example
 * ```ts
 * const options: RetryPolicyOptions = { maxAttempts: 8, maxDelayMs: 120_000 };
 * createWithingsClient({ clientId, clientSecret, retry: options });
 * ```
 */
export interface RetryPolicyOptions {
  /** Attempts in all, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** The first backoff ceiling, doubled at each attempt. @default 500 */
  readonly baseDelayMs?: number;
  /** The largest backoff. @default 30_000 */
  readonly maxDelayMs?: number;
  /**
   * The least wait after a 601 that names no `wait_seconds`: the limit counts per minute,
   * so retrying within a second only burns another request (reference §7). @default 10_000
   */
  readonly rateLimitDelayMs?: number;
  /**
   * How long the server refuses a repeat of a request it answered (reference §7). A retry
   * after a failure the server may have answered (an answer cut short or not JSON, a
   * timeout, a dropped connection, a gateway timeout) is sent no sooner than this after the
   * failed attempt. @default 10_000
   */
  readonly duplicateWindowMs?: number;
}

/**
 * The retry policy: exponential backoff with full jitter, capped.
 *
 * Retried: network errors, timeouts, HTTP 5xx (and 429), answers that are not JSON or are
 * cut short (a proxy page, a dropped connection), status 522 (timeout) and 601 (rate
 * limit, after `wait_seconds` when the server gives it). Never retried: invalid parameters,
 * authentication failures (the client refreshes once by itself), JSON of the wrong shape,
 * and anything else the server decided. Actions that change state are retried only on 601,
 * which the API refuses before doing anything.
 *
 * Waits: a 601 waits what the server said, or `rateLimitDelayMs`; a failure the server may
 * have answered waits out the duplicate window from its answer (or, with none, from its
 * sending), so that the retry is not refused as a repeat; everything else backs off from
 * `baseDelayMs`.
 *
 * @example
 * ```ts
 * const policy = retryPolicy({ maxAttempts: 3 });
 * policy.shouldRetry({ attempt: 1, error: new WithingsTimeoutError(30_000), write: false }); // true
 * ```
 */
export function retryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const rateLimitFloor = options.rateLimitDelayMs ?? 10_000;
  const duplicateWindow = options.duplicateWindowMs ?? 10_000;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError("maxAttempts must be a positive integer");
  }
  return Object.freeze({
    maxAttempts,
    shouldRetry(state: RetryState): boolean {
      if (state.attempt >= maxAttempts) return false;
      const { error } = state;
      if (error instanceof WithingsRateLimitError) return true;
      if (state.write) return false;
      if (error instanceof WithingsNetworkError || error instanceof WithingsTimeoutError)
        return true;
      if (error instanceof WithingsHttpError)
        return error.httpStatus >= 500 || error.httpStatus === 429;
      if (error instanceof WithingsResponseError) return error.problem !== "shape";
      if (error instanceof WithingsApiError) return error.family === "timeout";
      return false;
    },
    delayMs(state: RetryState, random: number): number {
      const { error } = state;
      const jitter = Math.floor(random * 1000);
      if (error instanceof WithingsRateLimitError) {
        // The server's own figure wins over local backoff; jitter spreads the users that
        // were all told to wait the same time. A refused repeat with no figure waits out
        // the window from its original.
        const floor = error.duplicate ? duplicateWindow - sinceAttempt(state) : rateLimitFloor;
        const wait = error.waitSeconds === undefined ? floor : error.waitSeconds * 1000;
        return Math.max(0, wait) + jitter;
      }
      const ceiling = Math.min(cap, base * 2 ** (state.attempt - 1));
      const backoff = Math.floor(random * ceiling);
      if (!mayHaveBeenAnswered(error)) return backoff;
      return Math.max(backoff, duplicateWindow - sinceAttempt(state) + jitter);
    },
  });
}

function sinceAttempt(state: RetryState): number {
  return Math.max(0, state.sinceAttemptMs ?? 0);
}

// Failures after which the server may have run the request and answered it: the same
// request again within the duplicate window would be refused with a 601.
function mayHaveBeenAnswered(error: unknown): boolean {
  if (error instanceof WithingsResponseError) return error.problem !== "shape";
  if (error instanceof WithingsTimeoutError) return true;
  if (error instanceof WithingsNetworkError) return !neverConnected(error);
  return error instanceof WithingsHttpError && error.httpStatus === 504;
}

// A connection refused or a name that did not resolve reached no server, so nothing can
// have been answered: the retry need not wait out the window.
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

function neverConnected(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === "object" && depth < 5;
    depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NOT_CONNECTED.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
