import type BetterSqlite3 from "better-sqlite3";
import { activitySource } from "../../_activity-source.js";
import type { SqliteMigration } from "../sqlite-migration.js";

// Frozen once released: change the schema with a new migration, never here.
//
// - `measures` gets the key (user_id, grpid, category, type, position_key, occurrence).
//   `position_key` was -1 for a null position, so a real -1 overwrote it: now '' stands for
//   null and a position for itself, as text. `occurrence` numbers the rows of a group that
//   repeat a (category, type, position) (Q10), so none is lost; every stored row had a
//   unique key before, so each is occurrence 0. `category` keeps a grpid that is both an
//   objective and a measure group from overwriting itself.
// - `activity` gets one record per date and source (a tracker and an external step count
//   share a date): `source_key` is `activitySource` of the row, computed here by the same
//   function the store writes it with.
// - `sync_state.meta`: the engine's JSON bookkeeping beside each cursor.
// - `detail_units`: the detail windows parents mark; `sync_locks`: one run per user.
//
// SQLite cannot change a primary key in place: each table is rebuilt (create, copy, drop,
// rename). The `vitals` view reads `measures`, and a rename refuses to run while a view
// names a missing table, so the view is dropped first and recreated as 0002 made it.
const REBUILD = `
DROP VIEW vitals;

CREATE TABLE measures_0003 (
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
  position_key TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, grpid, category, type, position_key, occurrence)
) WITHOUT ROWID;
INSERT INTO measures_0003 (user_id, grpid, type, key, name, value, unit, raw_value, raw_unit, date,
  local_date, local_time, offset_minutes, timezone, attrib, ambiguous, category, position, deviceid,
  model, modelid, created, modified, known_type, position_key, occurrence, at)
SELECT user_id, grpid, type, key, name, value, unit, raw_value, raw_unit, date,
  local_date, local_time, offset_minutes, timezone, attrib, ambiguous, category, position, deviceid,
  model, modelid, created, modified, known_type, withings_kit_0003_position_key(position), 0, at
FROM measures;
DROP TABLE measures;
ALTER TABLE measures_0003 RENAME TO measures;
CREATE INDEX measures_at ON measures (user_id, at, grpid, category, type, position_key, occurrence);

CREATE TABLE activity_0003 (
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
  source_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, date, source_key)
) WITHOUT ROWID;
INSERT INTO activity_0003 (user_id, date, timezone, deviceid, hash_deviceid, brand, is_tracker,
  model, modelid, model_name, modified, steps, distance, elevation, soft, moderate, intense, active,
  calories, totalcalories, hr_average, hr_min, hr_max, hr_zone_0, hr_zone_1, hr_zone_2, hr_zone_3,
  extra, source_key, at)
SELECT user_id, date, timezone, deviceid, hash_deviceid, brand, is_tracker,
  model, modelid, model_name, modified, steps, distance, elevation, soft, moderate, intense, active,
  calories, totalcalories, hr_average, hr_min, hr_max, hr_zone_0, hr_zone_1, hr_zone_2, hr_zone_3,
  extra, withings_kit_0003_activity_source(brand, modelid, hash_deviceid, deviceid), at
FROM activity;
DROP TABLE activity;
ALTER TABLE activity_0003 RENAME TO activity;
CREATE INDEX activity_at ON activity (user_id, at, date, source_key);

-- JSON text (an object), or NULL.
ALTER TABLE sync_state ADD COLUMN meta TEXT;

-- One unit of detail per user, detail dataset and key; see DetailUnit.
CREATE TABLE detail_units (
  user_id TEXT NOT NULL,
  dataset TEXT NOT NULL,
  key TEXT NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  dirty BOOLEAN NOT NULL,
  fetched_at INTEGER,
  settle_at INTEGER,
  PRIMARY KEY (user_id, dataset, key)
) WITHOUT ROWID;
CREATE INDEX detail_units_start ON detail_units (user_id, dataset, start, key);
-- The few units a run must fetch (dirty, or fetched before their detail settled), apart
-- from the thousands that are done: a due list reads only these.
CREATE INDEX detail_units_due ON detail_units (user_id, dataset, start, key)
  WHERE dirty <> 0 OR settle_at IS NOT NULL;

-- The lease of the one run that may sync a user; times in epoch seconds.
CREATE TABLE sync_locks (
  user_id TEXT NOT NULL PRIMARY KEY,
  holder TEXT NOT NULL,
  since REAL NOT NULL,
  expires_at REAL NOT NULL
) WITHOUT ROWID;

CREATE VIEW vitals AS
SELECT
  user_id,
  grpid,
  min(date) AS date,
  min(at) AS at,
  min(local_date) AS local_date,
  min(local_time) AS local_time,
  min(timezone) AS timezone,
  min(attrib) AS attrib,
  max(ambiguous) AS ambiguous,
  min(deviceid) AS deviceid,
  min(model) AS model,
  min(modelid) AS modelid,
  max(CASE WHEN type = 1 AND whole_body THEN value END) AS weight,
  max(CASE WHEN type = 4 AND whole_body THEN value END) AS height,
  max(CASE WHEN type = 5 AND whole_body THEN value END) AS fat_free_mass,
  max(CASE WHEN type = 6 AND whole_body THEN value END) AS fat_ratio,
  max(CASE WHEN type = 8 AND whole_body THEN value END) AS fat_mass,
  max(CASE WHEN type = 9 AND whole_body THEN value END) AS diastolic,
  max(CASE WHEN type = 10 AND whole_body THEN value END) AS systolic,
  max(CASE WHEN type = 11 AND whole_body THEN value END) AS heart_pulse,
  max(CASE WHEN type = 12 AND whole_body THEN value END) AS temperature,
  max(CASE WHEN type = 54 AND whole_body THEN value END) AS spo2,
  max(CASE WHEN type = 71 AND whole_body THEN value END) AS body_temperature,
  max(CASE WHEN type = 73 AND whole_body THEN value END) AS skin_temperature,
  max(CASE WHEN type = 76 AND whole_body THEN value END) AS muscle_mass,
  max(CASE WHEN type = 77 AND whole_body THEN value END) AS hydration,
  max(CASE WHEN type = 88 AND whole_body THEN value END) AS bone_mass,
  max(CASE WHEN type = 91 AND whole_body THEN value END) AS pwv,
  max(CASE WHEN type = 123 AND whole_body THEN value END) AS vo2max,
  max(CASE WHEN type = 155 AND whole_body THEN value END) AS vascular_age,
  max(CASE WHEN type = 168 AND whole_body THEN value END) AS extracellular_water,
  max(CASE WHEN type = 169 AND whole_body THEN value END) AS intracellular_water,
  max(CASE WHEN type = 170 AND whole_body THEN value END) AS visceral_fat,
  max(CASE WHEN type = 226 AND whole_body THEN value END) AS basal_metabolic_rate,
  max(CASE WHEN type = 227 AND whole_body THEN value END) AS metabolic_age
FROM (
  SELECT *, (position IS NULL OR position = 7) AS whole_body FROM measures WHERE category <> 2
)
GROUP BY user_id, grpid;
`;

function up(db: BetterSqlite3.Database): void {
  // The derivations as functions of this connection, so migrated keys are exactly what the
  // store writes for a fresh row (SQL's number-to-text casts differ from JavaScript's).
  db.function("withings_kit_0003_position_key", { deterministic: true }, (position: unknown) =>
    typeof position === "number" ? String(position) : "",
  );
  db.function(
    "withings_kit_0003_activity_source",
    { deterministic: true },
    (brand: unknown, modelid: unknown, hashDeviceid: unknown, deviceid: unknown) =>
      activitySource({ brand, modelid, hash_deviceid: hashDeviceid, deviceid }),
  );
  db.exec(REBUILD);
}

/**
 * Records keyed as the API keys them (measure rows that repeat a type, several activity
 * sources a day), the engine's `meta`, detail units and sync locks.
 *
 * @example
 * ```ts
 * migrateSqlite(db, [migration0001Initial, migration0002VitalsView, migration0003RecordsAndUnits]);
 * ```
 */
export const migration0003RecordsAndUnits: SqliteMigration = Object.freeze({
  name: "0003-records-and-units",
  up,
});
