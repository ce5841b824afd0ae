import type { HeartListBody } from "@withings-kit/client";
import { type ListQuery, listPage } from "../queries/list-page.js";
import type { QueryParams } from "../queries/query-params.js";
import type { StoredEcg } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";
import { serverSkew } from "./server-skew.js";
import { withSkew } from "./with-skew.js";

/**
 * The body of `heart.list`: ECG recordings in the cloud's order for heart list (newest first
 * by default, §1.13), `more` boolean, integer `offset`; optional `startdate`/`enddate`
 * (inclusive) on `timestamp`. Only BPM Core recordings carry `bloodpressure`; `modified` is on
 * the `/v2/heart` server's clock.
 *
 * @example
 * ```ts
 * const body = answerHeartList(store, new QueryParams(new URLSearchParams()), now, {});
 * ```
 */
export function answerHeartList(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"heart.list"> {
  const key = "heart.list";
  const skew = serverSkew(store.cloud, key);
  const start = q.int("startdate");
  const end = q.int("enddate");
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdate must not be after enddate");
  }
  if (start !== undefined) store.need(store.calendar.dayOf(start) - 1);
  const table = store.ecg;
  const query: ListQuery<StoredEcg> = {
    table,
    range: () => [
      start === undefined ? 0 : table.firstAtOrAfter(start),
      end === undefined ? table.size : table.endAtOrBefore(end),
    ],
    match: (e) => e.created <= now,
    bounded: start !== undefined,
  };
  const page = listPage(store, key, q, query, context.pageSizes);
  return {
    series: skew === 0 ? page.items : page.items.map((r) => withSkew(r, skew)),
    more: page.more,
    offset: page.offset,
  } satisfies HeartListBody;
}
