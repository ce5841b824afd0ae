import type { SyncDataset } from "../sync-dataset.js";

/**
 * Where a dataset's sync stands, for progress bars:
 * - `start`: the dataset begins;
 * - `page`: a page of a list was stored (`pages` counts them);
 * - `detail`: one day, night or signal of a dense dataset was stored (`pages` counts them,
 *   out of `total`);
 * - `reconcile`: the deletion reconcile re-read a page of its window;
 * - `done`: the dataset finished (its cursor is committed);
 * - `error`: the dataset failed; the report holds the error.
 *
 * @example
 * ```ts
 * const phase: SyncPhase = "page";
 * ```
 */
export type SyncPhase = "start" | "page" | "detail" | "reconcile" | "done" | "error";

/**
 * One progress event of a run, emitted after each stored page or detail item. Counts are
 * cumulative for the dataset within the run.
 *
 * @example
 * ```ts
 * createSyncEngine({ client, store, onProgress: (p) => bar(p.userId, p.dataset).update(p.pages, p.total) });
 * ```
 */
export interface SyncProgress {
  readonly userId: string;
  readonly dataset: SyncDataset;
  readonly phase: SyncPhase;
  /** Pages (lists) or items (intraday days, sleep nights, ECG signals) done so far. */
  readonly pages: number;
  /** Rows written so far (upserted or deleted). */
  readonly rows: number;
  /** Items planned, when known in advance (the dense datasets). */
  readonly total?: number;
}
