// The PostgreSQL parts of @withings-kit/sync, on their own subpath so that a SQLite-only
// program never loads `pg`. This file only re-exports.

export { PostgresTokenStore } from "./tokens/postgres-token-store.js";
