import type { SyncDataset } from "../sync-dataset.js";
import type { StoredRow } from "./store.js";

/** Counters an `apply` adds to as it goes (rows, in the `toRows` sense). */
export interface ApplyCounts {
  added: number;
  changed: number;
  deleted: number;
}

/**
 * A record's identity as a table compares it: the value of its one key column (a grpid, an
 * epoch second, a device key), or the values of several joined by `|` (activity). Two
 * spellings of one record key (`…:00Z` and `…:00.000Z`) have one id.
 */
export type RecordId = number | string;

/**
 * What one `apply` learns about records while it writes, for the steps after the upsert.
 * Tables fill `present` only when `wantPresent` and `touched` only when `wantTouched`, so a
 * batch that needs neither pays nothing for them.
 */
export interface BatchTrack {
  /** The batch has `complete`: collect the ids of the records it upserts. */
  readonly wantPresent: boolean;
  /** The batch has `dependents`: collect the ids of the records it adds, changes or deletes. */
  readonly wantTouched: boolean;
  readonly present: Set<RecordId>;
  readonly touched: Set<RecordId>;
}

/** What `rows()` asks a table for; `dataset` scopes measures vs objectives. */
export interface RowFilter {
  readonly dataset: SyncDataset;
  readonly userId: string | undefined;
  readonly from: number | undefined;
  readonly to: number | undefined;
}

/** One page of `rows()`: its rows, and the keyset position to continue after (none: done). */
export interface Chunk {
  readonly rows: Iterable<StoredRow>;
  readonly last: readonly unknown[] | undefined;
}

/**
 * The operations `SqliteStore` needs from one SQLite table. Everything is synchronous
 * (better-sqlite3), so a caller's transaction spans them without interleaving.
 */
export interface TableOps {
  /** Writes each record of `rows` whole (its stored rows not among them are deleted). */
  upsert(
    userId: string,
    dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): void;
  /** Deletes records by record key; throws `STORE_INVALID_ARGUMENT` for a malformed key. */
  delete(
    userId: string,
    dataset: SyncDataset,
    keys: readonly string[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): void;
  /** Deletes the records whose record instant is in `[from, to)` and whose id is not in `track.present`. */
  complete(
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
    counts: ApplyCounts,
    track: BatchTrack,
  ): void;
  /** The id of a record key, `undefined` when it is not a key of `dataset`. */
  recordId(key: unknown): RecordId | undefined;
  recordKeys(userId: string, dataset: SyncDataset, from: number, to: number): string[];
  count(userId: string | undefined, dataset: SyncDataset): number;
  users(): string[];
  chunk(filter: RowFilter, after: readonly unknown[] | undefined, limit: number): Chunk;
}
