import type { SqliteMigration } from "@withings-kit/sync/sqlite";

// Frozen once released: change the schema with a new migration, never here. Recorded in
// `service_migrations`, apart from the store's own `schema_migrations`.
const INITIAL = `
-- Every notification the receiver answered, committed before its answer.
CREATE TABLE service_notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at REAL NOT NULL,
  user_id TEXT,
  appli INTEGER,
  startdate INTEGER,
  enddate INTEGER,
  date TEXT,
  deviceid TEXT,
  action TEXT,
  -- queued, recorded, unknown-user, unknown-appli, malformed, revoked, relinked
  outcome TEXT NOT NULL,
  problems TEXT,
  -- The raw form as it came, cut at 2 KB.
  body TEXT NOT NULL
);
CREATE INDEX service_notifications_user ON service_notifications (user_id, id);

-- One job per user: what to sync, coalesced across notifications.
CREATE TABLE service_jobs (
  user_id TEXT NOT NULL PRIMARY KEY,
  -- A JSON array of datasets, or NULL for every dataset.
  datasets TEXT,
  -- 0 a notification, 1 the scheduled catch-up.
  priority INTEGER NOT NULL,
  due_at REAL NOT NULL,
  -- Bumped by every enqueue: a run completes its job only if nothing came in meanwhile.
  version INTEGER NOT NULL,
  -- The earliest instant the merged notifications named (epoch seconds), or NULL, and
  -- the datasets of those notifications (a JSON array), and how many there were.
  hint_from REAL,
  hint_datasets TEXT,
  notifications INTEGER NOT NULL,
  -- Days to reconcile now (a catch-up after downtime), or NULL.
  reconcile_days INTEGER,
  attempts INTEGER NOT NULL,
  holder TEXT,
  lease_until REAL,
  last_error TEXT,
  created_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX service_jobs_due ON service_jobs (priority, due_at, user_id);

-- What the service knows of each user beyond their tokens.
CREATE TABLE service_users (
  user_id TEXT NOT NULL PRIMARY KEY,
  -- linked, revoked (appli 46), token-dead (the refresh was refused)
  status TEXT NOT NULL,
  status_at REAL NOT NULL,
  -- The expiry of the tokens the user had when marked: other tokens mean a new login.
  marked_token_expires_at INTEGER,
  last_notification_at REAL,
  last_sync_at REAL,
  last_error TEXT,
  -- Set by the enrolment page: the study's label and the participant's code in it.
  study TEXT,
  participant_code TEXT
) WITHOUT ROWID;

-- Enrolments on their way through Withings' consent: the OAuth state, single use.
CREATE TABLE service_enrolments (
  state TEXT NOT NULL PRIMARY KEY,
  study TEXT NOT NULL,
  participant_code TEXT NOT NULL,
  created_at REAL NOT NULL
) WITHOUT ROWID;
`;

// When each scheduled task (the catch-up) last ran, so that several processes on one
// database make one between them.
const SCHEDULE = `
CREATE TABLE service_schedule (
  name TEXT NOT NULL PRIMARY KEY,
  last_at REAL NOT NULL
) WITHOUT ROWID;
`;

/**
 * The service's tables in the store's SQLite file: the notification inbox, the job queue
 * and the users' link status. Run with `migrateSqlite(db, SERVICE_MIGRATIONS, { table:
 * "service_migrations" })`, which {@link openServiceDatabase} does.
 *
 * @example
 * ```ts
 * SERVICE_MIGRATIONS.map((m) => m.name); // ["0001-inbox-jobs-users", "0002-schedule"]
 * ```
 */
export const SERVICE_MIGRATIONS: readonly SqliteMigration[] = Object.freeze([
  { name: "0001-inbox-jobs-users", up: INITIAL },
  { name: "0002-schedule", up: SCHEDULE },
]);
