/**
 * The `lastupdate` (or, for ECG, the `startdate`) a walk asks from: `0` when the dataset has
 * no cursor yet (a backfill of everything), else the cursor minus the overlap; `since`, when
 * given, can only move that earlier (an explicit re-read) — a `since` after the cursor would
 * skip what changed in between, and the cursor would then move past it for good. On a first
 * sync `since` is where the walk starts. The overlap re-reads the last stretch on purpose: a
 * record can become visible a little after the time it is stamped with (clock skew between
 * Withings servers, uploads that commit late), and re-reading it is harmless because records
 * are written whole, by the API's ids.
 *
 * @example
 * ```ts
 * walkStart(null, 3600); // 0
 * walkStart(1_700_000_000, 3600); // 1_699_996_400
 * walkStart(1_700_000_000, 3600, 1_600_000_000); // 1_600_000_000
 * walkStart(1_700_000_000, 3600, 1_750_000_000); // 1_699_996_400
 * walkStart(null, 3600, 1_600_000_000); // 1_600_000_000
 * ```
 */
export function walkStart(
  cursor: number | null | undefined,
  overlapSeconds: number,
  since?: number,
): number {
  const from =
    cursor === null || cursor === undefined ? undefined : Math.max(0, cursor - overlapSeconds);
  if (since === undefined) return from ?? 0;
  const asked = Math.max(0, Math.floor(since));
  return from === undefined ? asked : Math.min(asked, from);
}
