import type { TableEntry } from "./record-table.js";

/**
 * One page of a list answer.
 *
 * @example
 * ```ts
 * const { items, more, nextOffset } = pageOf(table.entries, 0, table.size, true, () => true, 0, 4096);
 * ```
 */
export interface Page<R> {
  readonly items: R[];
  readonly more: boolean;
  /** The `offset` to send for the next page (0 when there is none). */
  readonly nextOffset: number;
}

/**
 * Pages through the matching records of `entries[from, to)` in the endpoint's order. The
 * `offset` counts matching rows already returned, which is what the real cloud's integer
 * offsets look like (`offset: 300` after 300 summaries). Work is proportional to the rows
 * skipped and returned, plus one look-ahead for `more`, so a first page of 4096 groups is a
 * walk over 4097 frozen records with no copying.
 *
 * An offset past the end is an empty last page, not an error: data can be deleted between
 * two page requests, and a client following `offset` must not fail because of it.
 *
 * @example
 * ```ts
 * const page = pageOf(entries, 0, entries.length, false, (e) => e.created <= now, 200, 200);
 * ```
 */
export function pageOf<R>(
  entries: readonly TableEntry<R>[],
  from: number,
  to: number,
  newestFirst: boolean,
  match: (entry: TableEntry<R>) => boolean,
  offset: number,
  size: number,
): Page<R> {
  const items: R[] = [];
  let skipped = 0;
  let more = false;
  const step = newestFirst ? -1 : 1;
  const end = newestFirst ? from - 1 : to;
  for (let i = newestFirst ? to - 1 : from; i !== end; i += step) {
    const entry = entries[i]!;
    if (!match(entry)) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    if (items.length === size) {
      more = true;
      break;
    }
    items.push(entry.rec);
  }
  return { items, more, nextOffset: more ? offset + items.length : 0 };
}
