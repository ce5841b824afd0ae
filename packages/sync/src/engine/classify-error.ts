import {
  isWithingsError,
  WithingsApiError,
  WithingsArgumentError,
  WithingsAuthError,
  WithingsPagingError,
} from "@withings-kit/client";
import { isStoreError } from "../store/store-error.js";
import { SyncBusyError } from "./sync-busy-error.js";

/**
 * How the engine treats a failed call, once the client's own retries are spent:
 * - `retry`: worth another round later in the same run (network, timeouts, 5xx, cut or
 *   garbled answers, 601, and a data call refused twice with 401 although the refresh
 *   worked — a real revocation shows up at the refresh instead);
 * - `user`: the user cannot be synced now (dead refresh token or no tokens: until they
 *   consent again; another run holds the user): stop this user, keep the others going;
 * - `dataset`: this dataset failed (bad parameters, a store error, a list whose paging
 *   broke off or that kept changing, a bug); the user's other datasets still run.
 *
 * @example
 * ```ts
 * classifyError(new WithingsTimeoutError(30_000)); // "retry"
 * ```
 */
export type ErrorClass = "retry" | "user" | "dataset";

const RETRYABLE_FAMILIES: ReadonlySet<string> = new Set([
  "error",
  "timeout",
  "rate-limit",
  "unknown",
]);

/**
 * Classifies a failure, see {@link ErrorClass}.
 *
 * @example
 * ```ts
 * if (classifyError(error) === "user") report.needsReauthorization = true;
 * ```
 */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof WithingsArgumentError) return "dataset";
  if (isStoreError(error)) return "dataset";
  // A list whose paging broke off, or kept changing, is read again by the next run: within
  // this one, the same read would most likely end the same way.
  if (error instanceof WithingsPagingError) return "dataset";
  if (error instanceof SyncBusyError) return "user";
  if (error instanceof WithingsAuthError) {
    // The token endpoint refusing the refresh token, or no tokens at all: consent again.
    if (error.action === "oauth2.requesttoken" || error.action === undefined) return "user";
    return "retry";
  }
  if (error instanceof WithingsApiError) {
    // Server-side trouble may pass; a refusal of what was asked will not.
    return RETRYABLE_FAMILIES.has(error.family) ? "retry" : "dataset";
  }
  if (isWithingsError(error)) return "retry";
  return "dataset";
}
