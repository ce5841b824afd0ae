import type { SyncDataset } from "../../sync-dataset.js";
import type { StoredRow } from "../store.js";

/** Counters an `apply` adds to as it goes (rows, in the `toRows` sense). */
export interface ApplyCounts {
  added: number;
  changed: number;
  deleted: number;
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
 * The operations `SqliteStore` needs from one table. Everything is synchronous
 * (better-sqlite3), so a caller's transaction spans them without interleaving.
 */
export interface TableOps {
  upsert(
    userId: string,
    dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
  ): void;
  delete(userId: string, dataset: SyncDataset, keys: readonly string[]): number;
  recordKeys(userId: string, dataset: SyncDataset, from: number, to: number): string[];
  count(userId: string | undefined, dataset: SyncDataset): number;
  users(): string[];
  chunk(filter: RowFilter, after: readonly unknown[] | undefined, limit: number): Chunk;
}
