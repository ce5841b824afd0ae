import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { SqliteSchema } from "./sqlite-schema.js";
import type { SqliteStore } from "./sqlite-store.js";

/**
 * The connection under a {@link SqliteStore}: the better-sqlite3 handle and a Kysely
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
export function keepSqliteHandle(store: SqliteStore, handle: () => SqliteHandle): void {
  handles.set(store, handle);
}

/**
 * The connection of an open {@link SqliteStore}, for sibling packages only: exported by
 * `@withings-kit/sync/internal`, whose API may change in any release. Applications read
 * through `StoreReader` and write through `Store.apply`.
 *
 * @throws {TypeError} `ERR_INVALID_ARG_TYPE` when `store` is not a `SqliteStore`.
 * @throws {StoreError} `STORE_CLOSED` when the store is closed.
 * @example
 * ```ts
 * import { sqliteHandle } from "@withings-kit/sync/internal";
 * const users = new SqliteServiceUsers(sqliteHandle(store).database);
 * ```
 */
export function sqliteHandle(store: SqliteStore): SqliteHandle {
  const handle = typeof store === "object" && store !== null ? handles.get(store) : undefined;
  if (handle === undefined) {
    throw Object.assign(new TypeError("sqliteHandle: store must be a SqliteStore"), {
      code: "ERR_INVALID_ARG_TYPE",
    });
  }
  return handle();
}
