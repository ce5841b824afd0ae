import type { GetWorkoutsBody } from "@withings-kit/client";
import { type ListPage, type ListQuery, listPage, nothing } from "../queries/list-page.js";
import { matchesDayQuery } from "../queries/matches-day-query.js";
import { mixesExclusiveParams } from "../queries/mixes-exclusive-params.js";
import { projectRecord } from "../queries/project-record.js";
import type { QueryParams } from "../queries/query-params.js";
import { LATE_DAYS } from "../records/late-days.js";
import type { StoredWorkout } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";
import { serverSkew } from "./server-skew.js";
import { withSkew } from "./with-skew.js";

const DAY = 86_400;

/**
 * The body of `measure.getworkouts`: workouts in the cloud's order for getworkouts (oldest
 * first by `startdate` by default, §1.13), `more` boolean. Without any date parameter the
 * whole history pages from its first row (as observed on the live API);
 * `startdateymd`/`enddateymd` filter the workout's local `date` (inclusive, either may be
 * sent alone); `lastupdate` keeps `modified > lastupdate` (on the `/v2/measure` server's
 * clock); range plus `lastupdate` is empty (Q5). `data_fields` narrows each `data` object.
 *
 * @example
 * ```ts
 * const body = answerGetworkouts(store, new QueryParams(new URLSearchParams()), now, {});
 * ```
 */
export function answerGetworkouts(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"measure.getworkouts"> {
  const key = "measure.getworkouts";
  const skew = serverSkew(store.cloud, key);
  const cal = store.calendar;
  const lastupdate = q.int("lastupdate");
  const start = q.day("startdateymd", cal);
  const end = q.day("enddateymd", cal);
  const fields = q.stringList("data_fields");
  const wanted = fields === undefined ? undefined : new Set(fields);
  const body = (page: ListPage<StoredWorkout>) =>
    ({
      series: page.items.map((w) => {
        const stamped = withSkew(w, skew);
        return wanted === undefined
          ? stamped
          : { ...stamped, data: projectRecord(stamped.data, (name) => wanted.has(name)) };
      }),
      more: page.more,
      offset: page.offset,
    }) satisfies GetWorkoutsBody;
  const table = store.workouts;
  if (mixesExclusiveParams(key, q)) return body(listPage(store, key, q, nothing(table)));
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdateymd must not be after enddateymd");
  }
  const since = lastupdate === undefined ? undefined : lastupdate - skew;
  if (start !== undefined) store.need(start - 1);
  if (since !== undefined) store.need(cal.dayOf(since) - LATE_DAYS);
  // Sorted by startdate, filtered by local date: widen the index range by a day each side.
  const query: ListQuery<StoredWorkout> = {
    table,
    range: () => [
      start === undefined ? 0 : table.firstAtOrAfter(cal.midnight(start) - 2 * DAY),
      end === undefined ? table.size : table.endAtOrBefore(cal.midnight(end + 1) + 2 * DAY),
    ],
    match: matchesDayQuery(now, since, start, end),
    bounded: start !== undefined || since !== undefined,
  };
  return body(listPage(store, key, q, query, context.pageSizes));
}
