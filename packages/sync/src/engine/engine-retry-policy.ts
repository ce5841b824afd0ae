import { type RetryPolicy, type RetryState, WithingsServerError } from "@withings-kit/client";
import { classifyError } from "./classify-error.js";

/**
 * The policy the engine gives the client for its calls: the client's own, with `extra`
 * attempts more, and server failures the client would give up on (an "error occurred"
 * status, an unknown one) also retried, as the engine counts them as passing. One policy
 * decides every attempt of a call and its wait, so the quota sees at most
 * `maxAttempts + extra` sends per request, spaced as the client spaces them, instead of
 * rounds of the client's retries nested in the engine's.
 *
 * @example
 * ```ts
 * const retry = engineRetryPolicy(user.retryPolicy, 2);
 * await user.getDevice({ retry });
 * ```
 */
export function engineRetryPolicy(client: RetryPolicy, extra: number): RetryPolicy {
  const maxAttempts = client.maxAttempts + extra;
  // The client's policy stops at its own count: past it, it is asked whether it would retry
  // this failure at all (as before its last attempt; before its first when it has one).
  const asClient = (state: RetryState): RetryState => ({
    ...state,
    attempt: Math.min(state.attempt, client.maxAttempts - 1),
  });
  return Object.freeze({
    maxAttempts,
    shouldRetry(state: RetryState): boolean {
      if (state.attempt >= maxAttempts) return false;
      if (client.shouldRetry(asClient(state))) return true;
      // Not a 401: the user client refreshes the token and tries once more by itself, and
      // the same token sent again would only be refused again.
      const { error } = state;
      return (
        !state.write && error instanceof WithingsServerError && classifyError(error) === "retry"
      );
    },
    delayMs(state: RetryState, random: number): number {
      return client.delayMs(state, random);
    },
  });
}
