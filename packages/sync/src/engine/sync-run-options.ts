import type { SyncDataset } from "../sync-dataset.js";

/**
 * Options of one `engine.run()`.
 *
 * @example
 * ```ts
 * await engine.run({ users: ["12345"], datasets: ["measures"], reconcileDays: 90 });
 * ```
 */
export interface SyncRunOptions {
  /** Users to sync. @default every user whose tokens the client's token store holds */
  readonly users?: readonly string[];
  /** Datasets to sync, run in `SYNC_DATASETS` order. @default the engine's datasets */
  readonly datasets?: readonly SyncDataset[];
  /**
   * Re-read what changed since this instant (epoch seconds or a `Date`) when it is earlier
   * than a dataset's cursor (a later one is ignored: it would skip what changed in between);
   * cursors still only move forward. A first sync with `since` fetches only what changed
   * since then; the history sweep brings the rest within `sweepDays`.
   * @default each dataset's cursor minus the overlap
   */
  readonly since?: number | Date;
  /**
   * Reconcile deletions now, over this many days, whether or not one is due.
   * @default a reconcile of the engine's `reconcileDays` when one is due
   */
  readonly reconcileDays?: number;
  /** Stops the run between requests; the datasets in progress report an abort error. */
  readonly signal?: AbortSignal;
}
