import type { Store, SyncDataset } from "@withings-kit/sync";
import type { ChartSpec, DashboardRow } from "./chart-specs.js";

/**
 * One reading of a chart: the cells of one record merged, with its store instant `t`,
 * its place on the local time axis `x`, its local time and device, and a value per series.
 *
 * @example
 * ```ts
 * const p: ChartPoint = { t: 1_736_835_737, x: 1_736_839_337, when: "2025-01-14 07:22:17 UTC+01:00 Europe/Paris", device: "BPM Core", values: [128, 82, 61] };
 * ```
 */
export interface ChartPoint {
  readonly t: number;
  readonly x: number;
  readonly when: string;
  readonly device: string | null;
  readonly values: (number | null)[];
}

type ByChart = ReadonlyMap<string, readonly ChartPoint[]>;

/**
 * The points of every chart that reads a dataset, made in one pass over a user's rows and
 * kept until the dataset changes. A page asks for several charts at once and most of them
 * read the measures: one pass serves them all, and a range or a zoom is then a filter.
 * "Changed" is the dataset's sync state and row count, read through the store's interface
 * at each request: any sync that writes moves one of them.
 *
 * @example
 * ```ts
 * const cache = new DatasetPoints(CHART_SPECS, 16);
 * const bp = (await cache.points(store, "42", "measures")).get("blood-pressure");
 * ```
 */
export class DatasetPoints {
  readonly #specs: readonly ChartSpec[];
  readonly #capacity: number;
  readonly #maxAgeMs: number;
  readonly #entries = new Map<
    string,
    { readonly version: string; readonly at: number; readonly points: Promise<ByChart> }
  >();

  /**
   * @param capacity the (user, dataset) pairs kept, least recently used dropped first
   * @param maxAgeMs how long a pass is trusted even when nothing seems to have changed (a
   *   write that moves neither the state nor the count, such as a hand edit of the database)
   */
  constructor(specs: readonly ChartSpec[], capacity: number, maxAgeMs = 60_000) {
    this.#specs = specs;
    this.#capacity = capacity;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The points of every chart reading `dataset`, by chart id. */
  async points(store: Store, userId: string, dataset: SyncDataset): Promise<ByChart> {
    const key = `${userId}\u0000${dataset}`;
    const state = await store.getState(userId, dataset);
    const count = (await store.counts(userId))[dataset] ?? 0;
    const version = JSON.stringify([
      state?.cursor,
      state?.lastSyncAt,
      state?.lastReconcileAt,
      count,
    ]);
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (
      entry !== undefined &&
      entry.version === version &&
      Date.now() - entry.at < this.#maxAgeMs
    ) {
      this.#entries.set(key, entry);
      return entry.points;
    }
    // The promise is kept, so requests arriving during the pass wait for it, not a pass each.
    const points = this.#read(store, userId, dataset);
    this.#entries.set(key, { version, at: Date.now(), points });
    points.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return points;
  }

  async #read(store: Store, userId: string, dataset: SyncDataset): Promise<ByChart> {
    const specs = this.#specs.filter((s) => s.datasets.includes(dataset));
    const groups = specs.map(() => new Map<string, ChartPoint>());
    for await (const stored of store.rows({ dataset, userId })) {
      const row = stored as DashboardRow;
      specs.forEach((spec, i) => {
        for (const cell of spec.cells(dataset, row)) {
          const byGroup = groups[i]!;
          let point = byGroup.get(cell.group);
          if (point === undefined) {
            point = {
              t: cell.t,
              x: cell.x,
              when: cell.when,
              device: cell.device,
              values: spec.series.map(() => null),
            };
            byGroup.set(cell.group, point);
          }
          point.values[cell.series] = cell.value;
        }
      });
    }
    return new Map(specs.map((spec, i) => [spec.id, [...groups[i]!.values()]]));
  }
}
