import { migrateSqlite } from "@withings-kit/sync/sqlite";
import type BetterSqlite3 from "better-sqlite3";
import { SERVICE_MIGRATIONS } from "./service-migrations.js";

/**
 * Brings the service's tables in an SQLite database (the store's file, `sqliteHandle(store).database`)
 * to the newest schema. Throws the store's typed error when it cannot.
 *
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db");
 * openServiceDatabase(sqliteHandle(store).database);
 * ```
 */
export function openServiceDatabase(db: BetterSqlite3.Database): void {
  const { error } = migrateSqlite(db, SERVICE_MIGRATIONS, { table: "service_migrations" });
  if (error !== undefined) throw error;
}
