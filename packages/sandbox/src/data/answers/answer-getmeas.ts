import type { GetMeasBody } from "@withings-kit/client";
import { type ListQuery, listPage, nothing } from "../queries/list-page.js";
import { mixesExclusiveParams } from "../queries/mixes-exclusive-params.js";
import type { QueryParams } from "../queries/query-params.js";
import { LATE_DAYS } from "../records/late-days.js";
import type { StoredMeasureGroup } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";
import { serverSkew } from "./server-skew.js";
import { withSkew } from "./with-skew.js";

/**
 * The body of `measure.getmeas`: groups in the cloud's order for getmeas (newest first by
 * default, §1.13), `more` as 0/1 (quirk Q6), an integer `offset`, `updatetime` (an int, like
 * real answers: the server's now) and the user's `timezone`.
 *
 * Filters: `startdate`/`enddate` on `date`, both inclusive; `lastupdate` keeps groups
 * created or modified strictly after it (`modified > lastupdate`, both on the `/measure`
 * server's clock; `modified` is never below `created`), including old measurements uploaded
 * late; `meastype`/`meastypes` keep whole groups that contain one of the types; `category`
 * 1 or 2 — when it is omitted, both or only real measures per the cloud's `getmeasCategory`
 * (the reference leaves it unconfirmed, §9.4). `lastupdate` with a date range is an empty
 * answer (Q5).
 *
 * @example
 * ```ts
 * const body = answerGetmeas(store, new QueryParams(new URLSearchParams("meastypes=9,10")), now, {});
 * ```
 */
export function answerGetmeas(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"measure.getmeas"> {
  const key = "measure.getmeas";
  const skew = serverSkew(store.cloud, key);
  const body = (page: { items: StoredMeasureGroup[]; more: boolean; offset: number }) =>
    ({
      updatetime: now + skew,
      timezone: store.timezone,
      measuregrps: skew === 0 ? page.items : page.items.map((g) => withSkew(g, skew)),
      more: page.more ? 1 : 0,
      offset: page.offset,
    }) satisfies GetMeasBody; // checked against the client's type at compile time only
  const lastupdate = q.int("lastupdate");
  const start = q.int("startdate");
  const end = q.int("enddate");
  const category =
    q.int("category") ?? (store.cloud.getmeasCategory === "real-only" ? 1 : undefined);
  const single = q.int("meastype");
  const list = q.intList("meastypes");
  const table = store.measures;
  if (mixesExclusiveParams(key, q)) return body(listPage(store, key, q, nothing(table)));
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdate must not be after enddate");
  }
  const wanted =
    single === undefined && list === undefined
      ? undefined
      : new Set([...(list ?? []), ...(single === undefined ? [] : [single])]);
  // `lastupdate` is on the server's clock: a stamp answered as `modified + skew`.
  const since = lastupdate === undefined ? undefined : lastupdate - skew;
  const cal = store.calendar;
  if (start !== undefined) store.need(cal.dayOf(start) - 1);
  if (since !== undefined) store.need(cal.dayOf(since) - LATE_DAYS);
  const query: ListQuery<StoredMeasureGroup> = {
    table,
    range: () => [
      start === undefined ? 0 : table.firstAtOrAfter(start),
      end === undefined ? table.size : table.endAtOrBefore(end),
    ],
    match: (e) =>
      e.created <= now &&
      (since === undefined || e.modified > since) &&
      (category === undefined || e.rec.category === category) &&
      (wanted === undefined || e.rec.measures.some((m) => wanted.has(m.type))),
    bounded: start !== undefined || since !== undefined,
  };
  return body(listPage(store, key, q, query, context.pageSizes));
}
