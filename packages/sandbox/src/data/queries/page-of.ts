import type { TableEntry } from "../records/record-table.js";
import { comparePositions, type TablePosition } from "../records/table-position.js";

/**
 * Where a page starts: after skipping `skip` matching rows (offsets that count rows), or
 * right after a position of the table in the walking order (keyset offsets).
 *
 * @example
 * ```ts
 * const first: PageCursor = { skip: 0 };
 * const next: PageCursor = { after: { sort: 1767225600, tie: 7, id: 7 } };
 * ```
 */
export type PageCursor = { readonly skip: number } | { readonly after: TablePosition };

/**
 * One page of a list answer.
 *
 * @example
 * ```ts
 * const { items, more, last } = pageOf(table.entries, 0, table.size, true, () => true, { skip: 0 }, 4096);
 * ```
 */
export interface Page<R> {
  readonly items: R[];
  /** True when a matching row follows the page. */
  readonly more: boolean;
  /** The entry of the last row served, if any (what a keyset offset points at). */
  readonly last: TableEntry<R> | undefined;
}

/**
 * Pages through the matching records of `entries[from, to)` in the walking order (newest
 * first walks the table backwards). A `skip` cursor counts matching rows at the time of the
 * request, as the real cloud's integer offsets do (`offset: 300` after 300 summaries), so a
 * row deleted behind the reader shifts every later row; an `after` cursor resumes after a
 * position, whatever was deleted. Work is proportional to the rows skipped and returned,
 * plus one look-ahead for `more`, so a first page of 4096 groups is a walk over 4097 frozen
 * records with no copying.
 *
 * A cursor past the end is an empty last page, not an error: data can be deleted between two
 * page requests, and a client following offsets must not fail because of it.
 *
 * @example
 * ```ts
 * const page = pageOf(entries, 0, entries.length, false, (e) => e.created <= now, { skip: 200 }, 200);
 * ```
 */
export function pageOf<R>(
  entries: readonly TableEntry<R>[],
  from: number,
  to: number,
  newestFirst: boolean,
  match: (entry: TableEntry<R>) => boolean,
  cursor: PageCursor,
  size: number,
): Page<R> {
  const items: R[] = [];
  let skip = "skip" in cursor ? cursor.skip : 0;
  let more = false;
  let last: TableEntry<R> | undefined;
  const step = newestFirst ? -1 : 1;
  const end = newestFirst ? from - 1 : to;
  let i = newestFirst ? to - 1 : from;
  if ("after" in cursor) {
    // The first index after the position, in the walking order.
    const above = firstAbove(entries, from, to, cursor.after);
    i = newestFirst ? aboveOrEqual(entries, from, above, cursor.after) - 1 : above;
  }
  for (; i !== end; i += step) {
    const entry = entries[i]!;
    if (!match(entry)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (items.length === size) {
      more = true;
      break;
    }
    items.push(entry.rec);
    last = entry;
  }
  return { items, more, last };
}

// The first index in [from, to) whose entry comes after `position`.
function firstAbove<R>(
  entries: readonly TableEntry<R>[],
  from: number,
  to: number,
  position: TablePosition,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(entries[mid]!, position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The first index in [from, to) whose entry is at or after `position`.
function aboveOrEqual<R>(
  entries: readonly TableEntry<R>[],
  from: number,
  to: number,
  position: TablePosition,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(entries[mid]!, position) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
