import type { Store } from "@withings-kit/sync";
import type { ChartSpec } from "./chart-specs.js";
import type { ChartPoint, DatasetPoints } from "./dataset-points.js";
import { downsampleMinMax } from "./downsample-min-max.js";

/**
 * What a chart's data endpoint answers: the points to draw, aligned on one x axis (local
 * wall-clock seconds, see `localInstant`), each a real stored reading with its local time
 * and device, and how many readings the range held before downsampling.
 *
 * @example
 * ```ts
 * const payload: ChartPayload = await readChart(store, cache, "42", spec, { from, to }, 1200);
 * payload.x.length <= payload.total; // true
 * ```
 */
export interface ChartPayload {
  readonly chart: string;
  readonly title: string;
  readonly series: readonly { readonly label: string; readonly unit: string }[];
  /** Readings in the range. */
  readonly total: number;
  /** Readings drawn: `x.length`. */
  readonly drawn: number;
  readonly x: readonly number[];
  /** One array per series, `null` where a reading has no value of that series. */
  readonly y: readonly (readonly (number | null)[])[];
  readonly when: readonly string[];
  readonly device: readonly (string | null)[];
}

/**
 * One chart of one user: its readings whose store instant is in `[from, to)` (the range
 * `store.rows` would select), ordered on the local time axis, and about two real readings
 * per pixel column kept for drawing (`downsampleMinMax`), extremes included.
 *
 * @param range epoch seconds `[from, to)`; empty for all
 * @param columns the plot's width in pixels
 * @example
 * ```ts
 * const payload = await readChart(store, cache, "42", spec, {}, 1200);
 * ```
 */
export async function readChart(
  store: Store,
  cache: DatasetPoints,
  userId: string,
  spec: ChartSpec,
  range: { readonly from?: number; readonly to?: number },
  columns: number,
): Promise<ChartPayload> {
  const from = range.from ?? Number.NEGATIVE_INFINITY;
  const to = range.to ?? Number.POSITIVE_INFINITY;
  const kept: ChartPoint[] = [];
  for (const dataset of spec.datasets) {
    for (const p of (await cache.points(store, userId, dataset)).get(spec.id) ?? []) {
      if (p.t < from || p.t >= to) continue;
      if (spec.requires !== undefined && !spec.requires.some((s) => p.values[s] !== null)) continue;
      kept.push(p);
    }
  }
  // Readings of one instant keep their storage order (stable sort).
  kept.sort((a, b) => a.x - b.x);
  const x = kept.map((p) => p.x);
  const y = spec.series.map((_, s) => kept.map((p) => p.values[s] ?? null));
  const keep = downsampleMinMax(x, y, columns);
  return {
    chart: spec.id,
    title: spec.title,
    series: spec.series,
    total: kept.length,
    drawn: keep.length,
    x: keep.map((i) => x[i]!),
    y: y.map((values) => keep.map((i) => values[i] ?? null)),
    when: keep.map((i) => kept[i]!.when),
    device: keep.map((i) => kept[i]!.device),
  };
}
