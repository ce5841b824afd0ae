/**
 * How many days after its own day a generated record can reach the cloud at most (late
 * uploads take up to ~6 days): a `lastupdate` query needs the days from
 * `dayOf(lastupdate) - LATE_DAYS` on.
 *
 * @example
 * ```ts
 * store.need(store.calendar.dayOf(lastupdate) - LATE_DAYS);
 * ```
 */
export const LATE_DAYS = 8;
