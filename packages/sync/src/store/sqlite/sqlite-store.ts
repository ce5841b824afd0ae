import type BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { rowDataset, SYNC_DATASETS, type SyncDataset } from "../../sync-dataset.js";
import type { TableDataset } from "../dataset-tables.js";
import type { ApplyResult, RowQuery, Store, StoreBatch, StoredRow, SyncState } from "../store.js";
import { StoreError } from "../store-error.js";
import { RowTable } from "./_row-table.js";
import { SignalTable } from "./_signal-table.js";
import { distinctUsers } from "./_sql.js";
import { toStoreError } from "./_sqlite-error.js";
import { sqliteTables } from "./_sqlite-tables.js";
import type { ApplyCounts, RowFilter, TableOps } from "./_table-ops.js";
import type { MigrationResult } from "./sqlite-migration.js";
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

const SYNC_DATASET_SET: ReadonlySet<string> = new Set(SYNC_DATASETS);

function isEpoch(value: unknown): value is number {
  return typeof value === "number" && !Number.isNaN(value);
}

function checkUser(userId: unknown, what: string): asserts userId is string {
  if (typeof userId !== "string" || userId === "") {
    throw new StoreError("STORE_INVALID_ARGUMENT", `${what}: userId must be a non-empty string`);
  }
}

function checkStateValue(value: unknown, key: string): asserts value is number | null | undefined {
  if (value === undefined || value === null) return;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      `apply: state.${key} must be a finite number or null`,
    );
  }
}

/**
 * The SQLite {@link Store}: one file (or `:memory:`), WAL, better-sqlite3. Open it with
 * `openSqliteStore`, which configures the connection and runs the migrations; the
 * constructor expects a connection that is already both.
 *
 * - `apply` is one immediate transaction: deletes, then upserts, then the sync state, so a
 *   batch may replace a record by deleting its key and upserting its fresh rows. Upserts
 *   go through cached prepared statements (the hot path); identical rows are counted as
 *   neither added nor changed.
 * - `rows` pages by keyset (user, main instant, key) with no statement left open between
 *   pages, so a long export never blocks a sync writing to the same connection.
 * - Small typed reads go through Kysely (`kysely`), which a PostgreSQL store can share.
 *
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db");
 * const { added } = await store.apply({ userId: "42", dataset: "measures", upsert: toRows("measures", body) });
 * for await (const row of store.rows({ dataset: "measures", userId: "42" })) console.log(row.grpid);
 * await store.close();
 * ```
 */
export class SqliteStore implements Store {
  readonly #db: BetterSqlite3.Database;
  readonly #kysely: Kysely<SqliteSchema>;
  readonly #tables: ReadonlyMap<TableDataset, TableOps>;
  readonly #pageSize: number;
  readonly #applyTransaction: BetterSqlite3.Transaction<
    (batch: StoreBatch, counts: ApplyCounts) => void
  >;
  readonly #readState: BetterSqlite3.Statement;
  readonly #writeState: BetterSqlite3.Statement;
  #closed = false;

  /** The migrations applied when this store was opened (empty when it was current). */
  readonly migrations: readonly MigrationResult[];

  constructor(db: BetterSqlite3.Database, init: SqliteStoreInit = {}) {
    this.#db = db;
    this.#pageSize = Math.max(1, Math.floor(init.pageSize ?? 1000));
    this.migrations = Object.freeze([...(init.migrations ?? [])]);
    this.#kysely = new Kysely<SqliteSchema>({ dialect: new SqliteDialect({ database: db }) });
    const tables = new Map<TableDataset, TableOps>();
    for (const def of Object.values(sqliteTables))
      tables.set(def.layout.dataset, new RowTable(db, def));
    tables.set("ecg_signal", new SignalTable(db));
    this.#tables = tables;
    this.#readState = db.prepare(
      "SELECT cursor, last_sync_at, last_reconcile_at FROM sync_state WHERE user_id = ? AND dataset = ?",
    );
    this.#writeState = db.prepare(
      `INSERT INTO sync_state (user_id, dataset, cursor, last_sync_at, last_reconcile_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, dataset) DO UPDATE SET cursor = excluded.cursor, last_sync_at = excluded.last_sync_at,
         last_reconcile_at = excluded.last_reconcile_at, updated_at = excluded.updated_at`,
    );
    this.#applyTransaction = db.transaction((batch: StoreBatch, counts: ApplyCounts) => {
      const table = this.#table(batch.dataset);
      if (batch.delete !== undefined && batch.delete.length > 0) {
        counts.deleted += table.delete(batch.userId, batch.dataset, batch.delete);
      }
      if (batch.upsert !== undefined)
        table.upsert(batch.userId, batch.dataset, batch.upsert, counts);
      if (batch.state !== undefined) this.#mergeState(batch.userId, batch.dataset, batch.state);
    });
  }

  /**
   * The better-sqlite3 connection, for read-only queries the `Store` interface does not
   * cover and for `SqliteTokenStore`. Do not write dataset tables through it: `apply` keeps
   * the counts and the sync state consistent.
   */
  get database(): BetterSqlite3.Database {
    this.#checkOpen("database");
    return this.#db;
  }

  /** A Kysely instance over the same connection, typed by {@link SqliteSchema}, for reads. */
  get kysely(): Kysely<SqliteSchema> {
    this.#checkOpen("kysely");
    return this.#kysely;
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new StoreError("STORE_CLOSED", `${what}: the store is closed`);
  }

  #table(dataset: SyncDataset): TableOps {
    const table = SYNC_DATASET_SET.has(dataset) ? this.#tables.get(rowDataset[dataset]) : undefined;
    if (table === undefined) {
      throw new StoreError(
        "STORE_INVALID_ARGUMENT",
        `unknown dataset ${JSON.stringify(dataset)}; expected one of ${SYNC_DATASETS.join(", ")}`,
      );
    }
    return table;
  }

  #mergeState(userId: string, dataset: SyncDataset, state: Partial<SyncState>): void {
    checkStateValue(state.cursor, "cursor");
    checkStateValue(state.lastSyncAt, "lastSyncAt");
    checkStateValue(state.lastReconcileAt, "lastReconcileAt");
    const current = this.#readState.get(userId, dataset) as
      | { cursor: number | null; last_sync_at: number | null; last_reconcile_at: number | null }
      | undefined;
    // A partial state leaves the fields it does not name as they were.
    this.#writeState.run(
      userId,
      dataset,
      state.cursor !== undefined ? state.cursor : (current?.cursor ?? null),
      state.lastSyncAt !== undefined ? state.lastSyncAt : (current?.last_sync_at ?? null),
      state.lastReconcileAt !== undefined
        ? state.lastReconcileAt
        : (current?.last_reconcile_at ?? null),
      Date.now(),
    );
  }

  /**
   * Applies one batch in one transaction: deletes by record key, then upserts, then the
   * sync state. Any invalid row or failure rolls back all three.
   *
   * @throws {StoreError} `STORE_INVALID_ROW`, `STORE_INVALID_ARGUMENT`, `STORE_BUSY`, …
   */
  async apply(batch: StoreBatch): Promise<ApplyResult> {
    this.#checkOpen("apply");
    if (typeof batch !== "object" || batch === null) {
      throw new StoreError("STORE_INVALID_ARGUMENT", "apply: batch must be an object");
    }
    checkUser(batch.userId, "apply");
    this.#table(batch.dataset);
    if (batch.upsert !== undefined && !Array.isArray(batch.upsert)) {
      throw new StoreError("STORE_INVALID_ARGUMENT", "apply: upsert must be an array of rows");
    }
    if (batch.state !== undefined && (typeof batch.state !== "object" || batch.state === null)) {
      throw new StoreError("STORE_INVALID_ARGUMENT", "apply: state must be an object");
    }
    if (batch.delete !== undefined && !Array.isArray(batch.delete)) {
      throw new StoreError(
        "STORE_INVALID_ARGUMENT",
        "apply: delete must be an array of record keys",
      );
    }
    const counts: ApplyCounts = { added: 0, changed: 0, deleted: 0 };
    try {
      // IMMEDIATE takes the write lock up front: a deferred transaction that reads first
      // could fail to upgrade with SQLITE_BUSY while another process writes.
      this.#applyTransaction.immediate(batch, counts);
    } catch (error) {
      throw toStoreError(error, `apply ${batch.dataset}`, "STORE_INVALID_ROW");
    }
    return { added: counts.added, changed: counts.changed, deleted: counts.deleted };
  }

  async getState(userId: string, dataset: SyncDataset): Promise<SyncState | undefined> {
    this.#checkOpen("getState");
    checkUser(userId, "getState");
    this.#table(dataset);
    try {
      const row = await this.#kysely
        .selectFrom("sync_state")
        .select(["cursor", "last_sync_at", "last_reconcile_at"])
        .where("user_id", "=", userId)
        .where("dataset", "=", dataset)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            cursor: row.cursor,
            lastSyncAt: row.last_sync_at,
            lastReconcileAt: row.last_reconcile_at,
          };
    } catch (error) {
      throw toStoreError(error, `getState ${dataset}`, "STORE_IO");
    }
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
    const lo = Math.max(from, Number.MIN_SAFE_INTEGER + 1);
    const hi = Math.min(to, Number.MAX_SAFE_INTEGER);
    try {
      return table.recordKeys(userId, dataset, lo, hi);
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
    if (typeof query !== "object" || query === null) {
      throw new StoreError("STORE_INVALID_ARGUMENT", "rows: query must be an object");
    }
    const table = this.#table(query.dataset);
    if (query.userId !== undefined) checkUser(query.userId, "rows");
    for (const bound of [query.from, query.to]) {
      if (bound !== undefined && !isEpoch(bound)) {
        throw new StoreError("STORE_INVALID_ARGUMENT", "rows: from and to must be epoch seconds");
      }
    }
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

  /** Every user with a stored row or a sync state, sorted. */
  async users(): Promise<string[]> {
    this.#checkOpen("users");
    const users = new Set<string>();
    try {
      for (const table of this.#tables.values()) for (const user of table.users()) users.add(user);
      for (const user of distinctUsers(this.#db, "sync_state")) users.add(user);
    } catch (error) {
      throw toStoreError(error, "users", "STORE_IO");
    }
    return [...users].sort();
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
