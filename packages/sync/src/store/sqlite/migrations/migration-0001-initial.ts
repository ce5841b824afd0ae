import type { SqliteMigration } from "../sqlite-migration.js";

// The schema of version 0.1. Frozen: change the schema with a new migration, never here.
// docs/schema.md describes every table and column; a test checks both agree with the row
// layouts in `dataset-tables.ts`.
//
// Layout rules, for every dataset table:
// - `user_id` first, then the `toRows` columns in row order (keys in snake_case), then the
//   columns the store derives: `at` (the main instant, epoch seconds) and key helpers.
// - Primary keys are the API's ids, prefixed by `user_id` (a scale shared by two users
//   has one `deviceid`). WITHOUT ROWID: rows are small and always found by that key, so the
//   table is the key's B-tree and an insert writes one tree instead of two.
// - `<table>_at` indexes (user_id, at, key…) serve `from`/`to` ranges and the keyset paging
//   of `Store.rows`, in that order.
// - Booleans are declared BOOLEAN (NUMERIC affinity) and hold 0/1.
// - No foreign keys between datasets: each dataset syncs on its own cursor and may arrive
//   before the one it refers to (an ECG signal before its recording's list page).
const SQL = `
CREATE TABLE measures (
  user_id TEXT NOT NULL,
  grpid INTEGER NOT NULL,
  type INTEGER NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  raw_value INTEGER NOT NULL,
  raw_unit INTEGER NOT NULL,
  date TEXT,
  local_date TEXT,
  local_time TEXT,
  offset_minutes INTEGER,
  timezone TEXT NOT NULL,
  attrib INTEGER NOT NULL,
  ambiguous BOOLEAN NOT NULL,
  category INTEGER NOT NULL,
  position INTEGER,
  deviceid TEXT,
  model TEXT,
  modelid INTEGER,
  created TEXT,
  modified TEXT,
  known_type BOOLEAN NOT NULL,
  position_key INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, grpid, type, position_key)
) WITHOUT ROWID;
CREATE INDEX measures_at ON measures (user_id, at, grpid, type, position_key);

CREATE TABLE activity (
  user_id TEXT NOT NULL,
  date TEXT NOT NULL,
  timezone TEXT NOT NULL,
  deviceid TEXT,
  hash_deviceid TEXT,
  brand INTEGER,
  is_tracker BOOLEAN,
  model TEXT,
  modelid INTEGER,
  model_name TEXT,
  modified TEXT,
  steps INTEGER,
  distance REAL,
  elevation REAL,
  soft INTEGER,
  moderate INTEGER,
  intense INTEGER,
  active INTEGER,
  calories REAL,
  totalcalories REAL,
  hr_average INTEGER,
  hr_min INTEGER,
  hr_max INTEGER,
  hr_zone_0 INTEGER,
  hr_zone_1 INTEGER,
  hr_zone_2 INTEGER,
  hr_zone_3 INTEGER,
  extra TEXT,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, date)
) WITHOUT ROWID;
CREATE INDEX activity_at ON activity (user_id, at, date);

CREATE TABLE intraday (
  user_id TEXT NOT NULL,
  time TEXT NOT NULL,
  local_date TEXT,
  local_time TEXT,
  offset_minutes INTEGER,
  timezone TEXT NOT NULL,
  deviceid TEXT,
  model TEXT,
  model_id INTEGER,
  steps INTEGER,
  elevation REAL,
  calories REAL,
  distance REAL,
  stroke INTEGER,
  pool_lap INTEGER,
  duration INTEGER,
  heart_rate INTEGER,
  spo2_auto REAL,
  rmssd REAL,
  sdnn1 REAL,
  hrv_quality INTEGER,
  core_body_temperature REAL,
  rr REAL,
  chest_movement_rate REAL,
  extra TEXT,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, at)
) WITHOUT ROWID;

CREATE TABLE workouts (
  user_id TEXT NOT NULL,
  id INTEGER NOT NULL,
  category INTEGER NOT NULL,
  category_key TEXT,
  attrib INTEGER,
  date TEXT,
  timezone TEXT NOT NULL,
  startdate TEXT,
  enddate TEXT,
  local_start_date TEXT,
  local_start_time TEXT,
  local_end_date TEXT,
  local_end_time TEXT,
  duration_seconds INTEGER,
  model INTEGER,
  model_name TEXT,
  deviceid TEXT,
  modified TEXT,
  calories REAL,
  intensity INTEGER,
  manual_intensity INTEGER,
  manual_distance REAL,
  manual_calories REAL,
  hr_average INTEGER,
  hr_min INTEGER,
  hr_max INTEGER,
  hr_zone_0 INTEGER,
  hr_zone_1 INTEGER,
  hr_zone_2 INTEGER,
  hr_zone_3 INTEGER,
  pause_duration INTEGER,
  algo_pause_duration INTEGER,
  spo2_average REAL,
  core_body_temperature_avg REAL,
  core_body_temperature_min REAL,
  core_body_temperature_max REAL,
  steps INTEGER,
  distance REAL,
  elevation REAL,
  pool_laps INTEGER,
  strokes INTEGER,
  pool_length REAL,
  core_body_temperature_status TEXT,
  extra TEXT,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, id)
) WITHOUT ROWID;
CREATE INDEX workouts_at ON workouts (user_id, at, id);

CREATE TABLE sleep_summaries (
  user_id TEXT NOT NULL,
  id INTEGER NOT NULL,
  date TEXT,
  timezone TEXT NOT NULL,
  startdate TEXT,
  enddate TEXT,
  local_start_date TEXT,
  local_start_time TEXT,
  local_end_date TEXT,
  local_end_time TEXT,
  duration_seconds INTEGER,
  model INTEGER,
  model_id INTEGER,
  model_name TEXT,
  hash_deviceid TEXT,
  completed BOOLEAN,
  created TEXT,
  modified TEXT,
  total_timeinbed INTEGER,
  total_sleep_time INTEGER,
  asleepduration INTEGER,
  lightsleepduration INTEGER,
  remsleepduration INTEGER,
  deepsleepduration INTEGER,
  sleep_efficiency REAL,
  sleep_latency INTEGER,
  wakeup_latency INTEGER,
  wakeupduration INTEGER,
  wakeupcount INTEGER,
  waso INTEGER,
  nb_rem_episodes INTEGER,
  breathing_disturbances_intensity REAL,
  apnea_hypopnea_index REAL,
  withings_index REAL,
  durationtosleep INTEGER,
  durationtowakeup INTEGER,
  out_of_bed_count INTEGER,
  hr_average INTEGER,
  hr_min INTEGER,
  hr_max INTEGER,
  rr_average INTEGER,
  rr_min INTEGER,
  rr_max INTEGER,
  breathing_quality_assessment INTEGER,
  snoring INTEGER,
  snoringepisodecount INTEGER,
  sleep_score INTEGER,
  mvt_score_avg REAL,
  mvt_active_duration INTEGER,
  rmssd_start_avg REAL,
  rmssd_end_avg REAL,
  chest_movement_rate_wellness_average REAL,
  chest_movement_rate_wellness_min REAL,
  chest_movement_rate_wellness_max REAL,
  breathing_sounds INTEGER,
  breathing_sounds_episode_count INTEGER,
  chest_movement_rate_average REAL,
  chest_movement_rate_min REAL,
  chest_movement_rate_max REAL,
  core_body_temperature_min REAL,
  core_body_temperature_max REAL,
  core_body_temperature_avg REAL,
  core_body_temperature_status TEXT,
  night_events TEXT,
  extra TEXT,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, id)
) WITHOUT ROWID;
CREATE INDEX sleep_summaries_at ON sleep_summaries (user_id, at, id);

CREATE TABLE sleep (
  user_id TEXT NOT NULL,
  time TEXT NOT NULL,
  local_date TEXT,
  local_time TEXT,
  offset_minutes INTEGER,
  timezone TEXT NOT NULL,
  state INTEGER NOT NULL,
  state_key TEXT,
  segment_start TEXT NOT NULL,
  segment_end TEXT,
  model TEXT,
  model_id INTEGER,
  hash_deviceid TEXT,
  device_class INTEGER,
  hr INTEGER,
  rr INTEGER,
  snoring INTEGER,
  sdnn_1 REAL,
  rmssd REAL,
  hrv_quality INTEGER,
  mvt_score INTEGER,
  chest_movement_rate REAL,
  withings_index REAL,
  breathing_sounds INTEGER,
  at INTEGER NOT NULL,
  segment_start_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, at, segment_start_at)
) WITHOUT ROWID;
CREATE INDEX sleep_segment ON sleep (user_id, segment_start_at);

CREATE TABLE ecg (
  user_id TEXT NOT NULL,
  signalid INTEGER NOT NULL,
  afib INTEGER,
  afib_key TEXT,
  timestamp TEXT,
  local_date TEXT,
  local_time TEXT,
  offset_minutes INTEGER,
  timezone TEXT NOT NULL,
  heart_rate INTEGER,
  systole INTEGER,
  diastole INTEGER,
  model INTEGER,
  model_name TEXT,
  deviceid TEXT,
  modified TEXT,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, signalid)
) WITHOUT ROWID;
CREATE INDEX ecg_at ON ecg (user_id, at, signalid);

-- One row per recording: the samples as one little-endian array (int32, or float64 if a
-- sample is not a 32-bit integer). A 30 s recording is ~9,000 samples: as rows they would
-- be ~9,000 keyed B-tree entries, as one BLOB they are 36 kB read in one step, and a
-- 10-year export holds one recording in memory at a time.
CREATE TABLE ecg_signals (
  user_id TEXT NOT NULL,
  signalid INTEGER NOT NULL,
  sampling_frequency INTEGER,
  wearposition INTEGER,
  heart_rate INTEGER,
  model INTEGER,
  sample_count INTEGER NOT NULL,
  sample_format TEXT NOT NULL CHECK (sample_format IN ('i32le', 'f64le')),
  samples BLOB NOT NULL,
  PRIMARY KEY (user_id, signalid)
);

CREATE TABLE devices (
  user_id TEXT NOT NULL,
  type TEXT,
  model TEXT,
  model_id INTEGER,
  model_name TEXT,
  battery TEXT,
  deviceid TEXT,
  hash_deviceid TEXT,
  timezone TEXT,
  first_session_date TEXT,
  last_session_date TEXT,
  device_key TEXT NOT NULL,
  PRIMARY KEY (user_id, device_key)
) WITHOUT ROWID;

CREATE TABLE goals (
  user_id TEXT NOT NULL,
  goal TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  raw_value INTEGER NOT NULL,
  raw_unit INTEGER NOT NULL,
  PRIMARY KEY (user_id, goal)
) WITHOUT ROWID;

-- Where each dataset's cursor stands, per user; written in the transaction of the rows.
CREATE TABLE sync_state (
  user_id TEXT NOT NULL,
  dataset TEXT NOT NULL,
  cursor INTEGER,
  last_sync_at INTEGER,
  last_reconcile_at INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, dataset)
) WITHOUT ROWID;

-- The OAuth tokens of each user (SqliteTokenStore). Secrets: never logged.
CREATE TABLE tokens (
  user_id TEXT NOT NULL PRIMARY KEY,
  token_user_id TEXT NOT NULL,
  access_token TEXT NOT NULL,
  refresh_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  scope TEXT NOT NULL,
  token_type TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Marks the file as a Withings Kit store ("WKit"), so a foreign database is refused.
PRAGMA application_id = 1464559988;
`;

/**
 * The first schema: a table per dataset, sync state and tokens.
 *
 * @example
 * ```ts
 * migrateSqlite(db, [migration0001Initial]);
 * ```
 */
export const migration0001Initial: SqliteMigration = Object.freeze({
  name: "0001-initial",
  up: SQL,
});
