import { SYNC_DATASETS, type SyncDataset } from "../sync-dataset.js";

/**
 * The datasets each detail dataset is fetched from: intraday samples for the days devices
 * and activity records say a tracker was worn, sleep detail for the nights of the sleep
 * summaries, ECG signals for the recordings. Without them stored, a run of the detail
 * alone finds nothing to fetch.
 *
 * @example
 * ```ts
 * DATASET_PARENTS.sleep; // ["sleep_summaries"]
 * ```
 */
export const DATASET_PARENTS: Readonly<Partial<Record<SyncDataset, readonly SyncDataset[]>>> =
  Object.freeze({
    intraday: Object.freeze(["devices", "activity"] as const),
    sleep: Object.freeze(["sleep_summaries"] as const),
    ecg_signal: Object.freeze(["ecg"] as const),
  });

/**
 * `datasets` with the parents their detail is fetched from (see {@link DATASET_PARENTS}),
 * in run order, and which were added.
 *
 * @example
 * ```ts
 * withParents(["sleep"]); // { datasets: ["sleep_summaries", "sleep"], added: ["sleep_summaries"] }
 * ```
 */
export function withParents(datasets: readonly SyncDataset[]): {
  readonly datasets: readonly SyncDataset[];
  readonly added: readonly SyncDataset[];
} {
  const wanted = new Set(datasets);
  for (const d of datasets) for (const parent of DATASET_PARENTS[d] ?? []) wanted.add(parent);
  const all = SYNC_DATASETS.filter((d) => wanted.has(d));
  return { datasets: all, added: all.filter((d) => !datasets.includes(d)) };
}
