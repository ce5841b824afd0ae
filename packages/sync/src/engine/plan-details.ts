/**
 * A parent record of a dense dataset (an activity day for intraday, a sleep summary for
 * sleep detail), reduced to what planning needs.
 *
 * @example
 * ```ts
 * const day: DetailParent<string> = { key: "2024-01-05", modified: 1704499200, wanted: true, item: "2024-01-05" };
 * ```
 */
export interface DetailParent<T> {
  /** The parent's record key (a day, a summary id), for a stable order among equal times. */
  readonly key: string;
  /** The parent's `modified`, epoch seconds; `null` when unknown (fetched once, on backfill). */
  readonly modified: number | null;
  /** Whether the parent says there is detail to fetch (e.g. a day with steps). */
  readonly wanted: boolean;
  readonly item: T;
}

/**
 * What a dense dataset does in one run.
 *
 * @example
 * ```ts
 * const { fetch, clear } = planDetails(parents, watermark, 3600);
 * ```
 */
export interface DetailPlan<T> {
  /**
   * Parents to fetch detail for, oldest `modified` first. `recheck` marks those inside the
   * overlap below the watermark: fetch them only when no detail is stored for them yet.
   */
  readonly fetch: readonly DetailCandidate<T>[];
  /** Changed parents that no longer want detail: their stored detail rows go (no request). */
  readonly clear: readonly DetailParent<T>[];
}

/**
 * One entry of {@link DetailPlan.fetch}.
 *
 * @example
 * ```ts
 * for (const c of plan.fetch) if (!(c.recheck && (await hasDetail(c)))) await fetchAndStore(c, c.watermark);
 * ```
 */
export interface DetailCandidate<T> extends DetailParent<T> {
  readonly recheck: boolean;
  /** The watermark to commit with this candidate's rows (see {@link planDetails}). */
  readonly watermark: number | null;
}

/**
 * Plans a dense dataset (intraday, sleep detail) from its parents and its watermark, the
 * highest parent `modified` whose detail is stored. Parents modified after the watermark
 * are new or changed: fetch them. Parents within `overlapSeconds` below it are rechecked,
 * for the same reason list walks overlap (a parent can become visible after a newer one
 * was handled); older ones are done. No request is planned for a parent that does not want
 * detail.
 *
 * Each candidate carries the watermark to commit with its rows: its own `modified`, except
 * when the next candidate shares that `modified` (then one second less), so that a crash
 * between two parents stamped the same second can never skip the second one.
 *
 * @example
 * ```ts
 * const plan = planDetails(
 *   [{ key: "2024-01-05", modified: 200, wanted: true, item: 1 }, { key: "2024-01-04", modified: 50, wanted: true, item: 2 }],
 *   100, 30,
 * );
 * plan.fetch.map((c) => c.key); // ["2024-01-05"]
 * ```
 */
export function planDetails<T>(
  parents: Iterable<DetailParent<T>>,
  watermark: number | null,
  overlapSeconds: number,
): DetailPlan<T> {
  const picked: { parent: DetailParent<T>; recheck: boolean }[] = [];
  const clear: DetailParent<T>[] = [];
  for (const parent of parents) {
    const changed = watermark === null || (parent.modified !== null && parent.modified > watermark);
    const recent =
      !changed &&
      watermark !== null &&
      parent.modified !== null &&
      parent.modified > watermark - overlapSeconds;
    if (!changed && !recent) continue;
    if (!parent.wanted) {
      if (changed) clear.push(parent);
      continue;
    }
    picked.push({ parent, recheck: !changed });
  }
  picked.sort(
    (a, b) =>
      (a.parent.modified ?? -1) - (b.parent.modified ?? -1) ||
      (a.parent.key < b.parent.key ? -1 : a.parent.key > b.parent.key ? 1 : 0),
  );
  const fetch: DetailCandidate<T>[] = picked.map(({ parent, recheck }, index) => {
    const next = picked[index + 1]?.parent.modified ?? null;
    const own = parent.modified;
    let mark = own;
    if (own !== null && next !== null && next === own) mark = own - 1;
    return { ...parent, recheck, watermark: maxOf(watermark, mark) };
  });
  return { fetch, clear };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
