// The SQLite parts of @withings-kit/sync, on their own subpath so that only a program that
// uses SQLite loads better-sqlite3 and needs its native build. This file only re-exports.

export type { MigrateSqliteOptions, MigrationResultSet } from "./store/sqlite/migrate-sqlite.js";
export { migrateSqlite } from "./store/sqlite/migrate-sqlite.js";
export type { SqliteStoreOptions } from "./store/sqlite/open-sqlite-store.js";
export { openSqliteStore } from "./store/sqlite/open-sqlite-store.js";
export type { SqliteMigration } from "./store/sqlite/sqlite-migration.js";
export { SQLITE_MIGRATIONS } from "./store/sqlite/sqlite-migrations.js";
export type { SqliteSchema, VitalsView } from "./store/sqlite/sqlite-schema.js";
export type { SqliteStoreInit } from "./store/sqlite/sqlite-store.js";
export { SqliteStore } from "./store/sqlite/sqlite-store.js";
export { SqliteTokenStore } from "./tokens/sqlite-token-store.js";
