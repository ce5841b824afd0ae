import type { EndpointKey, PaginatedEndpointKey, PaginationSpec } from "../endpoints.js";
import { endpoints } from "../endpoints.js";
import type { EndpointResults } from "../types/endpoint-results.js";

/**
 * Fetches one page given the offset to send back (undefined for the first page).
 *
 * @example
 * ```ts
 * const fetchPage: PageFetcher<"heart.list"> = (offset) =>
 *   user.call("heart.list", offset === undefined ? {} : { offset });
 * ```
 */
export type PageFetcher<K extends EndpointKey> = (
  offset: number | undefined,
) => Promise<EndpointResults[K]>;

/**
 * Why a walk over pages ended.
 *
 * @example
 * ```ts
 * let end: PageEnd | undefined;
 * for await (const page of paginate("heart.list", fetchPage, { onEnd: (e) => (end = e) })) save(page);
 * if (end !== "done") console.warn(`paging stopped early: ${end}`);
 * ```
 */
export type PageEnd =
  /** `more` was false on a page that was not full. */
  | "done"
  /** `more` was set but no `offset` came with it. */
  | "more-without-offset"
  /** The offset did not move. */
  | "offset-stuck"
  /** The page repeated the previous one. */
  | "page-repeated";

/**
 * Options of {@link paginate}.
 *
 * @example
 * ```ts
 * const options: PaginateOptions = { probeFullPages: false, onEnd: (end) => console.log(end) };
 * for await (const page of paginate("heart.list", fetchPage, options)) save(page);
 * ```
 */
export interface PaginateOptions {
  /**
   * When a page comes back full but says there is nothing more, ask once more: the API
   * sometimes sets `more` to false while rows remain (reference §1.13). @default true
   */
  readonly probeFullPages?: boolean;
  /** Called when a probe is sent. */
  readonly onProbe?: () => void;
  /** Called once with the reason the walk ended. */
  readonly onEnd?: (end: PageEnd) => void;
}

/**
 * Walks every page of a list action, sending back `offset` exactly as given (it is opaque)
 * while `more` (0/1 or boolean) is set. Stops, never looping forever, when a page repeats,
 * the offset does not move, or `more` comes without an offset.
 *
 * @example
 * ```ts
 * const fetchPage = (offset: number | undefined) =>
 *   user.call("measure.getmeas", offset === undefined ? { lastupdate } : { lastupdate, offset });
 * for await (const page of paginate("measure.getmeas", fetchPage)) {
 *   console.log(page.measuregrps.length);
 * }
 * ```
 */
export async function* paginate<K extends PaginatedEndpointKey>(
  key: K,
  fetchPage: PageFetcher<K>,
  options: PaginateOptions = {},
): AsyncGenerator<EndpointResults[K], void, undefined> {
  const spec: PaginationSpec = endpoints[key].pagination;
  const probe = options.probeFullPages ?? true;
  let offset: number | undefined;
  let previous: string | undefined;
  let probing = false;
  let pageSize = Number.POSITIVE_INFINITY;
  for (;;) {
    const page = await fetchPage(offset);
    const items = itemsOf(page, spec.listKey);
    const fingerprint = fingerprintOf(items);
    if (previous !== undefined && fingerprint === previous && items.length > 0) {
      options.onEnd?.("page-repeated");
      return;
    }
    if (probing && items.length === 0) {
      options.onEnd?.("done");
      return;
    }
    yield page;
    previous = fingerprint;
    probing = false;
    const body = page as { more?: unknown; offset?: unknown };
    const next = typeof body.offset === "number" ? body.offset : undefined;
    if (body.more) {
      if (pageSize === Number.POSITIVE_INFINITY) pageSize = items.length;
      if (next === undefined) return options.onEnd?.("more-without-offset");
      if (next === offset) return options.onEnd?.("offset-stuck");
      offset = next;
      continue;
    }
    // A page is full when it is as long as the table's page size, or as long as an earlier
    // page of this walk that had more behind it (the server's real page size).
    if (probe && items.length > 0 && items.length >= Math.min(spec.pageSize, pageSize)) {
      // A full last page is suspicious: probe with the next offset. An empty answer ends
      // the walk; a repeated page or a stuck offset is caught above.
      const guess =
        next !== undefined && next !== offset && next !== 0 ? next : (offset ?? 0) + items.length;
      options.onProbe?.();
      offset = guess;
      probing = true;
      continue;
    }
    options.onEnd?.("done");
    return;
  }
}

/**
 * The items of a page of a list action (`measuregrps`, `activities` or `series`).
 *
 * @example
 * ```ts
 * itemsOf({ measuregrps: [g1, g2], more: 0 }, "measuregrps"); // [g1, g2]
 * ```
 */
export function itemsOf(page: unknown, listKey: string): readonly unknown[] {
  const list = (page as Record<string, unknown>)[listKey];
  return Array.isArray(list) ? list : [];
}

// A page repeats when it holds the same items; the first and last item plus the count
// identify a page cheaply enough without hashing every row.
function fingerprintOf(items: readonly unknown[]): string {
  if (items.length === 0) return "0";
  return `${items.length}|${JSON.stringify(items[0])}|${JSON.stringify(items[items.length - 1])}`;
}
