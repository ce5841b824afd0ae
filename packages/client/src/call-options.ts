import type { RetryPolicy } from "./limits/retry-policy.js";

/**
 * Per-call options.
 *
 * @example
 * ```ts
 * await user.getMeas({ meastypes: [1] }, { signal: AbortSignal.timeout(10_000) });
 * await user.getMeas({}, { retry: retryPolicy({ maxAttempts: 8 }) });
 * ```
 */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /**
   * This call's retry policy, in place of the client's. A caller with needs of its own (a
   * long backfill that should ride out more failures) gives them here, so that one policy
   * decides every attempt and its spacing, rather than a loop of retries around the
   * client's. @default the client's policy
   */
  readonly retry?: RetryPolicy;
}
