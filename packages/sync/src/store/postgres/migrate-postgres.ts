import type pg from "pg";
import { planMigrations } from "../_migration-plan.js";
import type { MigrationResult } from "../migration-result.js";
import { pgStoreError } from "../pg-error.js";
import { StoreError } from "../store-error.js";
import { checkOut, giveBack } from "./pool-client.js";
import type { PostgresMigration } from "./postgres-migration.js";

// The first key of the migration lock (the second is the migrations table's hash), apart
// from the token store's locks.
const LOCK_SPACE = 0x5749_4b4d; // "WIKM"

/**
 * The outcome of {@link migratePostgres}: what ran, and the error that stopped it.
 *
 * @example
 * ```ts
 * const { error, results } = await migratePostgres(pool, POSTGRES_MIGRATIONS);
 * if (error) throw error;
 * ```
 */
export interface PostgresMigrationResultSet {
  readonly error?: StoreError;
  /** One entry per migration that was pending; empty when the schema was current. */
  readonly results: readonly MigrationResult[];
}

async function appliedNames(client: pg.ClientBase, table: string): Promise<string[]> {
  const exists = await client.query<{ found: string | null }>(
    "SELECT to_regclass($1)::text AS found",
    [table],
  );
  if (exists.rows[0]?.found === null) return [];
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${table} ORDER BY name`);
  return rows.map((r) => r.name);
}

/**
 * Brings a PostgreSQL database (the connection's `search_path`) to the newest schema: every
 * pending migration in one transaction, under an advisory lock so that workers starting
 * together never both migrate, each name recorded in `schema_migrations`. On any failure
 * the transaction is rolled back and the schema is exactly what it was; a database with
 * migrations this build does not know is left untouched with `STORE_SCHEMA_TOO_NEW`.
 *
 * @example
 * ```ts
 * const { error } = await migratePostgres(pool, POSTGRES_MIGRATIONS);
 * ```
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[],
  options: { readonly table?: string } = {},
): Promise<PostgresMigrationResultSet> {
  const table = options.table ?? "schema_migrations";
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      `migratePostgres: the migrations table must be a plain lower-case SQL name, got ${JSON.stringify(table)}`,
    );
  }
  let client: pg.PoolClient;
  try {
    client = await checkOut(pool);
  } catch (error) {
    return { error: pgStoreError(error, "connect for migration", "STORE_IO"), results: [] };
  }
  let pending: readonly PostgresMigration[] = [];
  let running = 0;
  let locked = false;
  let broken: Error | undefined;
  try {
    // A current schema opens without waiting for the lock.
    const first = planMigrations(await appliedNames(client, table), migrations);
    if ("error" in first) return { error: first.error, results: [] };
    if (first.pending.length === 0) return { results: [] };
    // The lock is taken before the transaction begins: a transaction that began before
    // another process committed the schema may not see that schema's tables in its catalog
    // even after waiting for the lock, and would create them again.
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [LOCK_SPACE, table]);
    locked = true;
    await client.query("BEGIN");
    const second = planMigrations(await appliedNames(client, table), migrations);
    if ("error" in second) throw second.error;
    pending = second.pending;
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`,
    );
    for (; running < pending.length; running++) {
      const migration = pending[running] as PostgresMigration;
      if (typeof migration.up === "string") await client.query(migration.up);
      else await migration.up(client);
      await client.query(`INSERT INTO ${table} (name, applied_at) VALUES ($1, $2)`, [
        migration.name,
        new Date().toISOString(),
      ]);
    }
    await client.query("COMMIT");
    return { results: pending.map((m) => ({ migrationName: m.name, status: "Success" })) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const failed = pending[running];
    return {
      error: pgStoreError(
        error,
        failed === undefined ? "migrate" : `migration ${failed.name}`,
        "STORE_MIGRATION_FAILED",
      ),
      results: pending.map((m, i) => ({
        migrationName: m.name,
        status: i === running ? "Error" : "NotExecuted",
      })),
    };
  } finally {
    if (locked) {
      await client
        .query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_SPACE, table])
        .catch((error: unknown) => {
          // A connection that cannot unlock must not go back to the pool holding the lock.
          broken = error instanceof Error ? error : new Error("unlock failed");
        });
    }
    giveBack(client, broken);
  }
}
