import { LATE_DAYS } from "./late-days.js";
import { matchesDayQuery } from "./matches-day-query.js";
import { mixesExclusiveParams } from "./mixes-exclusive-params.js";
import { pageOf } from "./page-of.js";
import { projectRecord } from "./project-record.js";
import type { QueryParams } from "./query-params.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { StoredWorkout } from "./stored-records.js";
import type { UserDataStore } from "./user-data-store.js";

const DAY = 86_400;

/**
 * The body of `measure.getworkouts`: workouts oldest first (by `startdate`), `more`
 * boolean. Without any date parameter the whole history pages from the oldest (as observed
 * on the live API); `startdateymd`/`enddateymd` filter the workout's local `date`
 * (inclusive, either may be sent alone); `lastupdate` keeps `modified > lastupdate`; range
 * plus `lastupdate` is empty (Q5). `data_fields` narrows each `data` object.
 *
 * @example
 * ```ts
 * const body = answerGetworkouts(store, new QueryParams(new URLSearchParams()), now, 300);
 * ```
 */
export function answerGetworkouts(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  pageSize: number,
): object {
  const cal = store.calendar;
  const offset = q.offset();
  const lastupdate = q.int("lastupdate");
  const start = q.day("startdateymd", cal);
  const end = q.day("enddateymd", cal);
  const fields = q.stringList("data_fields");
  if (mixesExclusiveParams("measure.getworkouts", q)) return { series: [], more: false, offset: 0 };
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdateymd must not be after enddateymd");
  }
  if (start !== undefined) store.need(start - 1);
  if (lastupdate !== undefined) store.need(store.calendar.dayOf(lastupdate) - LATE_DAYS);
  // Without a lower bound the answer starts from the oldest workout: all history is needed.
  if (start === undefined && lastupdate === undefined) store.needAll();
  const table = store.workouts;
  // Sorted by startdate, filtered by local date: widen the index range by a day each side.
  const from = start === undefined ? 0 : table.firstAtOrAfter(cal.midnight(start) - 2 * DAY);
  const to = end === undefined ? table.size : table.endAtOrBefore(cal.midnight(end + 1) + 2 * DAY);
  const page = pageOf(
    table.entries,
    from,
    to,
    false,
    matchesDayQuery(now, lastupdate, start, end),
    offset,
    pageSize,
  );
  const wanted = fields === undefined ? undefined : new Set(fields);
  const series =
    wanted === undefined
      ? page.items
      : page.items.map((w: StoredWorkout) => ({
          ...w,
          data: projectRecord(w.data, (key) => wanted.has(key)),
        }));
  return { series, more: page.more, offset: page.nextOffset };
}
