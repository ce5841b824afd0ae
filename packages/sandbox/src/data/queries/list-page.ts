import { WithingsArgumentError } from "@withings-kit/client";
import type { ListActionKey } from "../../cloud/list-action-key.js";
import type { RecordTable, TableEntry } from "../records/record-table.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import { type PageCursor, pageOf } from "./page-of.js";
import type { QueryParams } from "./query-params.js";

/**
 * What a list answer reads: a table, the index range its filters can reach, the filter, and
 * whether that range is complete already (a lower bound made the answer generate the days
 * it needs).
 *
 * @example
 * ```ts
 * const query: ListQuery<StoredEcg> = {
 *   table: store.ecg,
 *   range: () => [0, store.ecg.size],
 *   match: (e) => e.created <= now,
 *   bounded: false,
 * };
 * ```
 */
export interface ListQuery<R> {
  readonly table: RecordTable<R>;
  /** The index range [from, to) to walk; asked again after history grows. */
  readonly range: () => readonly [number, number];
  readonly match: (entry: TableEntry<R>) => boolean;
  /** True when every record the filter can match is generated already. */
  readonly bounded: boolean;
}

/**
 * One page of a list answer, with the `more` flag and the `offset` to answer.
 *
 * @example
 * ```ts
 * const { items, more, offset }: ListPage<StoredEcg> = listPage(store, "heart.list", q, query);
 * ```
 */
export interface ListPage<R> {
  readonly items: R[];
  readonly more: boolean;
  readonly offset: number;
}

/**
 * A query that matches nothing: the empty answer to a request that mixes exclusive
 * parameters (Q5), paged like any other.
 *
 * @example
 * ```ts
 * if (mixesExclusiveParams(key, q)) return body(listPage(store, key, q, nothing(store.sleep)));
 * ```
 */
export function nothing<R>(table: RecordTable<R>): ListQuery<R> {
  return { table, range: () => [0, 0], match: () => false, bounded: true };
}

/**
 * Pages a list action the way the user's cloud behaves: its page size and sort order, and
 * its offset style (reference §1.13, §9.1–9.2):
 * - `count`: the request's `offset` skips that many matching rows, counted at the time of the
 *   request; the answer's `offset` is the request's plus the rows served;
 * - `page-boundary`: the same skip, but the answered `offset` is always the request's plus
 *   the page size, even on a short last page;
 * - `token`: the request's `offset` is a token standing for the last row served before (0 or
 *   none: the start); the answered `offset` is the token of this page's last row (or the
 *   request's, when the page is empty). An unknown token is a {@link SandboxParamError}.
 *
 * Newest-first walks without a lower bound generate older history until the page is full;
 * oldest-first walks without one generate all of it first.
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when a page size in `pageSizes` is
 *   not a positive integer.
 * @example
 * ```ts
 * const page = listPage(store, "measure.getmeas", q, query, { "measure.getmeas": 10 });
 * ```
 */
export function listPage<R>(
  store: UserDataStore,
  key: ListActionKey,
  q: QueryParams,
  query: ListQuery<R>,
  pageSizes?: Partial<Record<ListActionKey, number>>,
): ListPage<R> {
  const cloud = store.cloud;
  const size = pageSizeOf(key, pageSizes) ?? cloud.pageSizes[key];
  const newestFirst = cloud.sortOrders[key] === "newest-first";
  const requested = q.offset();
  let cursor: PageCursor = { skip: requested };
  if (cloud.offsets === "token" && requested !== 0) {
    const after = store.tokens.positionOf(key, requested);
    if (after === undefined) throw new SandboxParamError(`invalid offset ${requested}`);
    cursor = { after };
  }
  if (!query.bounded && !newestFirst) store.needAll();
  for (;;) {
    const [from, to] = query.range();
    const page = pageOf(query.table.entries, from, to, newestFirst, query.match, cursor, size);
    // Newest first with no lower bound: older history is generated until the page is full
    // and one more row proves `more`, or history ends.
    if (page.more || query.bounded || !newestFirst || !store.extendBack()) {
      let offset: number;
      if (cloud.offsets === "count") offset = requested + page.items.length;
      else if (cloud.offsets === "page-boundary") offset = requested + size;
      else
        offset =
          page.last === undefined ? requested : store.tokens.tokenFor(key, page.last, cloud.seed);
      return { items: page.items, more: page.more, offset };
    }
  }
}

function pageSizeOf(
  key: ListActionKey,
  overrides: Partial<Record<ListActionKey, number>> | undefined,
): number | undefined {
  const size = overrides?.[key];
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `page size for ${key} must be a positive integer, got ${size}`,
    );
  }
  return size;
}
