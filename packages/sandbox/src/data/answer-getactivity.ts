import { endpoints } from "@withings-kit/client";
import { LATE_DAYS } from "./late-days.js";
import { mixesExclusiveParams } from "./mixes-exclusive-params.js";
import { pageOf } from "./page-of.js";
import { projectRecord } from "./project-record.js";
import type { QueryParams } from "./query-params.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { StoredActivity } from "./stored-records.js";
import type { UserDataStore } from "./user-data-store.js";

/**
 * Every metric an activity day can carry (`data_fields` of getactivity, from the endpoint
 * table).
 *
 * @example
 * ```ts
 * ACTIVITY_METRICS.has("hr_average"); // true
 * ```
 */
export const ACTIVITY_METRICS: ReadonlySet<string> = new Set(
  endpoints["measure.getactivity"].dataFields,
);

// Without data_fields the real answer carries the movement metrics only (the Home Assistant
// capture), the heart-rate ones have to be asked for (the aiowithings capture).
const DEFAULT_METRICS: ReadonlySet<string> = new Set(
  [...ACTIVITY_METRICS].filter((metric) => !metric.startsWith("hr_")),
);

/**
 * The body of `measure.getactivity`: days oldest first, metrics flat on each day, `more`
 * boolean. Needs `startdateymd` + `enddateymd` (inclusive) or `lastupdate`; both together
 * give an empty answer (Q5). `data_fields` picks metrics; unknown names are ignored.
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("startdateymd=2025-01-01&enddateymd=2025-01-31"));
 * const body = answerGetactivity(store, q, now, 200);
 * ```
 */
export function answerGetactivity(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  pageSize: number,
): object {
  const offset = q.offset();
  const lastupdate = q.int("lastupdate");
  const start = q.day("startdateymd", store.calendar);
  const end = q.day("enddateymd", store.calendar);
  const fields = q.stringList("data_fields");
  if (mixesExclusiveParams("measure.getactivity", q))
    return { activities: [], more: false, offset: 0 };
  if (lastupdate === undefined && (start === undefined || end === undefined)) {
    throw new SandboxParamError("startdateymd and enddateymd, or lastupdate, are required");
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdateymd must not be after enddateymd");
  }
  if (start !== undefined) store.need(start);
  if (lastupdate !== undefined) store.need(store.calendar.dayOf(lastupdate) - LATE_DAYS);
  const table = store.activity;
  const from = start === undefined ? 0 : table.firstAtOrAfter(start);
  const to = end === undefined ? table.size : table.endAtOrBefore(end);
  const page = pageOf(
    table.entries,
    from,
    to,
    false,
    (e) => e.created <= now && (lastupdate === undefined || e.modified > lastupdate),
    offset,
    pageSize,
  );
  const wanted = fields === undefined ? DEFAULT_METRICS : new Set(fields);
  const activities = page.items.map((a: StoredActivity) =>
    projectRecord(a, (key) => !ACTIVITY_METRICS.has(key) || wanted.has(key)),
  );
  return { activities, more: page.more, offset: page.nextOffset };
}
