import { LATE_DAYS } from "./late-days.js";
import { mixesExclusiveParams } from "./mixes-exclusive-params.js";
import { pageOf } from "./page-of.js";
import type { QueryParams } from "./query-params.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { StoredMeasureGroup } from "./stored-records.js";
import type { UserDataStore } from "./user-data-store.js";

/**
 * The body of `measure.getmeas`: groups newest first, `more` as 0/1 (quirk Q6), an integer
 * `offset`, `updatetime` (an int, like real answers) and the user's `timezone`.
 *
 * Filters: `startdate`/`enddate` on `date`, both inclusive; `lastupdate` keeps groups
 * created or modified strictly after it (`modified > lastupdate`; `modified` is never below
 * `created`), including old measurements uploaded late; `meastype`/`meastypes` keep whole
 * groups that contain one of the types; `category` 1 or 2 — when it is omitted both come
 * back (an assumption: the reference leaves it unconfirmed, §9.4). `lastupdate` with a date
 * range is an empty answer (Q5).
 *
 * @example
 * ```ts
 * const body = answerGetmeas(store, new QueryParams(new URLSearchParams("meastypes=9,10")), now, 4096);
 * ```
 */
export function answerGetmeas(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  pageSize: number,
): object {
  const body = (measuregrps: readonly StoredMeasureGroup[], more: boolean, offset: number) => ({
    updatetime: now,
    timezone: store.timezone,
    measuregrps,
    more: more ? 1 : 0,
    offset,
  });
  const offset = q.offset();
  const lastupdate = q.int("lastupdate");
  const start = q.int("startdate");
  const end = q.int("enddate");
  const category = q.int("category");
  const single = q.int("meastype");
  const list = q.intList("meastypes");
  if (mixesExclusiveParams("measure.getmeas", q)) return body([], false, 0);
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdate must not be after enddate");
  }
  const wanted =
    single === undefined && list === undefined
      ? undefined
      : new Set([...(list ?? []), ...(single === undefined ? [] : [single])]);
  const cal = store.calendar;
  if (start !== undefined) store.need(cal.dayOf(start) - 1);
  if (lastupdate !== undefined) store.need(cal.dayOf(lastupdate) - LATE_DAYS);
  const bounded = start !== undefined || lastupdate !== undefined;
  const table = store.measures;
  for (;;) {
    const from = start === undefined ? 0 : table.firstAtOrAfter(start);
    const to = end === undefined ? table.size : table.endAtOrBefore(end);
    const page = pageOf(
      table.entries,
      from,
      to,
      true,
      (e) =>
        e.created <= now &&
        (lastupdate === undefined || e.modified > lastupdate) &&
        (category === undefined || e.rec.category === category) &&
        (wanted === undefined || e.rec.measures.some((m) => wanted.has(m.type))),
      offset,
      pageSize,
    );
    // Newest first with no lower bound: older history is generated until the page is full
    // and one more row proves `more`, or history ends.
    if (page.more || bounded || !store.extendBack())
      return body(page.items, page.more, page.nextOffset);
  }
}
