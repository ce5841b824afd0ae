import type { SyncState } from "../store/store.js";

/**
 * Whether a dataset's scheduled deletion reconcile is due: never reconciled, or the last one
 * is `everyHours` old. Deletions leave no trace in `lastupdate` answers (quirk Q9), so only
 * a re-read finds them; once a day keeps that to a handful of requests per user.
 *
 * @example
 * ```ts
 * isReconcileDue({ lastReconcileAt: now - 90_000 }, now, 24); // true
 * ```
 */
export function isReconcileDue(
  state: Pick<SyncState, "lastReconcileAt"> | undefined,
  now: number,
  everyHours: number,
): boolean {
  const last = state?.lastReconcileAt ?? null;
  return last === null || now - last >= everyHours * 3600;
}
