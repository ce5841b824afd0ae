import type BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { SYNC_DATASETS, type SyncDataset } from "../../sync-dataset.js";
import {
  checkBatch,
  checkLock,
  checkRowQuery,
  checkUnitsQuery,
  checkUser,
  isEpoch,
} from "../_check-batch.js";
import { q } from "../_sql.js";
import { mergedStateCells, type StateRow, stateOfRow } from "../_state-row.js";
import { storeTables, tableOf } from "../_store-tables.js";
import type { ApplyCounts, BatchTrack, RecordId, RowFilter, TableOps } from "../_table-ops.js";
import {
  checkVitals,
  groupOfRow,
  statusOf,
  VITAL_COLUMNS,
  type VitalsRow,
} from "../_vitals-reads.js";
import type { TableDataset } from "../dataset-tables.js";
import type { MigrationResult } from "../migration-result.js";
import type {
  ApplyResult,
  DetailDataset,
  DetailUnit,
  LockOptions,
  LockResult,
  RowQuery,
  Store,
  StoreBatch,
  StoredRow,
  SyncState,
} from "../store.js";
import { StoreError } from "../store-error.js";
import type { DatasetStatus, StoreReader, VitalName, VitalsGroup } from "../store-reader.js";
import { distinctUsers } from "./_distinct-users.js";
import { LockTable } from "./_lock-table.js";
import { RowTable } from "./_row-table.js";
import { SignalTable } from "./_signal-table.js";
import { keepSqliteHandle } from "./_sqlite-handles.js";
import { UnitTable } from "./_unit-table.js";
import { toStoreError } from "./sqlite-error.js";
import type { SqliteSchema } from "./sqlite-schema.js";

/**
 * Options of {@link SqliteStore} beyond the database handle.
 *
 * @example
 * ```ts
 * const options: SqliteStoreInit = { pageSize: 5000, migrations: [] };
 * ```
 */
export interface SqliteStoreInit {
  /** Rows per keyset page of {@link SqliteStore.rows}. @default 1000 */
  readonly pageSize?: number;
  /** What migrating on open did, kept for `status` and tests. @default [] */
  readonly migrations?: readonly MigrationResult[];
}

// Ranges are compared as integers in SQL: infinities become the largest safe bounds.
function clampFrom(value: number): number {
  return Math.max(value, Number.MIN_SAFE_INTEGER + 1);
}
function clampTo(value: number): number {
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

/**
 * The SQLite {@link Store}: one file (or `:memory:`), WAL, better-sqlite3. Open it with
 * `openSqliteStore`, which configures the connection and runs the migrations; the
 * constructor expects a connection that is already both.
 *
 * - `apply` is one immediate transaction: deletes, upserts (each record written whole, its
 *   stored rows the batch lacks deleted), `complete`, the sync state, the dependents of the
 *   records the batch touched, then units. Upserts go through cached prepared statements
 *   (the hot path); identical rows are counted as neither added nor changed.
 * - `lock` is an immediate transaction of its own on the `sync_locks` table, so it is
 *   atomic across every process that opens the file.
 * - `rows` pages by keyset (user, main instant, key) with no statement left open between
 *   pages, so a long export never blocks a sync writing to the same connection.
 * - `latestVitals` and `datasetStatus` (the {@link StoreReader} reads) answer from the
 *   `vitals` view and `sync_state`, as PostgreSQL's store does.
 * - The connection itself is not public: sibling packages that keep tables in the same
 *   file reach it through `sqliteHandle` of `@withings-kit/sync/internal`.
 *
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db");
 * const { added } = await store.apply({ userId: "42", dataset: "measures", upsert: toRows("measures", body) });
 * for await (const row of store.rows({ dataset: "measures", userId: "42" })) console.log(recordKeyOf("measures", row));
 * await store.close();
 * ```
 */
export class SqliteStore implements Store, StoreReader {
  readonly #db: BetterSqlite3.Database;
  readonly #kysely: Kysely<SqliteSchema>;
  readonly #tables: ReadonlyMap<TableDataset, TableOps>;
  readonly #pageSize: number;
  readonly #applyTransaction: BetterSqlite3.Transaction<
    (batch: StoreBatch, marks: readonly RecordId[], counts: ApplyCounts) => void
  >;
  readonly #readState: BetterSqlite3.Statement;
  readonly #lastSync: BetterSqlite3.Statement;
  readonly #latestVital = new Map<string, BetterSqlite3.Statement>();
  readonly #writeState: BetterSqlite3.Statement;
  readonly #units: UnitTable;
  readonly #locks: LockTable;
  #closed = false;

  /** The migrations applied when this store was opened (empty when it was current). */
  readonly migrations: readonly MigrationResult[];

  constructor(db: BetterSqlite3.Database, init: SqliteStoreInit = {}) {
    this.#db = db;
    this.#pageSize = Math.max(1, Math.floor(init.pageSize ?? 1000));
    this.migrations = Object.freeze([...(init.migrations ?? [])]);
    this.#kysely = new Kysely<SqliteSchema>({ dialect: new SqliteDialect({ database: db }) });
    const tables = new Map<TableDataset, TableOps>();
    for (const def of Object.values(storeTables))
      tables.set(def.layout.dataset, new RowTable(db, def));
    tables.set("ecg_signal", new SignalTable(db));
    this.#tables = tables;
    this.#units = new UnitTable(db);
    this.#locks = new LockTable(db);
    this.#readState = db.prepare(
      "SELECT cursor, last_sync_at, last_reconcile_at, meta FROM sync_state WHERE user_id = ? AND dataset = ?",
    );
    this.#lastSync = db.prepare("SELECT dataset, last_sync_at FROM sync_state WHERE user_id = ?");
    this.#writeState = db.prepare(
      `INSERT INTO sync_state (user_id, dataset, cursor, last_sync_at, last_reconcile_at, meta, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, dataset) DO UPDATE SET cursor = excluded.cursor, last_sync_at = excluded.last_sync_at,
         last_reconcile_at = excluded.last_reconcile_at, meta = excluded.meta, updated_at = excluded.updated_at`,
    );
    this.#applyTransaction = db.transaction(
      (batch: StoreBatch, marks: readonly RecordId[], counts: ApplyCounts) => {
        const { userId, dataset } = batch;
        const table = this.#table(dataset);
        const track: BatchTrack = {
          wantPresent: batch.complete !== undefined,
          wantTouched: marks.length > 0,
          present: new Set(),
          touched: new Set(),
        };
        if (batch.delete !== undefined && batch.delete.length > 0) {
          table.delete(userId, dataset, batch.delete, counts, track);
        }
        if (batch.upsert !== undefined) table.upsert(userId, dataset, batch.upsert, counts, track);
        // `complete` comes first in the contract; it runs after the upsert here because the
        // upsert is what names the records to keep. The records it deletes are exactly those
        // the upsert does not write, so the outcome and the counts are the same.
        if (batch.complete !== undefined) {
          const { from, to } = batch.complete;
          table.complete(userId, dataset, clampFrom(from), clampTo(to), counts, track);
        }
        if (batch.state !== undefined) this.#mergeState(userId, dataset, batch.state);
        const dependents = batch.dependents ?? [];
        for (let i = 0; i < dependents.length; i++) {
          const mark = dependents[i];
          if (mark !== undefined && track.touched.has(marks[i] as RecordId)) {
            this.#units.mark(userId, mark.unit);
          }
        }
        for (const entry of batch.units ?? []) {
          if ("remove" in entry) this.#units.remove(userId, entry.dataset, entry.key);
          else this.#units.write(userId, entry);
        }
      },
    );
    keepSqliteHandle(this, () => {
      this.#checkOpen("sqliteHandle");
      return { database: this.#db, kysely: this.#kysely };
    });
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new StoreError("STORE_CLOSED", `${what}: the store is closed`);
  }

  #table(dataset: SyncDataset): TableOps {
    return tableOf(this.#tables, dataset);
  }

  #mergeState(userId: string, dataset: SyncDataset, state: Partial<SyncState>): void {
    const current = this.#readState.get(userId, dataset) as StateRow | undefined;
    this.#writeState.run(userId, dataset, ...mergedStateCells(current, state), Date.now());
  }

  /**
   * Applies one batch in one transaction: deletes by record key, upserts (each record
   * whole), `complete`, the sync state, dependents, then units. Any invalid row, argument
   * or failure rolls back all of it.
   *
   * @throws {StoreError} `STORE_INVALID_ROW`, `STORE_INVALID_ARGUMENT`, `STORE_BUSY`, …
   */
  async apply(batch: StoreBatch): Promise<ApplyResult> {
    this.#checkOpen("apply");
    checkBatch(batch);
    const table = this.#table(batch.dataset);
    // Each mark's record as the table compares it, checked before the write lock is taken.
    const marks = (batch.dependents ?? []).map((mark) => {
      const id = table.recordId(mark.record);
      if (id === undefined) {
        throw new StoreError(
          "STORE_INVALID_ARGUMENT",
          `apply ${batch.dataset}: dependent record ${JSON.stringify(mark.record)} is not a record key of ${batch.dataset}`,
        );
      }
      return id;
    });
    const counts: ApplyCounts = { added: 0, changed: 0, deleted: 0 };
    try {
      // IMMEDIATE takes the write lock up front: a deferred transaction that reads first
      // could fail to upgrade with SQLITE_BUSY while another process writes.
      this.#applyTransaction.immediate(batch, marks, counts);
    } catch (error) {
      throw toStoreError(error, `apply ${batch.dataset}`, "STORE_INVALID_ROW");
    }
    return { added: counts.added, changed: counts.changed, deleted: counts.deleted };
  }

  /** The sync state of a user and dataset, `meta` parsed (`null` when none was written). */
  async getState(userId: string, dataset: SyncDataset): Promise<SyncState | undefined> {
    this.#checkOpen("getState");
    checkUser(userId, "getState");
    this.#table(dataset);
    let row: StateRow | undefined;
    try {
      row = await this.#kysely
        .selectFrom("sync_state")
        .select(["cursor", "last_sync_at", "last_reconcile_at", "meta"])
        .where("user_id", "=", userId)
        .where("dataset", "=", dataset)
        .executeTakeFirst();
    } catch (error) {
      throw toStoreError(error, `getState ${dataset}`, "STORE_IO");
    }
    return row === undefined ? undefined : stateOfRow(row, dataset);
  }

  /**
   * The record keys (see `recordKeyOf`) whose record's main instant is in `[from, to)`,
   * sorted. Devices and goals are snapshots without a time: every key is listed. Sleep
   * records are segments, placed at their start. An ECG signal is placed at its recording's
   * time (from the `ecg` table), so a signal whose recording is not stored, like any record
   * stored without an instant, is in no range.
   */
  async recordKeys(
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
  ): Promise<string[]> {
    this.#checkOpen("recordKeys");
    checkUser(userId, "recordKeys");
    const table = this.#table(dataset);
    if (!isEpoch(from) || !isEpoch(to)) {
      throw new StoreError(
        "STORE_INVALID_ARGUMENT",
        "recordKeys: from and to must be epoch seconds",
      );
    }
    try {
      return table.recordKeys(userId, dataset, clampFrom(from), clampTo(to));
    } catch (error) {
      throw toStoreError(error, `recordKeys ${dataset}`, "STORE_IO");
    }
  }

  /**
   * Streams the stored rows of a dataset, shaped like `toRows` made them (same keys, order
   * and types; `ecg_signal` rows lead with their `signalid`), ordered by user, then main
   * instant, then key. `from`/`to` apply to the row's own instant; they are ignored for
   * devices and goals, which have none.
   */
  async *rows(query: RowQuery): AsyncGenerator<StoredRow, void, undefined> {
    this.#checkOpen("rows");
    checkRowQuery(query);
    const table = this.#table(query.dataset);
    const filter: RowFilter = {
      dataset: query.dataset,
      userId: query.userId,
      from: query.from,
      to: query.to,
    };
    let after: readonly unknown[] | undefined;
    for (;;) {
      this.#checkOpen("rows");
      let chunk: ReturnType<TableOps["chunk"]>;
      try {
        chunk = table.chunk(filter, after, this.#pageSize);
      } catch (error) {
        throw toStoreError(error, `rows ${query.dataset}`, "STORE_IO");
      }
      yield* chunk.rows;
      if (chunk.last === undefined) return;
      after = chunk.last;
    }
  }

  /** Row counts for every dataset (ECG signals count samples), for one user or all. */
  async counts(userId?: string): Promise<Partial<Record<SyncDataset, number>>> {
    this.#checkOpen("counts");
    if (userId !== undefined) checkUser(userId, "counts");
    const counts: Partial<Record<SyncDataset, number>> = {};
    try {
      for (const dataset of SYNC_DATASETS)
        counts[dataset] = this.#table(dataset).count(userId, dataset);
    } catch (error) {
      throw toStoreError(error, "counts", "STORE_IO");
    }
    return counts;
  }

  /** Every user with a stored row, a sync state or a detail unit, sorted. */
  async users(): Promise<string[]> {
    this.#checkOpen("users");
    const users = new Set<string>();
    try {
      for (const table of this.#tables.values()) for (const user of table.users()) users.add(user);
      for (const user of distinctUsers(this.#db, "sync_state")) users.add(user);
      for (const user of this.#units.users()) users.add(user);
    } catch (error) {
      throw toStoreError(error, "users", "STORE_IO");
    }
    return [...users].sort();
  }

  /**
   * The detail units of a user and dataset, by start then key; with `due`, only those dirty
   * or whose settle time is at or before `due`.
   */
  async units(
    userId: string,
    dataset: DetailDataset,
    options: { readonly due?: number } = {},
  ): Promise<DetailUnit[]> {
    this.#checkOpen("units");
    checkUnitsQuery(userId, dataset, options);
    const due = options.due;
    try {
      return this.#units.list(userId, dataset, due === undefined ? undefined : clampTo(due));
    } catch (error) {
      throw toStoreError(error, `units ${dataset}`, "STORE_IO");
    }
  }

  /**
   * For each vital asked, the user's newest group of the `vitals` view holding it (by `at`,
   * then `grpid`); no key for a vital never measured.
   */
  async latestVitals(
    userId: string,
    vitals: readonly VitalName[],
  ): Promise<Partial<Record<VitalName, VitalsGroup>>> {
    this.#checkOpen("latestVitals");
    const names = checkVitals(userId, vitals);
    const latest: Partial<Record<VitalName, VitalsGroup>> = {};
    try {
      for (const name of names) {
        const column = VITAL_COLUMNS[name];
        let statement = this.#latestVital.get(column);
        if (statement === undefined) {
          statement = this.#db.prepare(
            `SELECT * FROM vitals WHERE user_id = ? AND ${q(column)} IS NOT NULL ORDER BY at DESC, grpid DESC LIMIT 1`,
          );
          this.#latestVital.set(column, statement);
        }
        const row = statement.get(userId) as VitalsRow | undefined;
        if (row !== undefined) latest[name] = groupOfRow(row);
      }
    } catch (error) {
      throw toStoreError(error, "latestVitals", "STORE_IO");
    }
    return latest;
  }

  /** Per dataset, the user's stored rows and last sync (see {@link StoreReader.datasetStatus}). */
  async datasetStatus(userId: string): Promise<Record<SyncDataset, DatasetStatus>> {
    this.#checkOpen("datasetStatus");
    checkUser(userId, "datasetStatus");
    const counts = await this.counts(userId);
    let rows: { dataset: string; last_sync_at: number | null }[];
    try {
      rows = this.#lastSync.all(userId) as typeof rows;
    } catch (error) {
      throw toStoreError(error, "datasetStatus", "STORE_IO");
    }
    return statusOf(counts, new Map(rows.map((r) => [r.dataset, r.last_sync_at])));
  }

  /**
   * Takes or renews the lease on a user, in one immediate transaction: granted when free,
   * held by `holder` (renewed: it expires `leaseSeconds` after `now`, `since` kept),
   * expired, or held by `steal`; otherwise refused with who holds it, since when and until
   * when. With `renewOnly`, only a lease `holder` still holds is granted.
   *
   * @throws {StoreError} `STORE_INVALID_ARGUMENT`, `STORE_BUSY`, …
   */
  async lock(userId: string, holder: string, options: LockOptions): Promise<LockResult> {
    this.#checkOpen("lock");
    checkLock(userId, holder, options);
    try {
      return this.#locks.lock(userId, holder, options);
    } catch (error) {
      throw toStoreError(error, "lock", "STORE_IO");
    }
  }

  /** Releases the lease on a user if `holder` holds it; does nothing otherwise. */
  async unlock(userId: string, holder: string): Promise<void> {
    this.#checkOpen("unlock");
    checkUser(userId, "unlock");
    if (typeof holder !== "string" || holder === "") {
      throw new StoreError("STORE_INVALID_ARGUMENT", "unlock: holder must be a non-empty string");
    }
    try {
      this.#locks.unlock(userId, holder);
    } catch (error) {
      throw toStoreError(error, "unlock", "STORE_IO");
    }
  }

  /** Closes the connection (a clean close also checkpoints the WAL into the file). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      // Cheap, and keeps the planner's statistics useful for a file that grows for years.
      if (this.#db.open) this.#db.pragma("optimize");
    } catch {
      // Only an optimisation: a read-only or busy file may refuse it.
    }
    await this.#kysely.destroy();
    if (this.#db.open) this.#db.close();
  }
}
