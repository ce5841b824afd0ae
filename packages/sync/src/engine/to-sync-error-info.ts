import { isWithingsError, WithingsAuthError } from "@withings-kit/client";
import { redact } from "@withings-kit/client/internal";
import { isStoreError } from "../store/store-error.js";
import { SyncBusyError } from "./sync-busy-error.js";
import type { SyncErrorInfo } from "./sync-report.js";

/**
 * Turns anything thrown into the `{ code, message }` a report carries. Client and store
 * errors already keep secrets out of their messages; the text is passed through `redact`
 * once more (Bearer values, `access_token=`/`refresh_token=` fields) so that an unexpected
 * error from a custom fetch or token store cannot leak one into a report or a log.
 *
 * @example
 * ```ts
 * toSyncErrorInfo(new Error("boom")); // { code: "SYNC_FAILED", message: "boom" }
 * ```
 */
export function toSyncErrorInfo(error: unknown): SyncErrorInfo {
  const message = redact(error instanceof Error ? error.message : String(error));
  if (error instanceof WithingsAuthError) {
    return { code: error.code, message, needsReauthorization: error.needsReauthorization };
  }
  if (isWithingsError(error) || isStoreError(error) || error instanceof SyncBusyError) {
    return { code: error.code, message };
  }
  return { code: "SYNC_FAILED", message };
}
