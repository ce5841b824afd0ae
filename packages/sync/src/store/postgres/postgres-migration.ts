import type pg from "pg";

/**
 * One named schema step of the PostgreSQL store. Pending migrations run in name order, all
 * in one transaction (PostgreSQL's DDL is transactional), their names recorded in
 * `schema_migrations`. A released migration is never edited: a change is a new migration.
 *
 * @example
 * ```ts
 * const m: PostgresMigration = { name: "0002-add-notes", up: "ALTER TABLE workouts ADD COLUMN notes TEXT;" };
 * ```
 */
export interface PostgresMigration {
  /** Sortable and unique, e.g. `0001-initial`. */
  readonly name: string;
  /** SQL to run, or a function for a data migration; both run inside the transaction. */
  readonly up: string | ((client: pg.ClientBase) => Promise<void>);
}
