// The PostgreSQL parts of @withings-kit/server, on their own subpath so that an SQLite-only
// service never loads `pg`. This file only re-exports.

export { PostgresJobQueue } from "./postgres/postgres-job-queue.js";
export { PostgresNotificationInbox } from "./postgres/postgres-notification-inbox.js";
export { PostgresServiceDatabase } from "./postgres/postgres-service-database.js";
export { POSTGRES_SERVICE_MIGRATIONS } from "./postgres/postgres-service-migrations.js";
export { PostgresServiceUsers } from "./postgres/postgres-service-users.js";
