import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { SqliteSchema } from "./sqlite-schema.js";

// The SQLite stores' connections, kept off their public surface: each store records its
// own as it is made, and \`sqliteHandle\` looks it up. Apart from both so that neither
// imports the other.

/**
 * The connection under a `SqliteStore`: the better-sqlite3 handle and a Kysely
 * instance over it, typed by {@link SqliteSchema}. For the packages that keep their own
 * tables in the store's file (the SQLite token store, the service's inbox, queue and users,
 * `withings migrate`), never for the dataset tables, which only `Store.apply` writes.
 *
 * @example
 * ```ts
 * const { database } = sqliteHandle(store);
 * migrateSqlite(database, SERVICE_MIGRATIONS, { table: "service_migrations" });
 * ```
 */
export interface SqliteHandle {
  readonly database: BetterSqlite3.Database;
  readonly kysely: Kysely<SqliteSchema>;
}

// Filled by each store as it is made: the handle stays off the store's public surface.
const handles = new WeakMap<object, () => SqliteHandle>();

/** Records how to reach a store's connection (called by `SqliteStore`'s constructor). */
export function keepSqliteHandle(store: object, handle: () => SqliteHandle): void {
  handles.set(store, handle);
}

/** The handle a store recorded, if `store` is one. */
export function findSqliteHandle(store: unknown): (() => SqliteHandle) | undefined {
  return typeof store === "object" && store !== null ? handles.get(store) : undefined;
}
