import type { GetSleepSummaryBody } from "@withings-kit/client";
import { type ListPage, type ListQuery, listPage, nothing } from "../queries/list-page.js";
import { matchesDayQuery } from "../queries/matches-day-query.js";
import { mixesExclusiveParams } from "../queries/mixes-exclusive-params.js";
import { projectRecord } from "../queries/project-record.js";
import type { QueryParams } from "../queries/query-params.js";
import { LATE_DAYS } from "../records/late-days.js";
import type { StoredSleepSummary } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";
import { serverSkew } from "./server-skew.js";
import { withSkew } from "./with-skew.js";

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
 * The body of `sleep.getsummary`: sleep summaries (nights and naps) in the cloud's order for
 * getsummary (oldest first by `startdate` by default, §1.13), `more` boolean and an integer
 * `offset` (paging works though the spec omits it, Q7). Needs `startdateymd` + `enddateymd`
 * (inclusive, on the summary's `date`, the local wake-up day) or `lastupdate` (on the
 * `/v2/sleep` server's clock); both together are an empty answer (Q5). Without
 * `data_fields` each `data` holds the default durations; with it, the named fields the
 * summary has.
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("lastupdate=0&data_fields=hr_average,sleep_score"));
 * const body = answerGetsummary(store, q, now, {});
 * ```
 */
export function answerGetsummary(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"sleep.getsummary"> {
  const key = "sleep.getsummary";
  const skew = serverSkew(store.cloud, key);
  const cal = store.calendar;
  const lastupdate = q.int("lastupdate");
  const start = q.day("startdateymd", cal);
  const end = q.day("enddateymd", cal);
  const fields = q.stringList("data_fields");
  const wanted = fields === undefined ? DEFAULT_FIELDS : new Set(fields);
  const body = (page: ListPage<StoredSleepSummary>) =>
    ({
      series: page.items.map((s) => {
        const stamped = withSkew(s, skew);
        return { ...stamped, data: projectRecord(stamped.data, (name) => wanted.has(name)) };
      }),
      more: page.more,
      offset: page.offset,
    }) satisfies GetSleepSummaryBody;
  const table = store.sleep;
  if (mixesExclusiveParams(key, q)) return body(listPage(store, key, q, nothing(table)));
  if (lastupdate === undefined && (start === undefined || end === undefined)) {
    throw new SandboxParamError("startdateymd and enddateymd, or lastupdate, are required");
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdateymd must not be after enddateymd");
  }
  const since = lastupdate === undefined ? undefined : lastupdate - skew;
  if (start !== undefined) store.need(start - 1);
  if (since !== undefined) store.need(cal.dayOf(since) - LATE_DAYS);
  // Sorted by startdate (the evening before `date`): widen the index range generously.
  const query: ListQuery<StoredSleepSummary> = {
    table,
    range: () => [
      start === undefined ? 0 : table.firstAtOrAfter(cal.midnight(start) - 3 * DAY),
      end === undefined ? table.size : table.endAtOrBefore(cal.midnight(end + 1) + DAY),
    ],
    match: matchesDayQuery(now, since, start, end),
    bounded: true,
  };
  return body(listPage(store, key, q, query, context.pageSizes));
}
