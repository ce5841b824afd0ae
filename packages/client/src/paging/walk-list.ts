import { WithingsPagingError } from "../errors/withings-paging-error.js";
import { itemsOf } from "./paginate.js";

/**
 * One page as {@link walkList} hands it over.
 *
 * @example
 * ```ts
 * const onPage = ({ fresh }: WalkPage<GetMeasBody>) => save(fresh);
 * ```
 */
export interface WalkPage<P> {
  /** The answer as decoded. */
  readonly body: P;
  /** Its list, as the API ordered it. */
  readonly items: readonly unknown[];
  /** The fingerprint of each item, in the same order. */
  readonly prints: readonly string[];
  /** The items no earlier page of this walk held (a continuation repeats the row before it). */
  readonly fresh: readonly unknown[];
}

/**
 * Options of {@link walkList}.
 *
 * @example
 * ```ts
 * const options: WalkListOptions<HeartListBody> = { listKey: "series", pageHint: 200, onPage: ({ fresh }) => save(fresh) };
 * ```
 */
export interface WalkListOptions<P> {
  /** Where the page's list is: `measuregrps`, `activities` or `series`. */
  readonly listKey: string;
  /**
   * The longest page this list was seen to answer before (0: unknown). A page shorter than a
   * page the same list already answered cannot be full, so it ends the walk with no probe;
   * any other last page is probed. Pass the walk's returned `pageHint` next time.
   * @default 0
   */
  readonly pageHint?: number;
  /**
   * Identifies a record in one state: two items with equal prints are the same record,
   * unchanged. @default `JSON.stringify`
   */
  readonly fingerprint?: (item: unknown) => string;
  /** Receives every page, in order, before the next is asked for. */
  readonly onPage: (page: WalkPage<P>) => void | Promise<void>;
  /** Told when the walk asks past a page that said there was no more. */
  readonly onProbe?: () => void;
}

/**
 * What a walk found.
 *
 * @example
 * ```ts
 * const { requests, unverified } = await walkList(fetchPage, options);
 * if (unverified) await walkAgainAndCompare();
 * ```
 */
export interface WalkResult {
  /** Pages asked for, probes included. */
  readonly requests: number;
  /** The longest page seen so far (a lower bound of the list's page size), for the next walk. */
  readonly pageHint: number;
  /**
   * True when the walk cannot show that no row slipped past it: a row shifted behind the
   * reader between two pages, or pages were continued from offsets that are not row counts.
   * Read the list again and compare: two reads that agree are complete.
   */
  readonly unverified: boolean;
  /** The prints of every item read. */
  readonly seen: ReadonlySet<string>;
}

/**
 * Reads a whole list whose `more`/`offset` paging is unreliable (reference §1.13), and says
 * whether the read is provably complete. It assumes no page size, no sort order and no
 * meaning of offsets, and holds against each of these, seen on the real API or allowed by
 * what it leaves unconfirmed:
 *
 * - **`more` hidden on a page with rows** (any page, any page size): a last page is probed
 *   with the next offset unless it is shorter than a page this list already answered
 *   (`pageHint`), since only a full page can hide more rows. An empty page ends the walk.
 * - **Offsets that count rows over a list that changes** (a deletion behind the reader
 *   shifts the next row onto a page already read): where the answered offset equals the
 *   rows read, the next page is asked from one row back, and the last row read must come
 *   first again. If it does not, a row may have slipped past: the result is `unverified`.
 * - **Offsets that are not counts** (a page boundary, an opaque token): sent back as given.
 *   A walk continued that way past a page with rows is `unverified`, as it cannot check for
 *   shifts (even an empty page after it may hide a row that slid behind the boundary).
 * - **Anomalies** (`more` without an offset, an offset that does not move or comes back,
 *   pages that repeat): a {@link WithingsPagingError}, after the pages already handed over.
 *
 * @throws {WithingsPagingError} when the paging cannot be followed.
 * @example
 * ```ts
 * const result = await walkList((offset) => user.call("heart.list", offset === undefined ? {} : { offset }), {
 *   listKey: "series",
 *   onPage: ({ fresh }) => save(fresh),
 * });
 * ```
 */
export async function walkList<P>(
  fetchPage: (offset: number | undefined) => Promise<P>,
  options: WalkListOptions<P>,
): Promise<WalkResult> {
  const fingerprint = options.fingerprint ?? defaultFingerprint;
  const seen = new Set<string>();
  const asked = new Set<number>();
  // The longest page this list is known to answer: only a page at least that long can be
  // full, and only a full page can hide more rows.
  let hint = Math.max(0, Math.floor(options.pageHint ?? 0));
  let requests = 0;
  let unverified = false;
  // Whether every offset answered so far was a plain row count (no evidence counts as one).
  let counting = true;
  let offset: number | undefined;
  // The print the next page must hold when it was asked from one row back.
  let anchor: string | undefined;
  // The next page follows a boundary nobody can check.
  let blind = false;
  // The page just asked for followed one that said there was no more.
  let probing = false;
  let stale = 0;
  for (;;) {
    const body = await fetchPage(offset);
    requests++;
    const items = itemsOf(body, options.listKey);
    const prints = items.map(fingerprint);
    if (anchor !== undefined && !prints.includes(anchor)) unverified = true;
    const fresh: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const print = prints[i] as string;
      if (!seen.has(print)) {
        seen.add(print);
        fresh.push(items[i]);
      }
    }
    // Past a boundary nobody can check, a row may have slipped behind it, whatever this
    // page holds: new rows, or none at all (the slipped row was the last).
    if (blind) unverified = true;
    await options.onPage({ body, items, prints, fresh });

    const page = body as { more?: unknown; offset?: unknown };
    const next = typeof page.offset === "number" ? page.offset : undefined;
    const sent = offset ?? 0;
    const counted = next === sent + items.length;
    const before = hint;
    let target: number;
    let overlap: boolean;
    if (page.more) {
      if (next === undefined) throw new WithingsPagingError("more-without-offset");
      if (next === sent) throw new WithingsPagingError("offset-stuck");
      stale = items.length > 0 && fresh.length === 0 ? stale + 1 : 0;
      if (stale >= 2) throw new WithingsPagingError("page-repeated");
      // A page with more behind it is full: it gives the page size, even one that shrank.
      if (items.length > 0) hint = items.length;
      counting &&= counted;
      target = next;
      overlap = counting;
    } else {
      hint = Math.max(before, items.length);
      // The answered offset went past the rows given: the server skipped rows it did not show
      // (a record left out of the answer) or counts in page boundaries or tokens. A page that
      // looks short may then be a full one with a row left out, hiding `more`.
      const past = next !== undefined && next !== 0 && next !== sent && !counted;
      // The end: an empty page (after a probe, with nothing skipped, or of a list whose
      // pages hold two rows or more, which leaving one out cannot empty), a page that only
      // repeated rows already read, or a page shorter than one this list already answered
      // with nothing skipped (only a full page can hide more rows).
      if (items.length === 0 && (probing || !past || before >= 2)) break;
      // A probe asked from one row back that holds that row alone: it is still where it was,
      // so no row slid behind the reader, and nothing follows it (unless the answered offset
      // went past it: a row was left out of this page, which may hide `more`).
      if (anchor !== undefined && items.length === 1 && prints[0] === anchor && hint >= 2 && !past)
        break;
      if (items.length > 0 && fresh.length === 0) {
        // A page of rows already read: rows shifted forward under the reader.
        unverified = true;
        break;
      }
      if (items.length > 0 && items.length < before && !past) break;
      // This page may be full and hiding `more`: ask past it, from the offset the API gave
      // when it gave one that moves, else from the rows read.
      options.onProbe?.();
      const given = next !== undefined && next !== 0 && next !== sent;
      if (given && !counted) counting = false;
      if (!given && !counting) {
        // Offsets are not counts and none was given: no client can go on from here.
        unverified = true;
        break;
      }
      target = given ? (next as number) : sent + items.length;
      overlap = counting;
      // With one row read and no page size known, a probe cannot overlap: a row sliding
      // behind it would go unseen.
      if (items.length < 2 && hint < 2) unverified = true;
    }
    probing = !page.more;
    ({ offset, anchor, blind } = continueAt(target, overlap, items, prints));
    if (asked.has(offset)) throw new WithingsPagingError("offset-repeated");
    asked.add(offset);
  }
  return { requests, pageHint: hint, unverified, seen };
}

// Where the next page is asked from. Over counted offsets with at least two rows read, one
// row back, so that the last row read must open the next page (a row that slid behind the
// reader then shows as a missing anchor).
function continueAt(
  target: number,
  counted: boolean,
  items: readonly unknown[],
  prints: readonly string[],
): { offset: number; anchor: string | undefined; blind: boolean } {
  if (counted && items.length >= 2 && target >= 1) {
    return { offset: target - 1, anchor: prints[prints.length - 1], blind: false };
  }
  return { offset: target, anchor: undefined, blind: items.length > 0 };
}

function defaultFingerprint(item: unknown): string {
  return JSON.stringify(item);
}
