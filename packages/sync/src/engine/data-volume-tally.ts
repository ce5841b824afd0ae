import type { StoredRow } from "../store/store.js";
import type { SyncDataset } from "../sync-dataset.js";
import type { DataVolume } from "./minimum-requests.js";

/**
 * Tallies, row by row, what the fewest requests of a full sync depend on: measure groups
 * (getmeas pages count groups, not rows), days with intraday samples, nights, recordings.
 * Feed it the rows of a store (or of the cloud) and pass {@link DataVolumeTally.volume} to
 * `minimumRequests`.
 *
 * @example
 * ```ts
 * const tally = new DataVolumeTally();
 * for (const dataset of SYNC_DATASETS)
 *   for await (const row of store.rows({ dataset, userId })) tally.add(dataset, row);
 * const minimum = minimumRequests(tally.volume()).total;
 * ```
 */
export class DataVolumeTally {
  readonly #grpids = { measures: new Set<unknown>(), objectives: new Set<unknown>() };
  readonly #days = new Set<unknown>();
  readonly #counts: Partial<Record<SyncDataset, number>> = {};

  /** Counts one row of a dataset. */
  add(dataset: SyncDataset, row: StoredRow): void {
    const r = row as Readonly<Record<string, unknown>>;
    this.#counts[dataset] = (this.#counts[dataset] ?? 0) + 1;
    if (dataset === "measures" || dataset === "objectives") this.#grpids[dataset].add(r["grpid"]);
    if (dataset === "intraday") this.#days.add(r["localDate"]);
  }

  /** The volume counted so far. */
  volume(): DataVolume {
    const counts = this.#counts;
    return {
      measures: this.#grpids.measures.size,
      objectives: this.#grpids.objectives.size,
      activity: counts.activity ?? 0,
      workouts: counts.workouts ?? 0,
      sleep_summaries: counts.sleep_summaries ?? 0,
      ecg: counts.ecg ?? 0,
      intradayDays: this.#days.size,
      // Every summary night has detail to fetch, and every recording a signal.
      sleepNights: counts.sleep_summaries ?? 0,
      ecgSignals: counts.ecg ?? 0,
    };
  }
}
