import { pageOf } from "./page-of.js";
import type { QueryParams } from "./query-params.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { UserDataStore } from "./user-data-store.js";

/**
 * The body of `heart.list`: ECG recordings newest first, `more` boolean, integer `offset`;
 * optional `startdate`/`enddate` (inclusive) on `timestamp`. Only BPM Core recordings carry
 * `bloodpressure`.
 *
 * @example
 * ```ts
 * const body = answerHeartList(store, new QueryParams(new URLSearchParams()), now, 200);
 * ```
 */
export function answerHeartList(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  pageSize: number,
): object {
  const offset = q.offset();
  const start = q.int("startdate");
  const end = q.int("enddate");
  if (start !== undefined && end !== undefined && start > end) {
    throw new SandboxParamError("startdate must not be after enddate");
  }
  if (start !== undefined) store.need(store.calendar.dayOf(start) - 1);
  const table = store.ecg;
  for (;;) {
    const from = start === undefined ? 0 : table.firstAtOrAfter(start);
    const to = end === undefined ? table.size : table.endAtOrBefore(end);
    const page = pageOf(table.entries, from, to, true, (e) => e.created <= now, offset, pageSize);
    // Newest first: generate older history until the page is full or history ends.
    if (page.more || start !== undefined || !store.extendBack()) {
      return { series: page.items, more: page.more, offset: page.nextOffset };
    }
  }
}
