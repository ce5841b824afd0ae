import type BetterSqlite3 from "better-sqlite3";
import { planMigrations } from "../_migration-plan.js";
import type { MigrationResult } from "../migration-result.js";
import { StoreError } from "../store-error.js";
import { toStoreError } from "./sqlite-error.js";
import type { SqliteMigration } from "./sqlite-migration.js";

/**
 * The outcome of {@link migrateSqlite}: what ran, and the error that stopped it. Reported,
 * not thrown, like Kysely's `MigrationResultSet`; `openSqliteStore` turns an error into a
 * throw because a store cannot open on a schema it does not know.
 *
 * @example
 * ```ts
 * const { error, results } = migrateSqlite(db, SQLITE_MIGRATIONS);
 * if (error) throw error;
 * ```
 */
export interface MigrationResultSet {
  readonly error?: StoreError;
  /** One entry per migration that was pending; empty when the schema was current. */
  readonly results: readonly MigrationResult[];
}

/**
 * Options of {@link migrateSqlite}.
 *
 * @example
 * ```ts
 * const options: MigrateSqliteOptions = { table: "service_migrations" };
 * ```
 */
export interface MigrateSqliteOptions {
  /**
   * The table that records applied migrations. Another component keeping its own tables in
   * the store's file (the service's inbox and jobs) names its own, so that neither takes
   * the other's migrations for a newer schema. A plain SQL name.
   * @default "schema_migrations"
   */
  readonly table?: string;
  /**
   * Only check: a schema that needs migrations is reported as `STORE_MIGRATION_FAILED`
   * and nothing is run, for a connection opened read only (which must never write).
   * @default false
   */
  readonly readonly?: boolean;
}

function appliedNames(db: BetterSqlite3.Database, table: string): string[] {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(table);
  if (exists === undefined) return [];
  return db.prepare(`SELECT name FROM ${table} ORDER BY name`).pluck().all() as string[];
}

/**
 * Brings an SQLite database to the newest schema: runs every pending migration, in name
 * order, in ONE immediate transaction (the write lock doubles as the migration lock, so two
 * processes opening the same file never both migrate), and records each name in
 * `schema_migrations`. On any failure the transaction is rolled back: the schema is exactly
 * what it was. A database that has migrations this build does not know is left untouched
 * with `STORE_SCHEMA_TOO_NEW`.
 *
 * @example
 * ```ts
 * const db = new Database("withings.db");
 * const { error, results } = migrateSqlite(db, SQLITE_MIGRATIONS);
 * ```
 */
export function migrateSqlite(
  db: BetterSqlite3.Database,
  migrations: readonly SqliteMigration[],
  options: MigrateSqliteOptions = {},
): MigrationResultSet {
  const table = options.table ?? "schema_migrations";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      `migrateSqlite: the migrations table must be a plain SQL name, got ${JSON.stringify(table)}`,
    );
  }
  for (let i = 1; i < migrations.length; i++) {
    if ((migrations[i - 1]?.name ?? "") >= (migrations[i]?.name ?? "")) {
      throw new StoreError(
        "STORE_INVALID_ARGUMENT",
        `migrateSqlite: migration names must be unique and in ascending order (${migrations[i]?.name})`,
      );
    }
  }

  // First look without a lock: opening a current database must not wait for a writer.
  let first: ReturnType<typeof planMigrations<SqliteMigration>>;
  try {
    first = planMigrations(appliedNames(db, table), migrations);
  } catch (error) {
    return {
      error: toStoreError(error, "read schema_migrations", "STORE_MIGRATION_FAILED"),
      results: [],
    };
  }
  if ("error" in first) return { error: first.error, results: [] };
  if (first.pending.length === 0) return { results: [] };
  if (options.readonly === true) {
    const names = first.pending.map((m) => m.name).join(", ");
    return {
      error: new StoreError(
        "STORE_MIGRATION_FAILED",
        `the schema is older than this version (pending migrations: ${names}) and the database was opened read only, so it was not migrated`,
      ),
      results: [],
    };
  }

  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (error) {
    return {
      error: toStoreError(error, "lock for migration", "STORE_MIGRATION_FAILED"),
      results: [],
    };
  }
  let pending: readonly SqliteMigration[] = [];
  let running = 0;
  try {
    // Again under the lock: another process may have migrated in between.
    const second = planMigrations(appliedNames(db, table), migrations);
    if ("error" in second) throw second.error;
    pending = second.pending;
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)`,
    );
    const record = db.prepare(`INSERT INTO ${table} (name, applied_at) VALUES (?, ?)`);
    for (; running < pending.length; running++) {
      const migration = pending[running] as SqliteMigration;
      if (typeof migration.up === "string") db.exec(migration.up);
      else migration.up(db);
      record.run(migration.name, new Date().toISOString());
    }
    db.exec("COMMIT");
    return { results: pending.map((m) => ({ migrationName: m.name, status: "Success" })) };
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    const failed = pending[running];
    return {
      error: toStoreError(
        error,
        failed === undefined ? "migrate" : `migration ${failed.name}`,
        "STORE_MIGRATION_FAILED",
      ),
      results: pending.map((m, i) => ({
        migrationName: m.name,
        // Everything is rolled back, so even the steps before the failure did not happen.
        status: i === running ? "Error" : "NotExecuted",
      })),
    };
  }
}
