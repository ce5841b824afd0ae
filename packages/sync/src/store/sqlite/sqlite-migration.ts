import type BetterSqlite3 from "better-sqlite3";

/**
 * One named schema step of the SQLite store. Migrations run in name order, each once, all
 * pending ones in one transaction on open; their names are recorded in `schema_migrations`.
 * A released migration is never edited: a schema change is a new migration.
 *
 * @example
 * ```ts
 * const m: SqliteMigration = { name: "0004-add-notes", up: "ALTER TABLE workouts ADD COLUMN notes TEXT;" };
 * ```
 */
export interface SqliteMigration {
  /** Sortable and unique, e.g. `0001-initial`. */
  readonly name: string;
  /** SQL to run, or a function for a data migration; both run inside the transaction. */
  readonly up: string | ((db: BetterSqlite3.Database) => void);
}
