import type { Dataset, RowOf } from "@withings-kit/client";
import type { SyncDataset } from "../sync-dataset.js";

/**
 * A flat row as `toRows` makes it.
 *
 * @example
 * ```ts
 * const rows: readonly StoredRow[] = toRows("measures", body);
 * ```
 */
export type StoredRow = RowOf<Dataset>;

/**
 * Where a dataset's cursor stands for one user. Written in the same transaction as the rows
 * it covers, so it never runs ahead of them.
 *
 * @example
 * ```ts
 * const state: SyncState = { cursor: 1_700_000_000, lastSyncAt: 1_700_000_100, lastReconcileAt: null };
 * ```
 */
export interface SyncState {
  /** Epoch seconds: the `lastupdate` to ask from next (before the overlap is applied). */
  readonly cursor: number | null;
  /** Epoch seconds of the last successful run of this dataset. */
  readonly lastSyncAt: number | null;
  /** Epoch seconds of the last deletion reconcile. */
  readonly lastReconcileAt: number | null;
}

/**
 * One atomic change: rows to upsert, records to delete, and the sync state to write — all
 * committed together or not at all.
 *
 * @example
 * ```ts
 * await store.apply({ userId: "42", dataset: "measures", upsert: toRows("measures", body), state: { cursor: body.updatetime } });
 * ```
 */
export interface StoreBatch {
  readonly userId: string;
  readonly dataset: SyncDataset;
  /** Rows of `rowDataset[dataset]`, keyed by the API's ids (upserts are idempotent). */
  readonly upsert?: readonly StoredRow[];
  /** Record keys (see {@link Store.recordKeys}) whose rows are removed. */
  readonly delete?: readonly string[];
  readonly state?: Partial<SyncState>;
}

/**
 * What an {@link StoreBatch} changed. Rows identical to what was stored count as neither
 * added nor changed, so replays are visibly harmless.
 *
 * @example
 * ```ts
 * const { added, changed, deleted } = await store.apply(batch);
 * ```
 */
export interface ApplyResult {
  readonly added: number;
  readonly changed: number;
  readonly deleted: number;
}

/**
 * A query for stored rows, streamed in storage order.
 *
 * @example
 * ```ts
 * const q: RowQuery = { dataset: "measures", userId: "42", from: 1_700_000_000 };
 * ```
 */
export interface RowQuery {
  readonly dataset: SyncDataset;
  readonly userId?: string;
  /** Epoch seconds, inclusive, on the record's main instant. */
  readonly from?: number;
  /** Epoch seconds, exclusive. */
  readonly to?: number;
}

/**
 * The storage behind the sync engine. Narrow on purpose: SQLite implements it now and
 * PostgreSQL next, and one conformance suite checks every implementation.
 *
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db");
 * await store.apply({ userId: "42", dataset: "devices", upsert: rows });
 * ```
 */
export interface Store {
  /** Applies one batch in one transaction. */
  apply(batch: StoreBatch): Promise<ApplyResult>;
  getState(userId: string, dataset: SyncDataset): Promise<SyncState | undefined>;
  /**
   * The record keys stored for a user and dataset whose main instant is in `[from, to)`
   * (epoch seconds): what a deletion reconcile compares with a re-read of that window.
   * A record key is the API's id of the record: `grpid` for measures, `id` for workouts and
   * sleep summaries, the day for activity, `signalid` for ECG, and so on.
   */
  recordKeys(userId: string, dataset: SyncDataset, from: number, to: number): Promise<string[]>;
  /** Streams rows without holding the table in memory. */
  rows(query: RowQuery): AsyncIterable<StoredRow>;
  /** Row counts per dataset, for one user or all. */
  counts(userId?: string): Promise<Partial<Record<SyncDataset, number>>>;
  /** Users with any stored row or state. */
  users(): Promise<string[]>;
  close(): Promise<void>;
}
