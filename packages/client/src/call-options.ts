/**
 * Per-call options.
 *
 * @example
 * ```ts
 * await user.getMeas({ meastypes: [1] }, { signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface CallOptions {
  readonly signal?: AbortSignal;
}
