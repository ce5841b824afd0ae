/**
 * Chooses which readings to draw when there are more than a chart can show: the x range is
 * cut into `columns` equal slices (one per pixel column) and, in each slice, the readings
 * holding each series' lowest and highest value are kept, with the slice's first and last.
 * Every kept point is a real stored reading (nothing is averaged, so a hover over a drawn
 * point shows a value that was measured) and no spike or dip is lost: the drawn envelope is
 * the true one. Histories of at most `2 × columns` readings are kept whole.
 *
 * Chosen over LTTB, which keeps real points too but picks one per bucket by triangle area and
 * can drop the single extreme reading a study cares about (the one high blood pressure).
 *
 * @param x ascending positions (any unit)
 * @param ys one array per series, aligned with `x`; `null` where the series has no value
 * @param columns the pixel columns of the plot
 * @returns the kept indices of `x`, ascending
 * @example
 * ```ts
 * downsampleMinMax([0, 1, 2, 3], [[5, 9, 1, 5]], 1); // [0, 1, 2, 3]: first, max, min, last
 * ```
 */
export function downsampleMinMax(
  x: readonly number[],
  ys: readonly (readonly (number | null)[])[],
  columns: number,
): number[] {
  const n = x.length;
  const slices = Math.max(1, Math.floor(columns));
  if (n <= 2 * slices) return Array.from({ length: n }, (_, i) => i);
  const first = x[0]!;
  const span = x[n - 1]! - first;
  const keep = new Set<number>();
  let start = 0;
  while (start < n) {
    const slice =
      span <= 0 ? 0 : Math.min(slices - 1, Math.floor(((x[start]! - first) / span) * slices));
    let end = start + 1;
    while (end < n) {
      const next =
        span <= 0 ? 0 : Math.min(slices - 1, Math.floor(((x[end]! - first) / span) * slices));
      if (next !== slice) break;
      end++;
    }
    keep.add(start);
    keep.add(end - 1);
    for (const series of ys) {
      let lo = -1;
      let hi = -1;
      for (let i = start; i < end; i++) {
        const v = series[i];
        if (v === null || v === undefined) continue;
        if (lo < 0 || v < series[lo]!) lo = i;
        if (hi < 0 || v > series[hi]!) hi = i;
      }
      if (lo >= 0) keep.add(lo);
      if (hi >= 0) keep.add(hi);
    }
    start = end;
  }
  return [...keep].sort((a, b) => a - b);
}
