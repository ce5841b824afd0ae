import type BetterSqlite3 from "better-sqlite3";
import { sleepRecordKey } from "../../_sleep-record-key.js";
import type { SqliteMigration } from "../sqlite-migration.js";

// Frozen once released: change the schema with a new migration, never here.
//
// A sleep detail row was keyed by its minute and its segment's start, so when two devices
// recorded one night with segments starting at the same second, one device's rows
// overwrote the other's. `segment_key` adds the device (see `sleepRecordKey`), computed
// here by the same function the store writes it with. Every stored row had a unique key
// before, so no row collides on the wider key.
const REBUILD = `
CREATE TABLE sleep_0004 (
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
  segment_key TEXT NOT NULL,
  PRIMARY KEY (user_id, at, segment_key)
) WITHOUT ROWID;
INSERT INTO sleep_0004 (user_id, time, local_date, local_time, offset_minutes, timezone, state,
  state_key, segment_start, segment_end, model, model_id, hash_deviceid, device_class, hr, rr,
  snoring, sdnn_1, rmssd, hrv_quality, mvt_score, chest_movement_rate, withings_index,
  breathing_sounds, at, segment_start_at, segment_key)
SELECT user_id, time, local_date, local_time, offset_minutes, timezone, state,
  state_key, segment_start, segment_end, model, model_id, hash_deviceid, device_class, hr, rr,
  snoring, sdnn_1, rmssd, hrv_quality, mvt_score, chest_movement_rate, withings_index,
  breathing_sounds, at, segment_start_at,
  withings_kit_0004_sleep_key(segment_start, model_id, hash_deviceid)
FROM sleep;
DROP TABLE sleep;
ALTER TABLE sleep_0004 RENAME TO sleep;
-- A record's rows (an upsert replaces them, a delete removes them), and the records whose
-- segment starts in a range (a re-read's comparison).
CREATE INDEX sleep_record ON sleep (user_id, segment_key);
CREATE INDEX sleep_segment ON sleep (user_id, segment_start_at, segment_key);
`;

function up(db: BetterSqlite3.Database): void {
  // The key as a function of this connection, so migrated keys are exactly what the store
  // writes for a fresh row (SQL's number-to-text casts differ from JavaScript's).
  db.function(
    "withings_kit_0004_sleep_key",
    { deterministic: true },
    (segmentStart: unknown, modelId: unknown, hashDeviceid: unknown) =>
      sleepRecordKey({ segmentStart, model_id: modelId, hash_deviceid: hashDeviceid }) ?? "",
  );
  db.exec(REBUILD);
}

/**
 * Sleep detail keyed by device as well: two devices' segments that start at the same second
 * are two records.
 *
 * @example
 * ```ts
 * migrateSqlite(db, [...SQLITE_MIGRATIONS.slice(0, 3), migration0004SleepDevice]);
 * ```
 */
export const migration0004SleepDevice: SqliteMigration = Object.freeze({
  name: "0004-sleep-device",
  up,
});
