// The PostgreSQL parts of @withings-kit/sync, on their own subpath so that a SQLite-only
// program never loads `pg`. This file only re-exports.

export type { PostgresRateLimiterOptions } from "./quota/postgres-rate-limiter.js";
export { PostgresRateLimiter } from "./quota/postgres-rate-limiter.js";
export type { QuotaSlices } from "./quota/quota-slices.js";
export { quotaSlices } from "./quota/quota-slices.js";
export type { PostgresMigrationResultSet } from "./store/postgres/migrate-postgres.js";
export { migratePostgres } from "./store/postgres/migrate-postgres.js";
export type { PostgresMigration } from "./store/postgres/postgres-migration.js";
export { POSTGRES_MIGRATIONS } from "./store/postgres/postgres-migrations.js";
export type { PostgresStoreOptions } from "./store/postgres/postgres-store.js";
export { PostgresStore } from "./store/postgres/postgres-store.js";
export type { PostgresTokenStoreOptions } from "./tokens/postgres-token-store.js";
export { PostgresTokenStore } from "./tokens/postgres-token-store.js";
