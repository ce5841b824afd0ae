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
 * Engine bookkeeping kept beside a dataset's cursor: page hints, the sweep's position, zones.
 * Stores keep it as opaque JSON (it must survive `JSON.stringify`/`JSON.parse` unchanged);
 * only the engine gives it meaning.
 *
 * @example
 * ```ts
 * const meta: SyncMeta = { pageHint: 200, sweep: { passStart: 1_700_000_000, through: 1_500_000_000 } };
 * ```
 */
export type SyncMeta = { readonly [key: string]: unknown };

/**
 * Where a dataset's cursor stands for one user. Written in the same transaction as the rows
 * it covers, so it never runs ahead of them.
 *
 * @example
 * ```ts
 * const state: SyncState = { cursor: 1_700_000_000, lastSyncAt: 1_700_000_100, lastReconcileAt: null, meta: null };
 * ```
 */
export interface SyncState {
  /** Epoch seconds: the `lastupdate` to ask from next (before the overlap is applied). */
  readonly cursor: number | null;
  /** Epoch seconds of the last successful run of this dataset. */
  readonly lastSyncAt: number | null;
  /** Epoch seconds of the last deletion reconcile. */
  readonly lastReconcileAt: number | null;
  /** Engine bookkeeping (see {@link SyncMeta}); a batch's `meta` replaces it whole. */
  readonly meta: SyncMeta | null;
}

/**
 * The detail datasets, whose rows are fetched per window that a parent marks.
 *
 * @example
 * ```ts
 * const d: DetailDataset = "sleep";
 * ```
 */
export type DetailDataset = "intraday" | "sleep" | "ecg_signal";

/**
 * One unit of detail a sync fetches and replaces whole: an intraday window (a local day of
 * the user's tiling zone), the window of one sleep summary, the signal of one ECG
 * recording. Parents mark units when they change; a fetch records when it ran and whether
 * the unit must be fetched once more after its detail has settled.
 *
 * @example
 * ```ts
 * const tile: DetailUnit = { dataset: "intraday", key: "1704409200", start: 1_704_409_200, end: 1_704_495_600,
 *   dirty: true, fetchedAt: null, settleAt: 1_704_517_200 };
 * ```
 */
export interface DetailUnit {
  readonly dataset: DetailDataset;
  /** The unit's identity within the dataset (a window's start, a summary id, a signalid). */
  readonly key: string;
  /** The window it covers, epoch seconds `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Must be fetched (a parent is new, changed or gone, or it was never fetched). */
  readonly dirty: boolean;
  /** Epoch seconds (cloud time) of the last fetch, `null` before the first. */
  readonly fetchedAt: number | null;
  /** Fetch once more when the cloud's now reaches this (epoch seconds); `null` once settled. */
  readonly settleAt: number | null;
}

/**
 * A unit to mark dirty only if the batch adds, changes or deletes a given record: how a
 * parent's write and the marks of the detail it covers commit together, and how a replay
 * of an unchanged parent marks nothing. On a unit that exists, a mark widens its window to
 * cover both, sets `dirty`, and keeps the later `settleAt`.
 *
 * @example
 * ```ts
 * const mark: DependentMark = { record: "2024-01-05|1:93:", unit: tile };
 * ```
 */
export interface DependentMark {
  /** A record key of the batch's dataset (upserted or deleted in this batch). */
  readonly record: string;
  readonly unit: DetailUnit;
}

/**
 * One atomic change: rows to write, records to delete, the sync state and detail
 * bookkeeping to record — all committed together or not at all. Applied in this order:
 * `complete`, `delete`, `upsert`, `state`, `dependents`, `units`.
 *
 * @example
 * ```ts
 * await store.apply({ userId: "42", dataset: "measures", upsert: toRows("measures", body), state: { cursor: body.updatetime } });
 * ```
 */
export interface StoreBatch {
  readonly userId: string;
  readonly dataset: SyncDataset;
  /**
   * Rows of `rowDataset[dataset]`, keyed by the API's ids. Each record present (see
   * {@link Store.recordKeys}) is written whole: its stored rows that are not among these are
   * deleted (a measure group that lost a measure, a sleep segment that got shorter). A
   * record's rows come one after another, as `toRows` gives them: a record that comes again
   * after another one is a later copy (two overlapping pages), and replaces the earlier.
   */
  readonly upsert?: readonly StoredRow[];
  /** Record keys whose rows are removed. */
  readonly delete?: readonly string[];
  /**
   * Says `upsert` holds every record of the dataset whose record instant is in
   * `[from, to)` (epoch seconds): stored records of that range that it lacks are deleted.
   * How a detail window is replaced whole.
   */
  readonly complete?: { readonly from: number; readonly to: number };
  readonly state?: Partial<SyncState>;
  /** Units marked only for the records of this batch that it added, changed or deleted. */
  readonly dependents?: readonly DependentMark[];
  /** Units written as given (a fetch's outcome), or removed (`remove: true`). */
  readonly units?: readonly (
    | DetailUnit
    | { readonly dataset: DetailDataset; readonly key: string; readonly remove: true }
  )[];
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
   * sleep summaries, the day and source for activity, `signalid` for ECG, and so on (see
   * `recordKeyOf`).
   */
  recordKeys(userId: string, dataset: SyncDataset, from: number, to: number): Promise<string[]>;
  /** Streams rows without holding the table in memory. */
  rows(query: RowQuery): AsyncIterable<StoredRow>;
  /** Row counts per dataset, for one user or all. */
  counts(userId?: string): Promise<Partial<Record<SyncDataset, number>>>;
  /** Users with any stored row, sync state or detail unit (a lease alone does not count). */
  users(): Promise<string[]>;
  /**
   * The detail units of a user and dataset, by `start` then `key`: all of them, or with
   * `due` only those dirty or whose `settleAt` is at or before `due`.
   */
  units(
    userId: string,
    dataset: DetailDataset,
    options?: { readonly due?: number },
  ): Promise<DetailUnit[]>;
  /**
   * Takes, or renews, the lease that lets one run at a time sync `userId`. Granted when no
   * lease is held, when `holder` already holds it, when it expired (`expiresAt <= now`), or
   * when `steal` names the current holder (a holder known to be dead). Atomic across the
   * processes sharing the storage.
   */
  lock(userId: string, holder: string, options: LockOptions): Promise<LockResult>;
  /** Gives the lease back if `holder` holds it; otherwise does nothing. */
  unlock(userId: string, holder: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * How {@link Store.lock} takes a lease.
 *
 * @example
 * ```ts
 * const options: LockOptions = { now: Date.now() / 1000, leaseSeconds: 120 };
 * ```
 */
export interface LockOptions {
  /** Epoch seconds. */
  readonly now: number;
  readonly leaseSeconds: number;
  /** Take the lease from this holder even though it has not expired. */
  readonly steal?: string;
  /**
   * Only renew a lease `holder` still holds (expired or not); never take one. A lease that
   * is free is then refused with `holder` `""`: the run that held it lost it to another
   * run, which has ended since.
   */
  readonly renewOnly?: boolean;
}

/**
 * The answer of {@link Store.lock}.
 *
 * @example
 * ```ts
 * const r = await store.lock("42", holder, { now, leaseSeconds: 120 });
 * if (!r.acquired) console.error(`busy: ${r.holder} since ${new Date(r.since * 1000).toISOString()}`);
 * ```
 */
export type LockResult =
  | { readonly acquired: true }
  | {
      readonly acquired: false;
      readonly holder: string;
      readonly since: number;
      readonly expiresAt: number;
    };
