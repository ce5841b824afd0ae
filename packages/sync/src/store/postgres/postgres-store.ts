import pg from "pg";
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
import type { ApplyCounts, BatchTrack, Chunk, RecordId, RowFilter } from "../_table-ops.js";
import {
  checkVitals,
  groupOfRow,
  statusOf,
  VITAL_COLUMNS,
  type VitalsRow,
} from "../_vitals-reads.js";
import type { TableDataset } from "../dataset-tables.js";
import type { MigrationResult } from "../migration-result.js";
import { pgStoreError } from "../pg-error.js";
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
import { lockUser } from "./_pg-lock.js";
import { type Queryable, query, queryArrays } from "./_pg-query.js";
import { PgRowTable } from "./_pg-row-table.js";
import { PgSignalTable } from "./_pg-signal-table.js";
import { listUnits, markUnit, removeUnit, writeUnit } from "./_pg-unit-table.js";
import { migratePostgres } from "./migrate-postgres.js";
import { checkOut, giveBack, ignoreConnectionError } from "./pool-client.js";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.js";

/** The operations the store needs from one table, over a pool or a transaction's client. */
interface PgTable {
  upsert(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void>;
  delete(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    keys: readonly string[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void>;
  complete(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void>;
  recordId(key: unknown): RecordId | undefined;
  recordKeys(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
  ): Promise<string[]>;
  count(db: Queryable, userId: string | undefined, dataset: SyncDataset): Promise<number>;
  chunk(
    db: Queryable,
    filter: RowFilter,
    after: readonly unknown[] | undefined,
    limit: number,
  ): Promise<Chunk>;
}

/**
 * Options of {@link PostgresStore.open}.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions = { pageSize: 5000 };
 * ```
 */
export interface PostgresStoreOptions {
  /** Rows per keyset page of {@link PostgresStore.rows}. @default 1000 */
  readonly pageSize?: number;
  /** End the pool on {@link PostgresStore.close} (the store made it). @default false */
  readonly ownsPool?: boolean;
}

const USER_TABLES = [
  ...Object.values(storeTables).map((t) => t.layout.table),
  "ecg_signals",
  "sync_state",
  "detail_units",
];

// Ranges compare BIGINT instants with the bounds, which PostgreSQL then reads as BIGINT:
// a bound becomes the whole second it stands for (`at >= 1.5` is `at >= 2`, `at < 2.5` is
// `at < 3`), and infinities the largest safe ones, as SQLite compares them.
function bound(value: number): number {
  return Math.ceil(Math.min(Math.max(value, Number.MIN_SAFE_INTEGER + 1), Number.MAX_SAFE_INTEGER));
}

/**
 * The PostgreSQL {@link Store}, for several processes and machines sharing one database: the
 * same tables, keys and `vitals` view as SQLite, on `pg` (node-postgres), in the
 * connection's `search_path` schema. Open it with {@link PostgresStore.open}, which runs the
 * migrations.
 *
 * - `apply` is one transaction on one connection of the pool. Each table writes a batch with
 *   a few statements whatever its size (one array per column through `unnest`), and
 *   identical rows count as neither added nor changed, as in SQLite. A record a batch holds
 *   twice is written once, its last copy, so its counts and marks are the net effect (SQLite
 *   counts each write); the rows stored are the same.
 * - `lock` is a transaction of its own under an advisory lock on the user.
 * - `rows` pages by keyset, one query per page, so no connection is held between pages.
 * - Errors carry PostgreSQL's SQLSTATE, never its message, which can quote row values.
 *
 * @example
 * ```ts
 * const store = await PostgresStore.open(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * const { added } = await store.apply({ userId: "42", dataset: "measures", upsert: toRows("measures", body) });
 * await store.close();
 * ```
 */
export class PostgresStore implements Store, StoreReader {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #tables: ReadonlyMap<TableDataset, PgTable>;
  readonly #pageSize: number;
  #closed = false;

  /** The migrations applied when this store was opened (empty when it was current). */
  readonly migrations: readonly MigrationResult[];

  private constructor(
    pool: pg.Pool,
    options: PostgresStoreOptions,
    migrations: readonly MigrationResult[],
  ) {
    this.#pool = pool;
    this.#ownsPool = options.ownsPool ?? false;
    this.#pageSize = Math.max(1, Math.floor(options.pageSize ?? 1000));
    this.migrations = Object.freeze([...migrations]);
    const tables = new Map<TableDataset, PgTable>();
    for (const def of Object.values(storeTables)) {
      tables.set(def.layout.dataset, new PgRowTable(def));
    }
    tables.set("ecg_signal", new PgSignalTable());
    this.#tables = tables;
  }

  /**
   * Opens the store on a pool, or on a connection string (the store then owns its pool),
   * bringing the schema up to date first.
   *
   * @throws {StoreError} `STORE_SCHEMA_TOO_NEW`, `STORE_MIGRATION_FAILED`, `STORE_IO`.
   *
   * @example
   * ```ts
   * const store = await PostgresStore.open("postgres://postgres@127.0.0.1:5432/withings");
   * ```
   */
  static async open(
    pool: pg.Pool | string,
    options: PostgresStoreOptions = {},
  ): Promise<PostgresStore> {
    const owned = typeof pool === "string";
    const made = owned ? new pg.Pool({ connectionString: pool }) : pool;
    // An idle connection that breaks (the server restarts) must not crash the process; the
    // store listens beside any listener of the caller's.
    made.on("error", ignoreConnectionError);
    const { error, results } = await migratePostgres(made, POSTGRES_MIGRATIONS);
    if (error !== undefined) {
      if (owned) await made.end();
      throw error;
    }
    return new PostgresStore(
      made,
      { ...options, ownsPool: owned || options.ownsPool === true },
      results,
    );
  }

  /** The pool, for reads the `Store` interface does not cover. Write only through `apply`. */
  get pool(): pg.Pool {
    this.#checkOpen("pool");
    return this.#pool;
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new StoreError("STORE_CLOSED", `${what}: the store is closed`);
  }

  #table(dataset: SyncDataset): PgTable {
    return tableOf(this.#tables, dataset);
  }

  async #mergeState(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    state: Partial<SyncState>,
  ): Promise<void> {
    const { rows } = await query<StateRow>(
      db,
      'SELECT "cursor", last_sync_at, last_reconcile_at, meta FROM sync_state WHERE user_id = $1 AND dataset = $2',
      [userId, dataset],
    );
    const current = rows[0];
    await query(
      db,
      `INSERT INTO sync_state (user_id, dataset, "cursor", last_sync_at, last_reconcile_at, meta, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, dataset) DO UPDATE SET "cursor" = excluded."cursor",
         last_sync_at = excluded.last_sync_at, last_reconcile_at = excluded.last_reconcile_at,
         meta = excluded.meta, updated_at = excluded.updated_at`,
      [userId, dataset, ...mergedStateCells(current, state), Date.now()],
    );
  }

  /**
   * Applies one batch in one transaction: deletes by record key, upserts (each record
   * whole), `complete`, the sync state, dependents, then units. Any invalid row, argument
   * or failure rolls back all of it.
   *
   * @throws {StoreError} `STORE_INVALID_ROW`, `STORE_INVALID_ARGUMENT`, `STORE_IO`, …
   */
  async apply(batch: StoreBatch): Promise<ApplyResult> {
    this.#checkOpen("apply");
    checkBatch(batch);
    const table = this.#table(batch.dataset);
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
    const { userId, dataset } = batch;
    const track: BatchTrack = {
      wantPresent: batch.complete !== undefined,
      wantTouched: marks.length > 0,
      present: new Set(),
      touched: new Set(),
    };
    let client: pg.PoolClient;
    try {
      client = await checkOut(this.#pool);
    } catch (error) {
      throw pgStoreError(error, `apply ${dataset}`);
    }
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      if (batch.delete !== undefined && batch.delete.length > 0) {
        await table.delete(client, userId, dataset, batch.delete, counts, track);
      }
      if (batch.upsert !== undefined) {
        await table.upsert(client, userId, dataset, batch.upsert, counts, track);
      }
      // After the upsert, which names the records to keep (see SqliteStore.apply).
      if (batch.complete !== undefined) {
        const { from, to } = batch.complete;
        await table.complete(client, userId, dataset, bound(from), bound(to), counts, track);
      }
      if (batch.state !== undefined) await this.#mergeState(client, userId, dataset, batch.state);
      const dependents = batch.dependents ?? [];
      for (let i = 0; i < dependents.length; i++) {
        const mark = dependents[i];
        if (mark !== undefined && track.touched.has(marks[i] as RecordId)) {
          await markUnit(client, userId, mark.unit);
        }
      }
      for (const entry of batch.units ?? []) {
        if ("remove" in entry) await removeUnit(client, userId, entry.dataset, entry.key);
        else await writeUnit(client, userId, entry);
      }
      await client.query("COMMIT");
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollback) {
        // The connection is gone: it must not go back to the pool.
        broken = rollback instanceof Error ? rollback : new Error("rollback failed");
      }
      throw pgStoreError(error, `apply ${dataset}`, "STORE_INVALID_ROW");
    } finally {
      giveBack(client, broken);
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
      const result = await query<StateRow>(
        this.#pool,
        'SELECT "cursor", last_sync_at, last_reconcile_at, meta FROM sync_state WHERE user_id = $1 AND dataset = $2',
        [userId, dataset],
      );
      row = result.rows[0];
    } catch (error) {
      throw pgStoreError(error, `getState ${dataset}`);
    }
    return row === undefined ? undefined : stateOfRow(row, dataset);
  }

  /** The record keys whose record's main instant is in `[from, to)`, sorted (as SQLite's). */
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
      return await table.recordKeys(this.#pool, userId, dataset, bound(from), bound(to));
    } catch (error) {
      throw pgStoreError(error, `recordKeys ${dataset}`);
    }
  }

  /**
   * Streams the stored rows of a dataset, shaped like `toRows` made them, ordered by user,
   * then main instant, then key, one keyset page per query.
   */
  async *rows(query: RowQuery): AsyncGenerator<StoredRow, void, undefined> {
    this.#checkOpen("rows");
    checkRowQuery(query);
    const table = this.#table(query.dataset);
    const filter: RowFilter = {
      dataset: query.dataset,
      userId: query.userId,
      from: query.from === undefined ? undefined : bound(query.from),
      to: query.to === undefined ? undefined : bound(query.to),
    };
    let after: readonly unknown[] | undefined;
    for (;;) {
      this.#checkOpen("rows");
      let chunk: Chunk;
      try {
        chunk = await table.chunk(this.#pool, filter, after, this.#pageSize);
      } catch (error) {
        throw pgStoreError(error, `rows ${query.dataset}`);
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
      for (const dataset of SYNC_DATASETS) {
        counts[dataset] = await this.#table(dataset).count(this.#pool, userId, dataset);
      }
    } catch (error) {
      throw pgStoreError(error, "counts");
    }
    return counts;
  }

  /** Every user with a stored row, a sync state or a detail unit, sorted. */
  async users(): Promise<string[]> {
    this.#checkOpen("users");
    // Each table's users by a skip scan of its primary key, not a scan of every row.
    const skip = (table: string): string =>
      `(WITH RECURSIVE u(id) AS (
         SELECT min(user_id) FROM ${q(table)}
         UNION ALL
         SELECT (SELECT min(user_id) FROM ${q(table)} WHERE user_id > u.id) FROM u WHERE u.id IS NOT NULL
       ) SELECT id FROM u WHERE id IS NOT NULL)`;
    try {
      const rows = await queryArrays(
        this.#pool,
        `SELECT id FROM (${USER_TABLES.map(skip).join(" UNION ")}) AS all_users`,
      );
      // Sorted as SQLite's store sorts them (by UTF-16 code unit, not by byte).
      return rows.map((cells) => cells[0] as string).sort();
    } catch (error) {
      throw pgStoreError(error, "users");
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
        const result = await query<VitalsRow>(
          this.#pool,
          `SELECT * FROM vitals WHERE user_id = $1 AND ${q(VITAL_COLUMNS[name])} IS NOT NULL ORDER BY at DESC, grpid DESC LIMIT 1`,
          [userId],
        );
        const row = result.rows[0];
        if (row !== undefined) latest[name] = groupOfRow(row);
      }
    } catch (error) {
      throw pgStoreError(error, "latestVitals");
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
      const result = await query<{ dataset: string; last_sync_at: number | null }>(
        this.#pool,
        "SELECT dataset, last_sync_at FROM sync_state WHERE user_id = $1",
        [userId],
      );
      rows = result.rows;
    } catch (error) {
      throw pgStoreError(error, "datasetStatus");
    }
    return statusOf(counts, new Map(rows.map((r) => [r.dataset, r.last_sync_at])));
  }

  /** The detail units of a user and dataset, by start then key; with `due`, those to fetch. */
  async units(
    userId: string,
    dataset: DetailDataset,
    options: { readonly due?: number } = {},
  ): Promise<DetailUnit[]> {
    this.#checkOpen("units");
    checkUnitsQuery(userId, dataset, options);
    const due = options.due;
    try {
      return await listUnits(
        this.#pool,
        userId,
        dataset,
        due === undefined ? undefined : Math.min(due, Number.MAX_SAFE_INTEGER),
      );
    } catch (error) {
      throw pgStoreError(error, `units ${dataset}`);
    }
  }

  /**
   * Takes or renews the lease on a user (see `Store.lock`), atomic across every process and
   * machine sharing the database.
   *
   * @throws {StoreError} `STORE_INVALID_ARGUMENT`, `STORE_IO`, …
   */
  async lock(userId: string, holder: string, options: LockOptions): Promise<LockResult> {
    this.#checkOpen("lock");
    checkLock(userId, holder, options);
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await checkOut(this.#pool);
      return await lockUser(client, userId, holder, options);
    } catch (error) {
      broken = error instanceof Error ? error : new Error("lock failed");
      throw pgStoreError(error, "lock");
    } finally {
      if (client !== undefined) giveBack(client, broken);
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
      await query(this.#pool, "DELETE FROM sync_locks WHERE user_id = $1 AND holder = $2", [
        userId,
        holder,
      ]);
    } catch (error) {
      throw pgStoreError(error, "unlock");
    }
  }

  /** Closes the store; ends the pool when the store made it. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#pool.end();
    else this.#pool.removeListener("error", ignoreConnectionError);
  }
}
