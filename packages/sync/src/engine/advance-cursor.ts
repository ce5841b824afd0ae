/**
 * The cursor after a walk: the newer of the stored one and what the walk saw, never older.
 * A walk that saw nothing (or a re-read from an earlier `since`) leaves the cursor where it
 * was, so a cursor only ever moves forward.
 *
 * @example
 * ```ts
 * advanceCursor(null, 1_700_000_000); // 1_700_000_000
 * advanceCursor(1_700_000_000, null); // 1_700_000_000
 * advanceCursor(1_700_000_000, 1_600_000_000); // 1_700_000_000
 * ```
 */
export function advanceCursor(
  previous: number | null | undefined,
  seen: number | null | undefined,
): number | null {
  const a = previous ?? null;
  const b = seen ?? null;
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
