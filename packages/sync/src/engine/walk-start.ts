/**
 * The `lastupdate` (or, for ECG, the `startdate`) a walk asks from: `since` when given (an
 * explicit re-read), `0` when the dataset has no cursor yet (a backfill of everything),
 * else the cursor minus the overlap. The overlap re-reads the last stretch on purpose: a
 * record can become visible a little after the time it is stamped with (clock skew between
 * Withings servers, uploads that commit late), and re-reading it is harmless because rows
 * are upserted by the API's ids.
 *
 * @example
 * ```ts
 * walkStart(null, 3600); // 0
 * walkStart(1_700_000_000, 3600); // 1_699_996_400
 * walkStart(1_700_000_000, 3600, 1_600_000_000); // 1_600_000_000
 * ```
 */
export function walkStart(
  cursor: number | null | undefined,
  overlapSeconds: number,
  since?: number,
): number {
  if (since !== undefined) return Math.max(0, Math.floor(since));
  if (cursor === null || cursor === undefined) return 0;
  return Math.max(0, cursor - overlapSeconds);
}
