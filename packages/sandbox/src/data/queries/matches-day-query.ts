/**
 * The filter of the day-keyed v2 lists (getworkouts, getsummary): a record is answered when
 * it has reached the cloud by `now`, changed after `lastupdate` (strictly, as the sandbox
 * reads the API's `lastupdate`), and its local day lies in `[start, end]` when those are
 * given.
 *
 * @example
 * ```ts
 * const keep = matchesDayQuery(now, undefined, 19_000, 19_030);
 * table.entries.filter(keep);
 * ```
 */
export function matchesDayQuery(
  now: number,
  lastupdate: number | undefined,
  start: number | undefined,
  end: number | undefined,
): (entry: {
  readonly created: number;
  readonly modified: number;
  readonly day: number;
}) => boolean {
  return (e) =>
    e.created <= now &&
    (lastupdate === undefined || e.modified > lastupdate) &&
    (start === undefined || e.day >= start) &&
    (end === undefined || e.day <= end);
}
