import type { GetActivityBody } from "@withings-kit/client";
import type { CloudAction } from "../../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import { type ListPage, type ListQuery, listPage, nothing } from "../queries/list-page.js";
import { mixesExclusiveParams } from "../queries/mixes-exclusive-params.js";
import { projectRecord } from "../queries/project-record.js";
import type { QueryParams } from "../queries/query-params.js";
import { LATE_DAYS } from "../records/late-days.js";
import type { StoredActivity } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";
import { serverSkew } from "./server-skew.js";
import { withSkew } from "./with-skew.js";

const GETACTIVITY: CloudAction = CLOUD_ACTIONS["measure.getactivity"];

/**
 * Every metric an activity record can carry: the `data_fields` of getactivity (reference
 * §1.6), from the sandbox's own table.
 *
 * @example
 * ```ts
 * ACTIVITY_METRICS.has("hr_average"); // true
 * ```
 */
export const ACTIVITY_METRICS: ReadonlySet<string> = new Set(GETACTIVITY.dataFields);

// Without data_fields the real answer carries the movement metrics only (the Home Assistant
// capture), the heart-rate ones have to be asked for (the aiowithings capture).
const DEFAULT_METRICS: ReadonlySet<string> = new Set(
  [...ACTIVITY_METRICS].filter((metric) => !metric.startsWith("hr_")),
);

/**
 * The body of `measure.getactivity`: activity records in the cloud's order for getactivity
 * (oldest first by default, §1.13; a date can hold several records, one per source),
 * metrics flat on each record, `more` boolean. Needs `startdateymd` + `enddateymd`
 * (inclusive) or `lastupdate` (on the `/v2/measure` server's clock); both together give an
 * empty answer (Q5). `data_fields` picks metrics; unknown names are ignored.
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("startdateymd=2025-01-01&enddateymd=2025-01-31"));
 * const body = answerGetactivity(store, q, now, {});
 * ```
 */
export function answerGetactivity(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"measure.getactivity"> {
  const key = "measure.getactivity";
  const skew = serverSkew(store.cloud, key);
  const lastupdate = q.int("lastupdate");
  const start = q.day("startdateymd", store.calendar);
  const end = q.day("enddateymd", store.calendar);
  const fields = q.stringList("data_fields");
  const wanted = fields === undefined ? DEFAULT_METRICS : new Set(fields);
  const body = (page: ListPage<StoredActivity>) =>
    ({
      activities: page.items.map((a) =>
        projectRecord(withSkew(a, skew), (name) => !ACTIVITY_METRICS.has(name) || wanted.has(name)),
      ),
      more: page.more,
      offset: page.offset,
    }) satisfies GetActivityBody;
  const table = store.activity;
  if (mixesExclusiveParams(key, q)) return body(listPage(store, key, q, nothing(table)));
  if (lastupdate === undefined && (start === undefined || end === undefined)) {
    throw new SandboxParamError("startdateymd and enddateymd, or lastupdate, are required");
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdateymd must not be after enddateymd");
  }
  const since = lastupdate === undefined ? undefined : lastupdate - skew;
  if (start !== undefined) store.need(start);
  if (since !== undefined) store.need(store.calendar.dayOf(since) - LATE_DAYS);
  const query: ListQuery<StoredActivity> = {
    table,
    range: () => [
      start === undefined ? 0 : table.firstAtOrAfter(start),
      end === undefined ? table.size : table.endAtOrBefore(end),
    ],
    match: (e) =>
      e.created <= now &&
      (since === undefined || e.modified > since) &&
      (start === undefined || e.day >= start) &&
      (end === undefined || e.day <= end),
    bounded: true,
  };
  return body(listPage(store, key, q, query, context.pageSizes));
}
