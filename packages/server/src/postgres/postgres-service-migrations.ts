import type { PostgresMigration } from "@withings-kit/sync/postgres";

// Frozen once released: change the schema with a new migration, never here. The same
// tables as SQLite's `0001-inbox-jobs-users`, recorded in `service_migrations`.
const INITIAL = `
CREATE TABLE service_notifications (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at DOUBLE PRECISION NOT NULL,
  user_id TEXT,
  appli INTEGER,
  startdate BIGINT,
  enddate BIGINT,
  date TEXT,
  deviceid TEXT,
  action TEXT,
  outcome TEXT NOT NULL,
  problems TEXT,
  body TEXT NOT NULL
);
CREATE INDEX service_notifications_user ON service_notifications (user_id, id);
CREATE INDEX service_notifications_received ON service_notifications (received_at);

CREATE TABLE service_jobs (
  user_id TEXT NOT NULL PRIMARY KEY,
  datasets TEXT,
  priority INTEGER NOT NULL,
  due_at DOUBLE PRECISION NOT NULL,
  version INTEGER NOT NULL,
  hint_from DOUBLE PRECISION,
  hint_datasets TEXT,
  notifications INTEGER NOT NULL,
  reconcile_days INTEGER,
  attempts INTEGER NOT NULL,
  holder TEXT,
  lease_until DOUBLE PRECISION,
  last_error TEXT,
  created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX service_jobs_due ON service_jobs (priority, due_at, user_id);

CREATE TABLE service_users (
  user_id TEXT NOT NULL PRIMARY KEY,
  status TEXT NOT NULL,
  status_at DOUBLE PRECISION NOT NULL,
  marked_token_expires_at BIGINT,
  last_notification_at DOUBLE PRECISION,
  last_sync_at DOUBLE PRECISION,
  last_error TEXT,
  study TEXT,
  participant_code TEXT
);

CREATE TABLE service_enrolments (
  state TEXT NOT NULL PRIMARY KEY,
  study TEXT NOT NULL,
  participant_code TEXT NOT NULL,
  created_at DOUBLE PRECISION NOT NULL
);
`;

// When each scheduled task (the catch-up) last ran, as SQLite's `0002-schedule`.
const SCHEDULE = `
CREATE TABLE service_schedule (
  name TEXT NOT NULL PRIMARY KEY,
  last_at DOUBLE PRECISION NOT NULL
);
`;

/**
 * The service's tables in a PostgreSQL database, beside the store's: run with
 * `migratePostgres(pool, POSTGRES_SERVICE_MIGRATIONS, { table: "service_migrations" })`,
 * which `PostgresServiceDatabase.open` does.
 *
 * @example
 * ```ts
 * POSTGRES_SERVICE_MIGRATIONS.map((m) => m.name); // ["0001-inbox-jobs-users", "0002-schedule"]
 * ```
 */
export const POSTGRES_SERVICE_MIGRATIONS: readonly PostgresMigration[] = Object.freeze([
  { name: "0001-inbox-jobs-users", up: INITIAL },
  { name: "0002-schedule", up: SCHEDULE },
]);
