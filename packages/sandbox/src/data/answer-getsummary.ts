import { LATE_DAYS } from "./late-days.js";
import { matchesDayQuery } from "./matches-day-query.js";
import { mixesExclusiveParams } from "./mixes-exclusive-params.js";
import { pageOf } from "./page-of.js";
import { projectRecord } from "./project-record.js";
import type { QueryParams } from "./query-params.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { StoredSleepSummary } from "./stored-records.js";
import type { UserDataStore } from "./user-data-store.js";

const DAY = 86_400;

// What getsummary answers without data_fields (aiowithings sleep_summary_no_datafields.json).
const DEFAULT_FIELDS: ReadonlySet<string> = new Set([
  "wakeupduration",
  "wakeupcount",
  "durationtosleep",
  "remsleepduration",
  "durationtowakeup",
  "total_timeinbed",
  "total_sleep_time",
  "sleep_efficiency",
  "sleep_latency",
  "wakeup_latency",
  "waso",
  "nb_rem_episodes",
  "out_of_bed_count",
  "lightsleepduration",
  "deepsleepduration",
]);

/**
 * The body of `sleep.getsummary`: nights oldest first (by `startdate`), `more` boolean and
 * an integer `offset` (paging works though the spec omits it, Q7). Needs `startdateymd` +
 * `enddateymd` (inclusive, on the summary's `date`, the local wake-up day) or `lastupdate`;
 * both together are an empty answer (Q5). Without `data_fields` each `data` holds the
 * default durations; with it, the named fields the night has.
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("lastupdate=0&data_fields=hr_average,sleep_score"));
 * const body = answerGetsummary(store, q, now, 300);
 * ```
 */
export function answerGetsummary(
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
  if (mixesExclusiveParams("sleep.getsummary", q)) return { series: [], more: false, offset: 0 };
  if (lastupdate === undefined && (start === undefined || end === undefined)) {
    throw new SandboxParamError("startdateymd and enddateymd, or lastupdate, are required");
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdateymd must not be after enddateymd");
  }
  if (start !== undefined) store.need(start - 1);
  if (lastupdate !== undefined) store.need(store.calendar.dayOf(lastupdate) - LATE_DAYS);
  const table = store.sleep;
  // Sorted by startdate (the evening before `date`): widen the index range generously.
  const from = start === undefined ? 0 : table.firstAtOrAfter(cal.midnight(start) - 3 * DAY);
  const to = end === undefined ? table.size : table.endAtOrBefore(cal.midnight(end + 1) + DAY);
  const page = pageOf(
    table.entries,
    from,
    to,
    false,
    matchesDayQuery(now, lastupdate, start, end),
    offset,
    pageSize,
  );
  const wanted = fields === undefined ? DEFAULT_FIELDS : new Set(fields);
  const series = page.items.map((s: StoredSleepSummary) => ({
    ...s,
    data: projectRecord(s.data, (key) => wanted.has(key)),
  }));
  return { series, more: page.more, offset: page.nextOffset };
}
